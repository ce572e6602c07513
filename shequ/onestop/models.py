"""One-stop services (issue #5; SVC-1, SVC-2): the service catalogue, cases handled at the community service
station with their deadline, and the periodic review of minimum-living-allowance recipients."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import ChangeLoggedModel, CommunityRecord, Linked, ProtectedValuesMixin
from shequ.core.querysets import CatalogueQuerySet, RestrictedQuerySet
from shequ.onestop.choices import AllowanceStatus, CaseStatus, ServiceArea, ServicePlace

__all__ = ["AllowanceReview", "ServiceCase", "ServiceItem"]

# Bounds of issue #12 ("implausible values accepted"): the service station and the dynamic review of the minimum
# living allowance are of this century; what happened (acceptance, completion, a review) is not in the future; a
# deadline lies within the longest time limit (365 days) of acceptance, so at most two years ahead.
EARLIEST_YEAR = 2000
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]


class ServiceItem(Linked, ChangeLoggedModel):
    """An item of the city's service catalogue: who handles it, on what conditions, with which materials, within
    how many working days, where (SVC-1)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    area = models.CharField(_("area"), max_length=20, choices=ServiceArea.choices)
    department = models.CharField(_("department"), max_length=100)
    conditions = models.TextField(_("conditions"), blank=True)
    materials = models.TextField(_("materials"), blank=True, help_text=_("One per line."))
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    place = models.CharField(_("where handled"), max_length=20, choices=ServicePlace.choices)
    active = models.BooleanField(_("active"), default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["area", "name"]

    def __str__(self):
        return self.name

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class ServiceCaseQuerySet(RestrictedQuerySet):
    def open(self):
        return self.filter(status__in=CaseStatus.open())

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class ServiceCase(Linked, ProtectedValuesMixin, CommunityRecord):
    """A case (办件) at the community's service station: accepted → processing → completed, or rejected with a
    reason; its deadline follows from the item's time limit."""

    number = models.CharField(_("case number"), max_length=20, unique=True)
    item = models.ForeignKey(ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT, related_name="+")
    applicant_name = models.CharField(_("applicant"), max_length=50)
    applicant_phone_encrypted = models.TextField(blank=True, editable=False)
    applicant_phone_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    applicant_phone_masked = models.CharField(_("applicant's phone"), max_length=20, blank=True, editable=False)
    materials_received = models.JSONField(_("materials received"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACCEPTED)
    accepted_on = models.DateField(_("accepted on"), validators=HAPPENED)
    due_on = models.DateField(_("due on"), validators=[not_before(EARLIEST_YEAR), within_years(future=2)])
    completed_on = models.DateField(_("completed on"), null=True, blank=True, validators=HAPPENED)
    reject_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ServiceCaseQuerySet.as_manager()
    changelog_exclude = ("applicant_phone_encrypted", "applicant_phone_digest")

    class Meta:
        verbose_name = _("service case")
        verbose_name_plural = _("service cases")
        ordering = ["division_code", "-accepted_on", "-id"]

    def __str__(self):
        return f"{self.number} {self.item}"

    def clean(self):
        if self.accepted_on and self.due_on and self.due_on < self.accepted_on:
            raise ValidationError({"due_on": _("A case cannot be due before it is accepted.")})
        if self.accepted_on and self.completed_on and self.completed_on < self.accepted_on:
            raise ValidationError({"completed_on": _("A case cannot be completed before it is accepted.")})

    @property
    def missing_materials(self) -> list[str]:
        return [m for m in self.item.material_list if m not in self.materials_received]

    @property
    def overdue(self) -> bool:
        return self.status in CaseStatus.open() and self.due_on < timezone.localdate()


class AllowanceReviewQuerySet(RestrictedQuerySet):
    def overdue(self, today=None):
        return self.filter(status=AllowanceStatus.ACTIVE, next_review_on__lt=today or timezone.localdate())


class AllowanceReview(Linked, CommunityRecord):
    """A minimum-living-allowance (低保) household's dynamic management: status, the last review and when the
    next is due (SVC-2). Special-care data: only roles with the care duty see it."""

    household = models.ForeignKey(
        "people.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AllowanceStatus.choices, default=AllowanceStatus.ACTIVE
    )
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    review_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    last_review_on = models.DateField(_("last review"), validators=HAPPENED)
    next_review_on = models.DateField(_("next review due"), editable=False)

    objects = AllowanceReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("allowance review")
        verbose_name_plural = _("allowance reviews")
        ordering = ["division_code", "next_review_on"]
        constraints = [models.UniqueConstraint(fields=["household"], name="onestop_allowance_once")]

    def __str__(self):
        return str(self.household)

    def save(self, *args, **kwargs):
        from shequ.core.checks import months_before

        # The next review: `review_months` after the last (months_before with a negative count goes forward).
        self.next_review_on = months_before(self.last_review_on, -self.review_months)
        super().save(*args, **kwargs)
