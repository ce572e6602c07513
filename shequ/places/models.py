"""Places: residential areas (小区), buildings, dwellings and rentals (issue #3; SVC-4, ORG-4 building heads)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import add_years, not_before, within_years
from shequ.core.models import CommunityRecord, Linked, ScopedModel
from shequ.places.choices import DwellingUse, RentalRegistration

__all__ = ["Building", "Dwelling", "Rental", "ResidentialArea"]

# Bounds of issue #12 ("implausible values accepted"), the same as the importers': the tallest buildings have about
# 160 floors; a building has at most 50 units (单元); a dwelling is at most 10 floors underground and 100,000 m².
# A lease runs at most 20 years (Civil Code art. 705) and is entered at most a year before it starts; private rental
# registration dates from the reform era.
MAX_FLOORS = 200
MAX_UNITS = 50
LOWEST_FLOOR = -10
MAX_FLOOR_AREA = 100000
LEASE_YEARS = 20
RENTAL_EARLIEST_YEAR = 1980


class ResidentialArea(Linked, CommunityRecord):
    """A residential area (小区) with its enclosed-management status."""

    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    enclosed = models.BooleanField(_("enclosed management"), default=False)

    class Meta:
        verbose_name = _("residential area")
        verbose_name_plural = _("residential areas")
        ordering = ["division_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="places_residentialarea_unique_name"),
        ]

    def __str__(self):
        return self.name


class Building(Linked, CommunityRecord):
    """A building (楼栋); every building should have a building head (ORG-4)."""

    area = models.ForeignKey(
        ResidentialArea,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buildings",
    )
    number = models.CharField(_("building number"), max_length=30)
    floors = models.PositiveSmallIntegerField(
        _("floors"), validators=[MinValueValidator(1), MaxValueValidator(MAX_FLOORS)], null=True, blank=True
    )
    units = models.PositiveSmallIntegerField(
        _("units"), validators=[MinValueValidator(1), MaxValueValidator(MAX_UNITS)], null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["division_code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "area", "number"],
                condition=models.Q(area__isnull=False),
                name="places_building_unique_number_in_area",
            ),
            models.UniqueConstraint(
                fields=["community", "number"],
                condition=models.Q(area__isnull=True),
                name="places_building_unique_number_outside_areas",
            ),
        ]

    def __str__(self):
        return f"{self.area.name} {self.number}" if self.area_id else self.number


class Dwelling(Linked, ScopedModel):
    """A dwelling (房屋): unit / floor / room of a building, with its use."""

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="dwellings"
    )
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    floor = models.SmallIntegerField(
        _("floor"),
        null=True,
        blank=True,
        validators=[MinValueValidator(LOWEST_FLOOR), MaxValueValidator(MAX_FLOORS)],
    )
    room = models.CharField(_("room"), max_length=20)
    floor_area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_FLOOR_AREA)],
    )
    use = models.CharField(_("use"), max_length=20, choices=DwellingUse.choices, default=DwellingUse.OWNER_OCCUPIED)
    scope_parent = "building"

    class Meta:
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")
        ordering = ["division_code", "building", "unit", "room"]
        constraints = [
            models.UniqueConstraint(fields=["building", "unit", "room"], name="places_dwelling_unique_room"),
        ]

    def __str__(self):
        unit = f"{self.unit}单元" if self.unit else ""
        return f"{self.building} {unit}{self.room}"


class Rental(Linked, ScopedModel):
    """A rental of a dwelling (出租房): landlord, tenant household, dates, registration status."""

    dwelling = models.ForeignKey(Dwelling, verbose_name=_("dwelling"), on_delete=models.PROTECT, related_name="rentals")
    landlord_name = models.CharField(_("landlord"), max_length=50)
    tenant_household = models.ForeignKey(
        "people.Household",
        verbose_name=_("tenant household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rentals",
    )
    start_date = models.DateField(
        _("start date"), validators=[not_before(RENTAL_EARLIEST_YEAR), within_years(future=1)]
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        validators=[not_before(RENTAL_EARLIEST_YEAR), within_years(future=LEASE_YEARS + 1)],
    )
    registration = models.CharField(
        _("registration status"),
        max_length=20,
        choices=RentalRegistration.choices,
        default=RentalRegistration.REGISTERED,
    )
    scope_parent = "dwelling"

    class Meta:
        verbose_name = _("rental")
        verbose_name_plural = _("rentals")
        ordering = ["division_code", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="places_rental_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.dwelling} · {self.landlord_name}"

    def clean(self):
        if not (self.start_date and self.end_date):
            return
        if self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The rental cannot end before it starts.")})
        if self.end_date > add_years(self.start_date, LEASE_YEARS):
            raise ValidationError({"end_date": _("A lease runs at most 20 years (Civil Code art. 705).")})
