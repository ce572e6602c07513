"""Admission of the work handed to communities (issue #15, ADM-1): the admitted items a department may hand to a
community, drafted by the department and published by the city in versions, and the requests that go to
communities through the gate, each citing a published item, with the community's reply or reasoned refusal; and
departments' targets toward communities and the utilities' service points in them (GUAR-2)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.admission.choices import ItemKind, ItemStatus, RequestStatus, TargetStatus, Utility
from shequ.admission.querysets import AdmittedItemQuerySet, CommunityRequestQuerySet, DepartmentTargetQuerySet
from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import CommunityRecord, DivisionRecord, Linked, ScopedModel
from shequ.core.personal import validate_phone

__all__ = ["MAX_FUNDING", "MAX_HOURS", "AdmittedItem", "CommunityRequest", "DepartmentTarget", "ServicePoint"]

# The gate opened with the 2019 lists of community work (清单); a list is published for a few years at most.
EARLIEST_YEAR = 2015
MAX_FUNDING = Decimal("10000000.00")  # per community per year: above it a typing error, not a budget
MAX_HOURS = Decimal("1000.0")  # hours a community spent on one request


class AdmittedItem(Linked, ScopedModel):
    """An item of the admission list (准入事项): what one department may hand to communities, on what legal basis,
    with what funding per community per year (费随事转), for how long. Versioned: a published version is never
    edited; a new version is drafted from it and, once the city publishes it, supersedes it."""

    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("item number"), max_length=30)
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    funding_per_community = models.DecimalField(
        _("funding per community per year (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(MAX_FUNDING)],
    )
    valid_from = models.DateField(_("valid from"), validators=[not_before(EARLIEST_YEAR), within_years(future=2)])
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, validators=[not_before(EARLIEST_YEAR), within_years(future=10)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT, editable=False
    )
    published_on = models.DateField(_("date published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = AdmittedItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("admitted item")
        verbose_name_plural = _("admitted items")
        ordering = ["division_code", "code", "-version"]
        permissions = [("publish_admitteditem", "Can approve and publish admitted items")]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "code", "version"],
                name="admission_admitteditem_unique_version",
                violation_error_message=_("The department already has this version of the item."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}（{self.version}）" if self.version > 1 else f"{self.code} {self.name}"

    def scope_code(self) -> str:
        return self.department.division_code

    def clean(self):
        if self.pk is not None and self.status != ItemStatus.DRAFT:
            raise ValidationError(_("A published item is not edited: draft a new version of it."))
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end of validity lies before its start.")})

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def refusal(self, day: date) -> str | None:
        """Why a request on `day` may not cite this item (unpublished, superseded, withdrawn, not yet or no longer
        valid), in the user's language; None: it may."""
        if self.status == ItemStatus.DRAFT:
            return _("The admitted item “{item}” has not been published by the city.").format(item=self)
        if self.status == ItemStatus.SUPERSEDED:
            return _("The admitted item “{item}” has been superseded by a newer version.").format(item=self)
        if self.status == ItemStatus.WITHDRAWN:
            return _("The admitted item “{item}” has been withdrawn.").format(item=self)
        if day < self.valid_from:
            return _("The admitted item “{item}” is valid only from {day}.").format(item=self, day=self.valid_from)
        if self.valid_until is not None and day > self.valid_until:
            return _("The admitted item “{item}” expired on {day}.").format(item=self, day=self.valid_until)
        return None


class CommunityRequest(Linked, CommunityRecord):
    """A task, inspection, appraisal, meeting notice, ledger or report request a department sends to one community
    through the gate (ADM-1). It cites a published admitted item of the sending department, valid on the day it is
    sent; the community replies (text, a file, the hours it took) or declines with a reason."""

    item = models.ForeignKey(
        AdmittedItem,
        verbose_name=_("admitted item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        help_text=_("Every request cites a published item of the admission list."),
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"), max_length=2000, blank=True)
    sent_on = models.DateField(
        _("sent on"), default=timezone.localdate, validators=[not_before(EARLIEST_YEAR), not_in_future()]
    )
    deadline = models.DateField(
        _("deadline to complete"), null=True, blank=True, validators=[within_years(past=10, future=2)]
    )
    attachment = models.FileField(
        _("attachment"), upload_to="admission/requests/%Y/%m/", blank=True, editable=False, max_length=200
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT, editable=False
    )
    reply = models.TextField(_("reply"), max_length=2000, blank=True, editable=False)
    reply_file = models.FileField(
        _("reply file"), upload_to="admission/replies/%Y/%m/", blank=True, editable=False, max_length=200
    )
    hours = models.DecimalField(
        _("hours spent"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(Decimal("0.0")), MaxValueValidator(MAX_HOURS)],
    )
    replied_on = models.DateField(_("replied on"), null=True, blank=True, editable=False)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True, editable=False)

    objects = CommunityRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to a community")
        verbose_name_plural = _("requests to communities")
        ordering = ["division_code", "-sent_on", "-pk"]
        permissions = [("reply_communityrequest", "Can reply to or decline a request as the community")]

    def __str__(self):
        return self.title

    @property
    def kind(self) -> str:
        return self.item.kind if self.item_id else ""

    def clean(self):
        """The gate (ADM-1): no item, an item not published, not valid on the day, or changed after the reply."""
        if self.pk is not None and self.status != RequestStatus.SENT:
            raise ValidationError(_("A request the community has answered is not changed."))
        if self.item_id is None:
            raise ValidationError(
                {"item": _("Refused: a request to a community must cite a published item of the admission list.")}
            )
        if self.pk is not None and self.item_id == getattr(self, "_loaded_item_id", None):
            self._check_deadline()  # the gate was passed when it was sent
            return
        day = self.sent_on or timezone.localdate()
        refusal = self.item.refusal(day)
        if refusal is not None:
            raise ValidationError({"item": _("Refused: {reason}").format(reason=refusal)})
        self._check_deadline()

    def _check_deadline(self) -> None:
        if self.deadline and self.sent_on and self.deadline < self.sent_on:
            raise ValidationError({"deadline": _("The deadline lies before the day the request is sent.")})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_item_id = instance.__dict__.get("item_id")
        return instance

    def save(self, *args, **kwargs):
        if self.item_id is not None:
            self.department_id = self.item.department_id
        super().save(*args, **kwargs)


# ---- target management (目标管理, GUAR-2) ------------------------------------------------------------------------

MAX_NOTE = 2000


class DepartmentTarget(Linked, DivisionRecord):
    """A department's target toward a community, a street's or a district's communities (目标管理, GUAR-2): what
    is to be achieved, the person answerable for it, by when, where it stands and how far it has come. Written by
    the department's staff and the district or city; read by the street and the community. Overdue is computed
    (`DepartmentTargetQuerySet.overdue`): not done by the deadline."""

    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(MAX_NOTE)])
    owner_name = models.CharField(_("owner"), max_length=50, help_text=_("The person answerable for the target."))
    deadline = models.DateField(_("deadline to reach"), validators=[not_before(EARLIEST_YEAR), within_years(future=5)])
    status = models.CharField(_("status"), max_length=20, choices=TargetStatus.choices, default=TargetStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)], help_text=_("From 0 to 100 per cent.")
    )
    progress_note = models.TextField(_("progress note"), blank=True, validators=[MaxLengthValidator(MAX_NOTE)])

    objects = DepartmentTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("department target")
        verbose_name_plural = _("department targets")
        ordering = ["division_code", "deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "division", "title"],
                name="admission_departmenttarget_unique_title",
                violation_error_message=_("The department already has a target of this title for this division."),
            ),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, day: date | None = None) -> bool:
        return self.status != TargetStatus.DONE and self.deadline < (day or timezone.localdate())

    def clean(self):
        errors = {}
        if self.status == TargetStatus.DONE and self.progress != 100:
            errors["progress"] = _("Progress: a target done is at 100 per cent.")
        elif self.status == TargetStatus.PLANNED and self.progress:
            errors["progress"] = _("Progress: a planned target has not begun; mark it under way.")
        elif self.progress == 100 and self.status != TargetStatus.DONE:
            errors["status"] = _("Status: a target at 100 per cent is done.")
        if self.department_id and self.division_id:
            if not self.division.code.startswith(self.department.division.prefix):
                errors["division"] = _("Division: it lies outside the department's jurisdiction ({division}).").format(
                    division=self.department.division
                )
        if errors:
            raise ValidationError(errors)


# ---- utilities into the community (水电气暖进社区, GUAR-2) ---------------------------------------------------------


class ServicePoint(Linked, CommunityRecord):
    """A utility's service point in a community (水电气暖进社区, GUAR-2): which utility, which company, where, whom
    to call and when it is open. Kept here, beside the departments' targets, because bringing the utilities into
    the community is a target the departments in charge of them set and answer for: they and the district write
    it, the community reads it. The office phone is the company's, not a resident's personal data; it is checked
    as a phone number all the same."""

    utility = models.CharField(_("utility"), max_length=20, choices=Utility.choices)
    company = models.CharField(_("company"), max_length=100)
    place = models.CharField(_("place of the service point"), max_length=200)
    contact_name = models.CharField(_("contact"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20, validators=[validate_phone])
    hours = models.CharField(_("opening hours"), max_length=100, help_text=_("E.g. Mon–Fri 8:30–17:30."))

    class Meta:
        verbose_name = _("utility service point")
        verbose_name_plural = _("utility service points")
        ordering = ["division_code", "utility", "company"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "utility", "company"],
                name="admission_servicepoint_unique_company",
                violation_error_message=_("The company already has a service point of this utility here."),
            ),
        ]

    def __str__(self):
        return f"{self.get_utility_display()} · {self.company}"
