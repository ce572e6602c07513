"""Grid work (issue #5, SVC-8): grid workers assigned to grids and their patrol logs. Incidents found on patrol
become work orders with source "grid" (workorders intake), which a grid worker may handle on the spot."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future
from shequ.core.models import Linked, ScopedModel

__all__ = ["GridWorker", "PatrolLog"]

# Bounds of issue #12 ("implausible values accepted"): grid management began in 2004 (this century, then); a
# worker's start and a patrol are recorded after the fact; one patrol lasts at most a day.
EARLIEST_YEAR = 2000
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]
MAX_PATROL = timedelta(hours=24)


class GridWorker(Linked, ScopedModel):
    grid = models.ForeignKey("regions.Grid", verbose_name=_("grid"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateField(_("since"), null=True, blank=True, validators=HAPPENED)
    active = models.BooleanField(_("active"), default=True)
    scope_parent = "grid"

    class Meta:
        verbose_name = _("grid worker")
        verbose_name_plural = _("grid workers")
        ordering = ["division_code", "grid", "user"]
        constraints = [models.UniqueConstraint(fields=["grid", "user"], name="gridwork_worker_once")]

    def __str__(self):
        return f"{self.user.full_name or self.user.username} · {self.grid}"


class PatrolLog(Linked, ScopedModel):
    """One patrol of a grid: when, by whom, what was seen (and reported as orders)."""

    grid = models.ForeignKey("regions.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("grid worker"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), validators=HAPPENED)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True, validators=HAPPENED)
    notes = models.TextField(_("notes"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    scope_parent = "grid"

    class Meta:
        verbose_name = _("patrol log")
        verbose_name_plural = _("patrol logs")
        ordering = ["division_code", "-started_at"]

    def __str__(self):
        # In the city's time zone: the stored value is UTC, and a title in UTC was eight hours off (issue #13).
        return f"{self.grid} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def clean(self):
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("A patrol cannot end before it starts.")})
        if self.ended_at and self.started_at and self.ended_at - self.started_at > MAX_PATROL:
            raise ValidationError({"ended_at": _("A patrol lasts at most 24 hours.")})
