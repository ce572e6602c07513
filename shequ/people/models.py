"""Households, residents, floating residents, care categories and moves (issue #3; SVC-4, SVC-7).

Personal data follows DESIGN.md §5: ID number, phone and detailed addresses are stored only as SM4-GCM
ciphertext, an HMAC-SM3 blind index and a masked form; special-care details likewise. Residents are fail-closed:
iterating them without `restrict()` raises (AC-2).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from shequ.core import names
from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import CommunityRecord, Linked, ProtectedValuesMixin, ScopedModel
from shequ.core.personal import age_by_year, mask_birth_date
from shequ.people.choices import (
    SENSITIVE_CARE,
    CareCategory,
    Education,
    Employment,
    Ethnicity,
    HouseholdRegistration,
    MaritalStatus,
    MoveKind,
    PoliticalStatus,
    RegistrationType,
    Relation,
    ResidenceStatus,
    Sex,
)
from shequ.people.querysets import CareRecordQuerySet, FloatingRecordQuerySet, ResidentQuerySet
from shequ.regions.counties import validate_community_code, validate_county_code

__all__ = ["CareRecord", "FloatingRecord", "Household", "Resident", "ResidentMove"]

ADULT_AGE = 18
# Bounds of issue #12 ("implausible values accepted"): records of this register describe people alive today, so
# nothing before the founding of the PRC; what happened is not in the future; a residence permit is issued for
# at most a few years (10 allows long-term permits); a care record may be entered up to a year ahead.
EARLIEST_YEAR = 1949
PERMIT_YEARS = 10
CARE_PLANNED_YEARS = 1
CARE_END_YEARS = 10
DISABILITY_GRADES = (1, 4)  # GB/T 26341-2010: grades 一级 to 四级


def protected_fields(name: str, label, *, indexed: bool):
    """The three columns of one protected value: `<name>_encrypted`, `<name>_digest` (if indexed), `<name>_masked`."""
    fields = {
        f"{name}_encrypted": models.TextField(
            format_lazy(_("{label} (encrypted)"), label=label), blank=True, editable=False
        ),
        f"{name}_masked": models.CharField(label, max_length=100, blank=True, editable=False),
    }
    if indexed:
        fields[f"{name}_digest"] = models.CharField(
            format_lazy(_("{label} (index)"), label=label),
            max_length=64,
            blank=True,
            editable=False,
            # A plain index even where a partial unique constraint exists: the planners of both databases use
            # a partial index only when they can prove the query implies its condition, and `IN (…)` is not that.
            db_index=True,
        )
    return fields


class Household(Linked, ProtectedValuesMixin, CommunityRecord):
    """A household (户) in a community, optionally living in a known dwelling."""

    number = models.CharField(_("household number"), max_length=30)
    dwelling = models.ForeignKey(
        "places.Dwelling",
        verbose_name=_("dwelling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
    )
    registration = models.CharField(
        _("household registration"),
        max_length=20,
        choices=HouseholdRegistration.choices,
        default=HouseholdRegistration.LOCAL,
    )
    locals().update(protected_fields("registered_address", _("registered address"), indexed=False))

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["division_code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="people_household_unique_number"),
        ]

    def __str__(self):
        return self.number

    @property
    def head(self):
        return next((r for r in self.members.all() if r.relation == Relation.HEAD), None)


class Resident(Linked, ProtectedValuesMixin, CommunityRecord):
    """A resident. Sex and birth date come from the ID number; minors are flagged from the birth date."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    pinyin_keys = models.CharField(_("pinyin"), max_length=300, blank=True, editable=False)
    locals().update(protected_fields("id_number", _("ID number"), indexed=True))
    locals().update(protected_fields("phone", _("phone"), indexed=True))
    locals().update(protected_fields("address", _("detailed address"), indexed=False))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices, default="01")
    relation = models.CharField(_("relation to head"), max_length=20, choices=Relation.choices, default=Relation.HEAD)
    registration_type = models.CharField(
        _("registration type"), max_length=20, choices=RegistrationType.choices, default=RegistrationType.REGISTERED
    )
    residence_status = models.CharField(
        _("residence status"),
        max_length=20,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.PRESENT,
        db_index=True,
    )
    political_status = models.CharField(
        _("political status"), max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    employment = models.CharField(_("employment status"), max_length=30, choices=Employment.choices, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=20, choices=MaritalStatus.choices, blank=True)

    objects = ResidentQuerySet.as_manager()
    fail_closed = True
    # The birth date follows from the ID number (whose change the log records) and would undo its masking on the
    # change-log pages (issue #12, leak 5).
    changelog_exclude = ("pinyin_keys", "birth_date")

    @classmethod
    def changelog_hidden_fields(cls, user) -> set[str]:
        """Rows written before the birth date left the change log still hold it: never shown beside the masked ID
        (issue #12 leak 5)."""
        return {"birth_date"}

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["division_code", "household_id", "id"]
        indexes = [
            # The register's own order: a community's list page and a street's search read the first rows in
            # order and stop, instead of sorting every resident of the division (bench/README.md).
            models.Index(fields=["division_code", "household", "id"], name="people_resident_in_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"],
                condition=~models.Q(id_number_digest=""),
                name="people_resident_unique_id_number",
            ),
        ]
        permissions = [
            ("view_care", _("Can see care categories")),
            ("view_sensitive_care", _("Can see sensitive care categories")),
            ("unmask_resident", _("Can unmask personal data")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Search keys follow from the name; bulk writers (importer, seeding) set them themselves.
        self.pinyin_keys = names.pinyin_keys(self.name)
        super().save(*args, **kwargs)

    def age_on(self, day: date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def is_minor(self) -> bool:
        return self.age < ADULT_AGE

    @property
    def birth_date_masked(self) -> str:
        """What pages, exports and the API show: the year only, as beside the masked ID number (issue #12)."""
        return mask_birth_date(self.birth_date)

    @property
    def age_this_year(self) -> int | None:
        return age_by_year(self.birth_date)


class FloatingRecord(Linked, ScopedModel):
    """The floating-population details of one resident: origin, arrival, residence permit (SVC-7)."""

    resident = models.OneToOneField(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="floating"
    )
    origin_code = models.CharField(_("origin (county code)"), max_length=6, validators=[validate_county_code])
    arrival_date = models.DateField(_("arrival date"), validators=[not_before(EARLIEST_YEAR), not_in_future()])
    permit_number = models.CharField(_("residence permit number"), max_length=30, blank=True)
    permit_expiry = models.DateField(
        _("permit expiry"),
        null=True,
        blank=True,
        db_index=True,
        validators=[not_before(EARLIEST_YEAR), within_years(future=PERMIT_YEARS)],
    )

    objects = FloatingRecordQuerySet.as_manager()
    scope_parent = "resident"

    class Meta:
        verbose_name = _("floating resident")
        verbose_name_plural = _("floating residents")
        ordering = ["division_code", "permit_expiry"]

    def __str__(self):
        return str(self.resident)

    def clean(self):
        if self.permit_expiry and self.arrival_date and self.permit_expiry < self.arrival_date:
            raise ValidationError({"permit_expiry": _("The permit cannot expire before the arrival date.")})


class CareRecord(Linked, ProtectedValuesMixin, ScopedModel):
    """One care category of one resident (elderly alone, disability, dibao, … and the sensitive ones)."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="care_records"
    )
    category = models.CharField(_("care category"), max_length=30, choices=CareCategory.choices, db_index=True)
    disability_type = models.CharField(_("disability type"), max_length=30, blank=True)
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(DISABILITY_GRADES[0]), MaxValueValidator(DISABILITY_GRADES[1])],
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        validators=[not_before(EARLIEST_YEAR), within_years(future=CARE_PLANNED_YEARS)],
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        validators=[not_before(EARLIEST_YEAR), within_years(future=CARE_END_YEARS)],
    )
    locals().update(protected_fields("detail", _("details"), indexed=False))

    objects = CareRecordQuerySet.as_manager()
    scope_parent = "resident"

    class Meta:
        verbose_name = _("care record")
        verbose_name_plural = _("care records")
        ordering = ["division_code", "category"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "category"], name="people_carerecord_unique_category"),
        ]

    def __str__(self):
        return f"{self.resident} · {self.get_category_display()}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def sensitive(self) -> bool:
        return self.category in SENSITIVE_CARE


class ResidentMove(Linked, ScopedModel):
    """One entry of a resident's history in one community: moved in, moved out, died.

    A move from A to B writes two entries: "moved out (to B)" kept by A and "moved in (from A)" kept by B, so each
    community keeps its own history after the resident's current record has left it (issue #3).
    """

    resident = models.ForeignKey(Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField(_("kind"), max_length=20, choices=MoveKind.choices)
    date = models.DateField(_("date"), validators=[not_before(EARLIEST_YEAR), not_in_future()])
    other_community_code = models.CharField(
        _("other community"), max_length=12, blank=True, validators=[validate_community_code]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    resident_name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("move")
        verbose_name_plural = _("moves")
        ordering = ["division_code", "-date", "-id"]

    def __str__(self):
        return f"{self.resident_name} · {self.get_kind_display()} · {self.date}"
