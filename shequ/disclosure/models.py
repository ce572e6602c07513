"""The monthly disclosure of each community (issue #14 item 6; INFO-1; 社区综合信息发布制度).

On the first of each month a draft per community is compiled from the platform's data for the month before — work
done, open problems, the state of the public services (物业、水、电、气、暖) and survey results — and kept as
`figures`; staff add their text. The street reviews; publishing freezes it: the content's SM3 hash is stored and a PDF
is rendered in the background and kept. A correction is a new version of the same community and month; the version it
replaces stays public, marked superseded with the reason. Nothing published is ever edited (page, API or import).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future
from shequ.core.logging import contains_id_or_mobile
from shequ.core.models import CommunityRecord, Linked
from shequ.disclosure.choices import DisclosureStatus
from shequ.disclosure.querysets import DisclosureQuerySet

__all__ = ["TEXT_FIELDS", "Disclosure"]

EARLIEST_YEAR = 2000
MAX_TEXT = 2000
# The staff's text, one per section of the report (the figures above each are compiled).
TEXT_FIELDS = ("work_notes", "problems_notes", "services_notes", "other_notes")


def _text(label, help_text):
    return models.TextField(label, blank=True, validators=[MaxLengthValidator(MAX_TEXT)], help_text=help_text)


class Disclosure(Linked, CommunityRecord):
    """One version of a community's disclosure for one month."""

    month = models.DateField(
        _("month"),
        validators=[not_before(EARLIEST_YEAR), not_in_future()],
        help_text=_("The first day of the month reported on."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=DisclosureStatus.choices, default=DisclosureStatus.DRAFT, editable=False
    )
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    compiled_at = models.DateTimeField(_("compiled at"), editable=False)
    work_notes = _text(_("work done: remarks"), _("What the figures do not say: the month's main work."))
    problems_notes = _text(_("open problems: remarks"), _("The problems still open and what is being done."))
    services_notes = _text(
        _("public services: remarks"), _("The state of property, water, electricity, gas and heating services.")
    )
    other_notes = _text(_("other matters"), _("Anything else residents should know."))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    content_hash = models.CharField(_("content hash (SM3)"), max_length=64, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to="disclosures/%Y/%m/", blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="corrections",
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=300, blank=True, editable=False)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True, editable=False)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly disclosure")
        verbose_name_plural = _("monthly disclosures")
        ordering = ["-month", "division_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["community", "month", "version"], name="disclosure_unique_version")
        ]
        permissions = [
            ("review_disclosure", _("Can review a monthly disclosure (street)")),
            ("publish_disclosure", _("Can publish a monthly disclosure (street)")),
        ]

    def __str__(self):
        name = self.community.name if self.community_id else ""
        label = _("%(community)s %(month)s disclosure") % {"community": name, "month": f"{self.month:%Y-%m}"}
        return f"{label} v{self.version}" if self.version > 1 else label

    @property
    def editable(self) -> bool:
        return self.status == DisclosureStatus.DRAFT

    def clean(self):
        """Only a draft is edited (a reviewed one is sent back first; a published one is corrected by a new
        version); no resident's ID or mobile number in the text that will be published (PI-7)."""
        super().clean()
        if self.pk and type(self).objects.filter(pk=self.pk).exclude(status=DisclosureStatus.DRAFT).exists():
            raise ValidationError(
                _("Only a draft disclosure can be edited: a published one is corrected by a new version.")
            )
        errors = {
            name: _("Remove the ID or mobile number: a disclosure is public.")
            for name in TEXT_FIELDS
            if contains_id_or_mobile(getattr(self, name) or "")
        }
        if errors:
            raise ValidationError(errors)
