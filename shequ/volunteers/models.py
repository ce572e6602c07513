"""Volunteers (issue #4, ORG-5): registration, teams, activities and verified service hours per community."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.context import current_change_context
from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import CommunityRecord, Linked, ScopedModel
from shequ.people.links import check_resident_in, resident_link

__all__ = ["ServiceRecord", "Volunteer", "VolunteerActivity", "VolunteerTeam"]

# Bounds of issue #12 ("service on 9999-12-31"): volunteer registration in China began in the 1990s; a registration
# and the service done are not in the future; an activity may be planned up to a year ahead.
EARLIEST_YEAR = 1990
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]
PLANNED = [not_before(EARLIEST_YEAR), within_years(future=1)]


class Volunteer(Linked, CommunityRecord):
    """A registered volunteer (志愿者注册), optionally a resident of the community."""

    name = models.CharField(_("name"), max_length=50)
    resident = resident_link()
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    registered_on = models.DateField(_("registered on"), validators=HAPPENED)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["division_code", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.community_id:
            check_resident_in(self, self.community.code)


class VolunteerTeam(Linked, CommunityRecord):
    name = models.CharField(_("name"), max_length=100)
    leader_name = models.CharField(_("leader"), max_length=50, blank=True)
    members = models.ManyToManyField(Volunteer, verbose_name=_("members"), blank=True, related_name="teams")

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["division_code", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="volunteers_team_name_once")]

    def __str__(self):
        return self.name


class VolunteerActivity(Linked, CommunityRecord):
    title = models.CharField(_("title"), max_length=100)
    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(_("held on"), validators=PLANNED)
    place = models.CharField(_("place"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["division_code", "-held_on"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.team_id and self.community_id and self.team.community_id != self.community_id:
            raise ValidationError({"team": _("The team belongs to another community.")})


class ServiceRecord(Linked, ScopedModel):
    """Hours a volunteer served, verified by a member of staff before they count."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="service_records"
    )
    activity = models.ForeignKey(
        VolunteerActivity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_records",
    )
    served_on = models.DateField(_("served on"), validators=HAPPENED)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    scope_parent = "volunteer"

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["division_code", "-served_on"]

    def __str__(self):
        return f"{self.volunteer} {self.served_on:%Y-%m-%d} {self.hours}h"

    def clean(self):
        if self.activity_id and self.volunteer_id and self.activity.community_id != self.volunteer.community_id:
            raise ValidationError({"activity": _("The activity belongs to another community.")})

    def save(self, *args, **kwargs):
        """Whoever marks the hours verified (the writer of the change context) is recorded as the verifier."""
        if not self.verified:
            self.verified_by = None
        elif self.verified_by_id is None:
            context = current_change_context()
            user = getattr(context, "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                self.verified_by_id = user.pk
        super().save(*args, **kwargs)
