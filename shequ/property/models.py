"""Property management (issue #16; PROP-1): owners' committees per residential area with their guided elections and
terms, and property-service contracts with the company's credit code, how it was selected, and the "four openings"
(四公开: content, standard, fees, use of fees). A published contract is never changed: a new version replaces it.
Areas without regular property management run their basic services themselves, charged per household at cost
(PROP-2)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.dates import not_before, not_in_future, within_years
from shequ.core.models import CommunityRecord, Linked, ScopedModel
from shequ.organizations.validators import validate_credit_code
from shequ.places.models import MAX_FLOOR_AREA
from shequ.property.choices import BasicService, Selection
from shequ.workorders.choices import PROPERTY_UNIT_KINDS

__all__ = ["Collection", "CostItem", "OwnersCommittee", "PropertyLiaison", "SelfManagedArea", "ServiceContract"]

# Bounds (issue #12): owners' committees date from the 1994 property regulations; an election and a publication have
# happened; a term or a contract is planned at most five years ahead; an area has at most 100,000 households and a
# committee at most 50 members.
EARLIEST_YEAR = 1994
HAPPENED = [not_before(EARLIEST_YEAR), not_in_future()]
PLANNED = [not_before(EARLIEST_YEAR), within_years(future=5)]
MAX_HOUSEHOLDS = 100000
MAX_MEMBERS = 50
COUNT = [MinValueValidator(0), MaxValueValidator(MAX_HOUSEHOLDS)]
FOUR_OPENINGS = ("service_content", "service_standard", "fees", "use_of_fees")


class OwnersCommittee(Linked, ScopedModel):
    """An owners' committee (业主委员会) of one residential area: the guided election — the electorate by households
    and by floor area, turnout and result — and the term (PROP-1)."""

    area = models.ForeignKey(
        "places.ResidentialArea", verbose_name=_("residential area"), on_delete=models.PROTECT, related_name="+"
    )
    elected_on = models.DateField(_("elected on"), validators=HAPPENED)
    term_start = models.DateField(_("term start"), validators=PLANNED)
    term_end = models.DateField(_("term end"), null=True, blank=True, validators=PLANNED)
    electorate_households = models.PositiveIntegerField(_("households entitled to vote"), validators=COUNT)
    electorate_area = models.DecimalField(
        _("floor area entitled to vote (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_FLOOR_AREA * 100)],
    )
    voted_households = models.PositiveIntegerField(_("households voting"), validators=COUNT)
    director_name = models.CharField(_("director"), max_length=50, blank=True)
    members = models.PositiveSmallIntegerField(
        _("members"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MEMBERS)]
    )
    guided_by = models.CharField(_("guided by"), max_length=100, blank=True)
    scope_parent = "area"

    class Meta:
        verbose_name = _("owners' committee")
        verbose_name_plural = _("owners' committees")
        ordering = ["division_code", "area", "-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "term_start"],
                name="property_ownerscommittee_unique_term",
                violation_error_message=_("The area has a committee term starting that day already."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.term_start:%Y-%m-%d}"

    @property
    def turnout(self):
        """Households voting per household entitled, in per cent (one decimal), or None."""
        if not self.electorate_households:
            return None
        return round(100 * self.voted_households / self.electorate_households, 1)

    def clean(self):
        errors = {}
        if self.voted_households is not None and self.electorate_households is not None:
            if self.voted_households > self.electorate_households:
                errors["voted_households"] = _("More households voting than entitled to vote ({n}).").format(
                    n=self.electorate_households
                )
        if self.term_start and self.elected_on and self.term_start < self.elected_on:
            errors["term_start"] = _("A term starts on or after the election ({day}).").format(
                day=f"{self.elected_on:%Y-%m-%d}"
            )
        if self.term_end and self.term_start and self.term_end <= self.term_start:
            errors["term_end"] = _("A term ends after it starts.")
        if errors:
            raise ValidationError(errors)


class ServiceContract(Linked, ScopedModel):
    """A property-service contract of one residential area (PROP-1): the company, its unified social credit code
    (GB 32100), how it was selected, the term and the four openings (四公开) — content, standard, fees and use of
    fees — each required (FOUR_OPENINGS). Once published a contract is not edited: a new version supersedes it,
    the old one kept."""

    area = models.ForeignKey(
        "places.ResidentialArea", verbose_name=_("residential area"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveSmallIntegerField(
        _("version"), default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    company_name = models.CharField(_("property company"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, validators=[validate_credit_code])
    selection = models.CharField(
        _("selected by"), max_length=20, choices=Selection.choices, default=Selection.PUBLIC_TENDER
    )
    selected_on = models.DateField(_("selected on"), validators=HAPPENED)
    starts_on = models.DateField(_("starts on"), validators=PLANNED)
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=PLANNED)
    service_content = models.TextField(_("service content"), max_length=2000)
    service_standard = models.TextField(_("service standard"), max_length=2000)
    fees = models.TextField(_("fees"), max_length=2000)
    use_of_fees = models.TextField(_("use of fees"), max_length=2000)
    published_on = models.DateField(_("published on"), null=True, blank=True, validators=HAPPENED)
    scope_parent = "area"

    class Meta:
        verbose_name = _("property-service contract")
        verbose_name_plural = _("property-service contracts")
        ordering = ["division_code", "area", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "version"],
                name="property_servicecontract_unique_version",
                violation_error_message=_("The area has a contract of this version already."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.company_name} v{self.version}"

    def clean(self):
        errors = {}
        if self.selected_on and self.starts_on and self.starts_on < self.selected_on:
            errors["starts_on"] = _("A contract starts on or after the selection ({day}).").format(
                day=f"{self.selected_on:%Y-%m-%d}"
            )
        if self.ends_on and self.starts_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _("A contract ends after it starts.")
        if self.pk and not errors:
            stored = ServiceContract.objects.unscoped("published contracts are kept").filter(pk=self.pk).first()
            if stored is not None and stored.published_on and stored.snapshot() != self.snapshot():
                raise ValidationError(
                    _("A published contract is not changed: record a new version (version {n}).").format(
                        n=self.version + 1
                    )
                )
        if errors:
            raise ValidationError(errors)


MAX_ANNUAL_COST = Decimal("99999999.99")
CENT = Decimal("0.01")


def charge_at_cost(annual_cost: Decimal, households: int) -> Decimal | None:
    """The monthly charge per household that covers `annual_cost` (PROP-2: 按成本收取), to the cent rounding half up;
    None where there are no households to charge."""
    if not households:
        return None
    return (Decimal(annual_cost) / households / 12).quantize(CENT, rounding=ROUND_HALF_UP)


class SelfManagedArea(Linked, ScopedModel):
    """A residential area without regular property management whose residents run the basic services themselves
    (PROP-2: 居民自主管理), led by the street office: the households charged and the monthly charge per household,
    computed from the cost items at cost (never entered) and published."""

    area = models.OneToOneField(
        "places.ResidentialArea", verbose_name=_("residential area"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("self-managed since"), validators=HAPPENED)
    organiser = models.CharField(
        _("organised by"), max_length=100, help_text=_("The residents' self-management group.")
    )
    households = models.PositiveIntegerField(_("households charged"), validators=COUNT)
    monthly_charge = models.DecimalField(
        _("monthly charge per household (yuan)"), max_digits=10, decimal_places=2, null=True, editable=False
    )
    published_on = models.DateField(_("charge published on"), null=True, blank=True, validators=HAPPENED)
    scope_parent = "area"

    class Meta:
        verbose_name = _("self-managed area")
        verbose_name_plural = _("self-managed areas")
        ordering = ["division_code", "area"]

    def __str__(self):
        return str(self.area)

    def clean(self):
        if self.published_on and not self.households:
            raise ValidationError(
                {"published_on": _("An area with no households charged has no per-household charge to publish.")}
            )

    def computed_charge(self) -> Decimal | None:
        total = self.costs.aggregate(total=models.Sum("annual_cost"))["total"] if self.pk else None
        return charge_at_cost(total or Decimal(0), self.households)

    def save(self, *args, **kwargs):
        """The charge is read off the cost items and the households on every save (PROP-2), never entered."""
        self.monthly_charge = self.computed_charge()
        super().save(*args, **kwargs)

    def latest_collection(self) -> "Collection | None":
        """The collection of the latest month recorded (read off prefetched collections where they are)."""
        return max(self.collections.all(), key=lambda c: c.month, default=None)

    def refresh_charge(self) -> None:
        """Save the area where a cost item changed its charge (a change-log entry only when it did)."""
        if self.computed_charge() != self.monthly_charge:
            self.save()


class CostItem(Linked, ScopedModel):
    """One cost of a self-managed area's basic services for a year (PROP-2): cleaning, security, repairs."""

    self_managed = models.ForeignKey(
        SelfManagedArea, verbose_name=_("self-managed area"), on_delete=models.CASCADE, related_name="costs"
    )
    service = models.CharField(_("service"), max_length=20, choices=BasicService.choices)
    name = models.CharField(_("name"), max_length=100)
    annual_cost = models.DecimalField(
        _("annual cost (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(CENT), MaxValueValidator(MAX_ANNUAL_COST)],
    )
    scope_parent = "self_managed"

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["division_code", "self_managed", "service", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_managed", "name"],
                name="property_costitem_unique_name",
                violation_error_message=_("The area has a cost item of this name already."),
            ),
        ]

    def __str__(self):
        return f"{self.self_managed} {self.name}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.self_managed.refresh_charge()  # the charge follows the costs

    def delete(self, *args, **kwargs):
        parent = self.self_managed
        result = super().delete(*args, **kwargs)
        parent.refresh_charge()
        return result


MAX_COLLECTION = Decimal("9999999.99")


class Collection(Linked, ScopedModel):
    """What a self-managed area collected of its per-household charge for one month (PROP-2: collections recorded):
    the households that paid, out of those charged then (kept, so that a later change of the households leaves the
    month's rate as it was), and the amount. One record per area and month."""

    self_managed = models.ForeignKey(
        SelfManagedArea, verbose_name=_("self-managed area"), on_delete=models.CASCADE, related_name="collections"
    )
    month = models.DateField(_("month"), validators=HAPPENED, help_text=_("The first day of the month collected for."))
    households_paid = models.PositiveIntegerField(_("households paid"), validators=COUNT)
    households_charged = models.PositiveIntegerField(_("households charged"), editable=False, default=0)
    amount = models.DecimalField(
        _("amount collected (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_COLLECTION)],
    )
    collected_on = models.DateField(_("collected on"), validators=HAPPENED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    scope_parent = "self_managed"

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["division_code", "self_managed", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_managed", "month"],
                name="property_collection_unique_month",
                violation_error_message=_("The area has a collection for this month already."),
            ),
        ]

    def __str__(self):
        return f"{self.self_managed} {self.month:%Y-%m}"

    @property
    def rate(self):
        """Households paid per household charged, in per cent (one decimal), or None."""
        if not self.households_charged:
            return None
        return round(100 * self.households_paid / self.households_charged, 1)

    def clean(self):
        errors = {}
        if self.month and self.month.day != 1:
            errors["month"] = _("A month is entered as its first day ({day}).").format(
                day=f"{self.month.replace(day=1):%Y-%m-%d}"
            )
        charged = self.charged()
        if charged is not None and self.households_paid is not None:
            if not charged:
                errors["households_paid"] = _("The area has no households charged to collect from.")
            elif self.households_paid > charged:
                errors["households_paid"] = _("More households paid than the area charges ({n}).").format(n=charged)
        if self.households_paid == 0 and self.amount:
            errors["amount"] = _("No household paid: the amount collected is 0.")
        if errors:
            raise ValidationError(errors)

    def charged(self) -> int | None:
        """The households charged this month: the area's when the collection was recorded, else the area's now."""
        if self.pk and self.households_charged:
            return self.households_charged
        return self.self_managed.households if self.self_managed_id else None

    def save(self, *args, **kwargs):
        """The households charged are the area's when the collection is first recorded (the rate's denominator)."""
        if not self.pk or not self.households_charged:
            self.households_charged = self.self_managed.households
        super().save(*args, **kwargs)


class PropertyLiaison(Linked, CommunityRecord):
    """A community's named person for the street's property management centre or one of its stations (PROP-3):
    whom residents and the centre call about property disputes and emergency repairs in that community. The
    centre and its stations are the call centre's handling units (`workorders.HandlingUnit`, kinds
    `PROPERTY_UNIT_KINDS`), to which those categories are routed and where they are tracked to closure."""

    unit = models.ForeignKey(
        "workorders.HandlingUnit",
        verbose_name=_("property centre or station"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("full name"), max_length=50)
    duty = models.CharField(_("duty"), max_length=100, blank=True, help_text=_("E.g. 物业专干, 楼栋长."))
    since = models.DateField(_("since"), null=True, blank=True, validators=HAPPENED)

    class Meta:
        verbose_name = _("property liaison")
        verbose_name_plural = _("property liaisons")
        ordering = ["division_code", "unit", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "unit", "name"], name="property_liaison_unique_person")
        ]

    def __str__(self):
        return f"{self.name}（{self.community}）"

    def clean(self):
        unit = self.unit if self.unit_id else None
        if unit is None:
            return
        if unit.kind not in PROPERTY_UNIT_KINDS:
            raise ValidationError({"unit": _("Choose the street's property centre or one of its stations.")})
        if self.community_id and unit.division_id != self.community.parent_id:
            raise ValidationError({"unit": _("The centre belongs to another street.")})
