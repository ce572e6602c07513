"""Community facilities (issue #16; FAC-2): the function-room standard the city sets ("18室1厅1站6栏") as data, and
every community room and space with its ownership, size, opening hours and uses (一室多用), registered by the street
and filed with the district's civil-affairs and state-asset departments."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future
from shequ.core.models import ChangeLoggedModel, CommunityRecord, Linked
from shequ.core.querysets import CatalogueQuerySet
from shequ.facilities.choices import FilingState, FunctionKind, Ownership
from shequ.places.models import LOWEST_FLOOR, MAX_FLOOR_AREA, MAX_FLOORS

__all__ = ["Facility", "FunctionItem", "FunctionStandard"]

# Bounds (issue #12 "implausible values accepted"): community service facilities were registered from the 1990s
# (the community-building reform); registration and filing have happened, so they are not in the future. A room is at
# least 0.01 m² and at most what a dwelling may be (places); a facility has at most 500 rooms; a standard at most 999
# items.
EARLIEST_YEAR = 1990
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]
MAX_ROOMS = 500
MAX_SEQUENCE = 999


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
