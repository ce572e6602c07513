"""Community affairs (issue #17, SVC-6): visits to households (走访) and the public-sentiment diary (民情日记)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future
from shequ.core.models import CommunityRecord, Linked

__all__ = ["SentimentEntry", "Visit"]

# Bounds of issue #12 ("implausible values accepted"): this platform keeps this century's records; a visit and a
# diary entry are written after the fact.
EARLIEST_YEAR = 2000
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]


class Visit(Linked, CommunityRecord):
    """A visit (走访) by a community worker to a household of the community, with what was learnt (SVC-6)."""

    household = models.ForeignKey(
        "people.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("visited on"), validators=HAPPENED)
    visitor_name = models.CharField(_("visitor"), max_length=50)
    summary = models.TextField(_("what was learnt"), blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["division_code", "-visited_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "visited_on", "visitor_name"], name="affairs_visit_unique_visit"
            )
        ]

    def __str__(self):
        return f"{self.household} {self.visited_on:%Y-%m-%d}"

    def clean(self):
        if self.household_id and self.community_id and self.household.community_id != self.community_id:
            raise ValidationError({"household": _("The household belongs to another community.")})


class SentimentEntry(Linked, CommunityRecord):
    """An entry of the public-sentiment diary (民情日记): what a member of staff heard, with tags (SVC-6)."""

    written_on = models.DateField(_("written on"), validators=HAPPENED)
    author_name = models.CharField(_("written by"), max_length=50)
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"))
    tags = models.CharField(_("tags"), max_length=200, blank=True, help_text=_("Separated by commas."))

    class Meta:
        verbose_name = _("sentiment diary entry")
        verbose_name_plural = _("sentiment diary entries")
        ordering = ["division_code", "-written_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "written_on", "title"], name="affairs_sentimententry_unique_title"
            )
        ]

    def __str__(self):
        return self.title
