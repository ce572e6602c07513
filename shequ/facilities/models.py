"""Community facilities (issue #16): the function-room standard the city sets ("18室1厅1站6栏") as data, and every
community room and space with its ownership, size, opening hours and uses (一室多用), registered by the street and
filed with the district's civil-affairs and state-asset departments (FAC-2); the planning acceptance of new and
renovated residential areas with the four same-time steps and the supporting fee (FAC-1); the upkeep issues of
residential areas against 路平、灯明、水通、安全、卫生 until fixed (FAC-3)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import ChangeLoggedModel, CommunityRecord, Linked, ScopedModel
from shequ.core.querysets import CatalogueQuerySet
from shequ.facilities.choices import FilingState, FunctionKind, IssueSource, Ownership, ProjectKind, UpkeepStandard
from shequ.places.models import LOWEST_FLOOR, MAX_FLOOR_AREA, MAX_FLOORS

__all__ = ["Facility", "FacilityPhoto", "FunctionItem", "FunctionStandard", "PlanningProject", "UpkeepIssue"]

# Bounds (issue #12 "implausible values accepted"): community service facilities were registered from the 1990s
# (the community-building reform); registration and filing have happened, so they are not in the future. A room is at
# least 0.01 m² and at most what a dwelling may be (places); a facility has at most 500 rooms; a standard at most 999
# items.
EARLIEST_YEAR = 1990
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]
MAX_ROOMS = 500
MAX_SEQUENCE = 999
# A project's steps are planned up to five years ahead; a residential area has at most 100,000 households; a supporting
# fee is at most ¥10 billion.
PLANNED = [not_before(EARLIEST_YEAR), within_years(future=5)]
MAX_HOUSEHOLDS = 100000
MAX_FEE = Decimal("9999999999.99")
AREA = [MinValueValidator(0), MaxValueValidator(MAX_FLOOR_AREA)]
FEE = [MinValueValidator(0), MaxValueValidator(MAX_FEE)]


class FunctionStandard(Linked, ChangeLoggedModel):
    """A function-room standard the city sets for every community, e.g. "18室1厅1站6栏" (FAC-2). Its items are data
    the city enters (`FunctionItem`); the gaps check measures each community against the one standard in force."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True, help_text=_("The document that sets it."))
    in_force = models.BooleanField(_("in force"), default=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("function-room standard")
        verbose_name_plural = _("function-room standards")
        ordering = ["-in_force", "name"]
        # One standard in force is checked in clean() (forms, API and imports alike): a partial unique index would
        # answer on the API with DRF's generic "already exists" instead of the rule.

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.in_force
            and FunctionStandard.objects.filter(in_force=True).exclude(pk=self.pk).exclude(name=self.name).exists()
        ):
            raise ValidationError({"in_force": _("Another standard is in force; take it out of force first.")})


class FunctionItem(Linked, ChangeLoggedModel):
    """One item of a standard: a room, the hall, the station or a notice board (FAC-2), e.g. 党员活动室."""

    standard = models.ForeignKey(
        FunctionStandard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="items"
    )
    sequence = models.PositiveSmallIntegerField(
        _("sequence"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_SEQUENCE)]
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FunctionKind.choices, default=FunctionKind.ROOM)
    name = models.CharField(_("name"), max_length=100)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("function item")
        verbose_name_plural = _("function items")
        ordering = ["standard", "sequence", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "name"],
                name="facilities_functionitem_unique_name",
                violation_error_message=_("The standard already has an item of this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Facility(Linked, CommunityRecord):
    """A community room or space (社区用房) with its ownership, floor area, floor, rooms, opening hours and uses — one
    room may serve several functions (一室多用) — registered by the street office and filed with the district's
    civil-affairs and state-asset departments (FAC-2). `filing_state` follows from the dates."""

    name = models.CharField(_("name"), max_length=100)
    building = models.ForeignKey(
        "places.Building",
        verbose_name=_("building"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    ownership = models.CharField(_("ownership"), max_length=10, choices=Ownership.choices, default=Ownership.OWNED)
    floor_area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_FLOOR_AREA)],
    )
    floor = models.SmallIntegerField(
        _("floor"), null=True, blank=True, validators=[MinValueValidator(LOWEST_FLOOR), MaxValueValidator(MAX_FLOORS)]
    )
    rooms = models.PositiveSmallIntegerField(
        _("rooms"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_ROOMS)]
    )
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    uses = models.ManyToManyField(FunctionItem, verbose_name=_("uses"), blank=True, related_name="facilities")
    registered_on = models.DateField(_("registered by the street on"), validators=HAPPENED)
    civil_affairs_filed_on = models.DateField(
        _("filed with civil affairs on"), null=True, blank=True, validators=HAPPENED
    )
    state_assets_filed_on = models.DateField(
        _("filed with state assets on"), null=True, blank=True, validators=HAPPENED
    )
    filing_state = models.CharField(
        _("filing state"), max_length=20, choices=FilingState.choices, default=FilingState.REGISTERED, editable=False
    )

    class Meta:
        verbose_name = _("community facility")
        verbose_name_plural = _("community facilities")
        ordering = ["division_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="facilities_facility_unique_name",
                violation_error_message=_("The community already has a facility of this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.building_id and self.community_id:
            if self.building.community_id != self.community_id:
                errors["building"] = _("The building belongs to another community.")
            elif self.floor is not None and self.building.floors and self.floor > self.building.floors:
                errors["floor"] = _("The building has only {floors} floors.").format(floors=self.building.floors)
        for name in ("civil_affairs_filed_on", "state_assets_filed_on"):
            filed = getattr(self, name)
            if filed and self.registered_on and filed < self.registered_on:
                errors[name] = _("A facility is filed after the street registers it ({day}).").format(
                    day=f"{self.registered_on:%Y-%m-%d}"
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """The filing state is read off the two filing dates (FAC-2), never entered."""
        filed = sum(day is not None for day in (self.civil_affairs_filed_on, self.state_assets_filed_on))
        self.filing_state = (FilingState.REGISTERED, FilingState.PARTLY_FILED, FilingState.FILED)[filed]
        super().save(*args, **kwargs)


MAX_PHOTOS = 12


class FacilityPhoto(models.Model):
    """A photo of a community facility (FAC-2: 照片), a JPEG or PNG re-encoded on arrival as JPEG so that no EXIF
    data is kept (`facilities.photos`). Served only to users who may see the facility (`facilities:photo`), never
    as a public media file; at most `MAX_PHOTOS` per facility."""

    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to="facilities/photos/%Y/%m/")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("facility photo")
        verbose_name_plural = _("facility photos")
        ordering = ["id"]

    def __str__(self):
        return self.file.name


class PlanningProject(Linked, CommunityRecord):
    """A new residential area or an old-area renovation under planning acceptance (FAC-1): the community housing and
    public-service facilities its plan must provide (the area the planning code requires, entered as data, and the
    area planned), the four "same-time" steps — designed, approved, built and accepted together, then handed over —
    with their dates and documents, and, where no community housing is built, the infrastructure supporting fee
    assessed and collected into the dedicated account (收支两条线，专户，专款专用)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.NEW_AREA)
    area = models.ForeignKey(
        "places.ResidentialArea",
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    developer = models.CharField(_("developer"), max_length=100, blank=True)
    households = models.PositiveIntegerField(
        _("households planned"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOUSEHOLDS)],
    )
    required_area = models.DecimalField(
        _("community housing required (m²)"),
        max_digits=8,
        decimal_places=2,
        validators=AREA,
        help_text=_("As the residential-area planning code (GB 50180) requires for this project."),
    )
    planned_area = models.DecimalField(
        _("community housing planned (m²)"), max_digits=8, decimal_places=2, default=Decimal("0.00"), validators=AREA
    )
    designed_on = models.DateField(_("designed on"), null=True, blank=True, validators=PLANNED)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, validators=PLANNED)
    built_on = models.DateField(_("built on"), null=True, blank=True, validators=PLANNED)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, validators=PLANNED)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True, validators=PLANNED)
    documents = models.TextField(
        _("documents"), max_length=2000, blank=True, help_text=_("The document numbers of the steps, one per line.")
    )
    fee_assessed = models.DecimalField(
        _("supporting fee assessed (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=FEE
    )
    fee_collected = models.DecimalField(
        _("supporting fee collected (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0.00"), validators=FEE
    )
    fee_collected_on = models.DateField(_("fee collected on"), null=True, blank=True, validators=HAPPENED)
    fee_account = models.CharField(_("dedicated account"), max_length=100, blank=True)
    fee_entry = models.ForeignKey(
        "funding.Entry",
        verbose_name=_("ledger entry of the fee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The fee's posting to the street's funding ledger, once posted."),
    )

    STEPS = ("designed_on", "approved_on", "built_on", "accepted_on")

    class Meta:
        verbose_name = _("planning project")
        verbose_name_plural = _("planning projects")
        ordering = ["division_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="facilities_planningproject_unique_name",
                violation_error_message=_("The community already has a project of this name."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def steps_done(self) -> int:
        """How many of the four same-time steps have their date."""
        return sum(getattr(self, step) is not None for step in self.STEPS)

    @property
    def housing_short(self) -> bool:
        """Whether the community housing planned falls short of what the code requires: the fee is then due."""
        return self.planned_area < self.required_area

    def clean(self):
        errors = {}
        if self.area_id and self.community_id and self.area.community_id != self.community_id:
            errors["area"] = _("The residential area belongs to another community.")
        previous = None
        for name in (*self.STEPS, "handed_over_on"):
            day = getattr(self, name)
            if day is None:
                continue
            if previous is not None and day < getattr(self, previous):
                errors[name] = _("Not before the previous step ({day}).").format(
                    day=f"{getattr(self, previous):%Y-%m-%d}"
                )
            previous = name
        if self.handed_over_on and not self.accepted_on:
            errors["handed_over_on"] = _("A project is handed over after its acceptance.")
        if self.required_area is not None and self.planned_area is not None and not self.housing_short:
            if self.fee_assessed:
                errors["fee_assessed"] = _("No supporting fee where the community housing required is planned.")
        if self.fee_collected:
            if self.fee_assessed is None or self.fee_collected > self.fee_assessed:
                errors["fee_collected"] = _("More than the fee assessed.")
            if not self.fee_collected_on:
                errors["fee_collected_on"] = _("Give the day the fee was collected.")
            if not self.fee_account:
                errors["fee_account"] = _("Name the dedicated account the fee is paid into.")
        if self.pk and self.fee_entry_id and not errors:
            stored = type(self).objects.unscoped("a posted fee is kept").filter(pk=self.pk).first()
            fee = ("fee_collected", "fee_collected_on", "fee_account")
            if stored is not None and any(getattr(stored, name) != getattr(self, name) for name in fee):
                errors["fee_collected"] = _(
                    "The fee is posted to the funding ledger: correct it there by a reversal, not here."
                )
        if errors:
            raise ValidationError(errors)


class UpkeepIssue(Linked, ScopedModel):
    """An issue of a residential area's daily upkeep against one of 路平、灯明、水通、安全、卫生 (FAC-3), found on an
    inspection or reported as a work order, tracked until it is fixed."""

    area = models.ForeignKey(
        "places.ResidentialArea", verbose_name=_("residential area"), on_delete=models.PROTECT, related_name="+"
    )
    standard = models.CharField(_("upkeep standard"), max_length=20, choices=UpkeepStandard.choices)
    source = models.CharField(_("source"), max_length=20, choices=IssueSource.choices, default=IssueSource.INSPECTION)
    reference = models.CharField(
        _("reference"), max_length=50, blank=True, help_text=_("The work order's number or the inspection's record.")
    )
    description = models.CharField(_("description"), max_length=500)
    found_on = models.DateField(_("found on"), validators=HAPPENED)
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True, validators=HAPPENED)
    fix_note = models.CharField(_("how it was fixed"), max_length=500, blank=True)
    scope_parent = "area"

    class Meta:
        verbose_name = _("upkeep issue")
        verbose_name_plural = _("upkeep issues")
        ordering = ["division_code", "-found_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "standard", "found_on", "description"],
                name="facilities_upkeepissue_unique_report",
                violation_error_message=_("This issue is recorded already."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.get_standard_display()} {self.found_on:%Y-%m-%d}"

    def clean(self):
        errors = {}
        if self.fixed_on and self.found_on and self.fixed_on < self.found_on:
            errors["fixed_on"] = _("Not before the day it was found ({day}).").format(day=f"{self.found_on:%Y-%m-%d}")
        if self.source == IssueSource.WORK_ORDER and not self.reference:
            errors["reference"] = _("Give the work order's number.")
        elif self.source == IssueSource.WORK_ORDER and self.area_id:
            from shequ.workorders.models import WorkOrder

            order = WorkOrder.objects.unscoped("an upkeep issue names its order").filter(number=self.reference)
            if not order.filter(community_id=self.area.community_id).exists():
                errors["reference"] = _("No work order {number} in this residential area's community.").format(
                    number=self.reference
                )
        if errors:
            raise ValidationError(errors)
