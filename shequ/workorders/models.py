"""The smart call centre (issue #5; SVC-5, PROP-3; DESIGN.md §9): request categories with time limits, handling
units and routing, work orders with their event trail, the outbox, and Open311 clients."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.models import ChangeLoggedModel, DivisionRecord, Linked, ProtectedValuesMixin, ScopedModel
from shequ.core.querysets import CatalogueQuerySet, RestrictedQuerySet
from shequ.workorders.choices import (
    Alert,
    OrderAction,
    OrderStatus,
    Publication,
    PublicService,
    RequestType,
    Satisfaction,
    Source,
    UnitKind,
)
from shequ.workorders.querysets import WorkOrderQuerySet

__all__ = [
    "Category",
    "HandlingUnit",
    "Open311Client",
    "OrderEvent",
    "OrderPhoto",
    "OutboxMessage",
    "RoutingRule",
    "SweepRun",
    "UnitLoad",
    "WorkOrder",
]

MAX_DESCRIPTION = 5000
MAX_LIMIT_MINUTES = 365 * 24 * 60  # a time limit of at most a year (issue #12: bounded before any date arithmetic)
ON_THE_CLOCK = OrderStatus.on_the_clock()


def minutes(verbose_name):
    return models.PositiveIntegerField(
        verbose_name, validators=[MinValueValidator(1), MaxValueValidator(MAX_LIMIT_MINUTES)]
    )


class Category(Linked, ChangeLoggedModel):
    """A request category with its code (the Open311 `service_code`) and its time limits in minutes: yellow
    warns, red is overdue; acceptance counts from dispatch, handling too; the emergency lane has its own."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Reviewed requests of this category may be published (Open311), without name, phone or house number."
        ),
    )
    public_service = models.CharField(
        _("public service"),
        max_length=20,
        choices=PublicService.choices,
        blank=True,
        help_text=_("The public service this category's requests concern, for the monthly disclosure (INFO-1)."),
    )
    accept_yellow = minutes(_("acceptance: yellow after (minutes)"))
    accept_red = minutes(_("acceptance: red after (minutes)"))
    handle_yellow = minutes(_("handling: yellow after (minutes)"))
    handle_red = minutes(_("handling: red after (minutes)"))
    emergency_accept_red = minutes(_("emergency acceptance: red after (minutes)"))
    emergency_handle_red = minutes(_("emergency handling: red after (minutes)"))

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        """The yellow warning comes before the red limit (issue #12: "a yellow limit above the red one")."""
        super().clean()
        errors = {}
        for yellow, red in (("accept_yellow", "accept_red"), ("handle_yellow", "handle_red")):
            first, last = getattr(self, yellow), getattr(self, red)
            if first is not None and last is not None and first >= last:
                errors[yellow] = _("The yellow warning must come before the red limit.")
        if errors:
            raise ValidationError(errors)

    def limits(self, emergency: bool) -> dict[str, int]:
        """Minutes from dispatch: (yellow, red) for acceptance and for handling; emergencies warn at half."""
        if emergency:
            return {
                "accept": (self.emergency_accept_red // 2 or 1, self.emergency_accept_red),
                "handle": (self.emergency_handle_red // 2 or 1, self.emergency_handle_red),
            }
        return {"accept": (self.accept_yellow, self.accept_red), "handle": (self.handle_yellow, self.handle_red)}


class HandlingUnit(Linked, DivisionRecord):
    """A unit that handles orders: a community, a street office, a department, a property company, a utility.
    `parent` is where its orders go when they are returned twice (escalation)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("level above"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact = models.CharField(_("named contact person"), max_length=50, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="handling_units",
        help_text=_("Who takes this unit's orders: they see them wherever they are, and only they accept them."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["division_code", "name"]

    def __str__(self):
        return self.name


class RoutingRule(Linked, DivisionRecord):
    """Category × division → unit: an order goes to the unit of the most specific rule for its category (or the
    category's parent) and a division containing its location."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("handling unit"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["division_code", "category"]
        constraints = [
            models.UniqueConstraint(fields=["category", "division"], name="workorders_routing_once"),
        ]

    def __str__(self):
        return f"{self.category} → {self.unit}"


class Open311Client(models.Model):
    """An Open311 client (another city's app, a 311 integrator) with its hashed `api_key`."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self):
        return self.name


def new_token() -> str:
    return secrets.token_hex(16)


class WorkOrder(Linked, ProtectedValuesMixin, ScopedModel):
    """A resident's request and its handling. Its `division_code` is where it happened (its community, or the
    city when the place is not known yet); the caller's phone is personal data (DESIGN.md §5)."""

    number = models.CharField(_("receipt number"), max_length=20, unique=True)
    request_type = models.CharField(_("request type"), max_length=20, choices=RequestType.choices)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    emergency = models.BooleanField(_("emergency"), default=False)
    description = models.TextField(_("description"), validators=[MaxLengthValidator(MAX_DESCRIPTION)])
    community = models.ForeignKey(
        "regions.Division",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    caller_phone_encrypted = models.TextField(_("caller's phone (encrypted)"), blank=True, editable=False)
    caller_phone_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    caller_phone_masked = models.CharField(_("caller's phone"), max_length=20, blank=True, editable=False)
    caller_email_encrypted = models.TextField(_("caller's e-mail (encrypted)"), blank=True, editable=False)
    caller_email_masked = models.CharField(_("caller's e-mail"), max_length=100, blank=True, editable=False)
    media_url = models.URLField(_("photo link"), max_length=500, blank=True, editable=False)
    privacy_notice_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    publication = models.CharField(
        _("publication"), max_length=20, choices=Publication.choices, default=Publication.NOT_PUBLIC, blank=True
    )
    publication_reviewed_at = models.DateTimeField(_("publication reviewed"), null=True, blank=True, editable=False)
    publication_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publication reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED)
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    replied_at = models.DateTimeField(_("reply time"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closing time"), null=True, blank=True)
    yellow_at = models.DateTimeField(_("yellow at"), null=True, blank=True)
    red_at = models.DateTimeField(_("due"), null=True, blank=True)
    extension_until = models.DateTimeField(_("extension asked until"), null=True, blank=True)
    extension_reason = models.CharField(_("extension reason"), max_length=300, blank=True)
    return_count = models.PositiveSmallIntegerField(_("returns"), default=0)
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    reply = models.TextField(_("reply"), blank=True, validators=[MaxLengthValidator(MAX_DESCRIPTION)])
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    solved = models.BooleanField(_("solved"), null=True, blank=True)
    callback_at = models.DateTimeField(_("call-back"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True, editable=False)
    request_digest = models.CharField(max_length=64, blank=True, editable=False)
    client = models.ForeignKey(
        Open311Client,
        verbose_name=_("Open311 client"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    token = models.CharField(max_length=32, default=new_token, unique=True, editable=False)

    objects = WorkOrderQuerySet.as_manager()
    changelog_exclude = (
        "caller_phone_encrypted",
        "caller_phone_digest",
        "caller_email_encrypted",
        "token",
        "request_digest",
    )
    # Free text a caller or a handler typed: numbers in it are masked wherever staff read it (issue #12).
    free_text = ("description", "reply")

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-created", "-id"]
        indexes = [
            # The overdue list and the sweep's red and yellow crossings read the orders on the clock in time
            # order (ADR 0005); PostgreSQL also has a covering index of open orders for supervision (0004).
            models.Index(fields=["red_at"], condition=Q(status__in=ON_THE_CLOCK), name="workorders_due"),
            models.Index(fields=["yellow_at"], condition=Q(status__in=ON_THE_CLOCK), name="workorders_warn"),
            models.Index(fields=["division_code", "status"], name="workorders_scope_status"),
            models.Index(fields=["caller_phone_digest", "category", "created"], name="workorders_duplicates"),
            # The public feed reads the published orders in time order; the review queue the pending ones.
            models.Index(fields=["publication", "created"], name="workorders_publication"),
        ]

    @classmethod
    def changelog_value(cls, name: str, value, user):
        from shequ.workorders.publication import mask_personal_numbers

        return mask_personal_numbers(value) if name in cls.free_text and isinstance(value, str) else value

    def scope_code(self) -> str:
        """Where the order happened: its community, or the city while the place is not known (issue #11)."""
        return self.community.code if self.community_id else settings.SHEQU_CITY_CODE

    def __str__(self):
        return self.number

    def alert_at(self, now) -> Alert:
        """Yellow or red is read off the clock, never stored: it is exact at every moment, and marking a million
        orders costs no writes (ADR 0005). Only the stages a unit's limit runs in have one."""
        if self.status not in OrderStatus.on_the_clock() or self.red_at is None:
            return Alert.NONE
        if self.red_at <= now:
            return Alert.RED
        return Alert.YELLOW if self.yellow_at is not None and self.yellow_at <= now else Alert.NONE

    @property
    def alert(self) -> Alert:
        return self.alert_at(timezone.now())

    def get_alert_display(self) -> str:
        return self.alert.label


class SweepRun(models.Model):
    """One pass of the call centre's clock (`services.sweep`): the orders that turned yellow or red since the
    previous pass were counted and their units alarmed. The latest `until` is where the next pass starts."""

    until = models.DateTimeField(_("up to"), db_index=True)
    yellow = models.PositiveIntegerField(_("turned yellow"))
    red = models.PositiveIntegerField(_("turned red"))
    units = models.PositiveIntegerField(_("units alarmed"))
    seconds = models.FloatField(_("seconds"))

    class Meta:
        verbose_name = _("clock pass")
        verbose_name_plural = _("clock passes")
        ordering = ["-until"]

    def __str__(self):
        return f"{self.until:%Y-%m-%d %H:%M:%S}"


class UnitLoad(models.Model):
    """The supervision counts as of the latest clock pass: open orders of one community by handling unit and
    stage, with how many are yellow and red. `sweep()` rewrites the table in its transaction, so a supervision page
    reads a few hundred rows instead of aggregating every open order of a district (issue #5: a million in
    under 300 ms); with no recent pass the page counts live (`SHEQU_SUPERVISION_MAX_AGE`)."""

    division_code = models.CharField(_("division code"), max_length=12)
    unit = models.ForeignKey(HandlingUnit, on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices)
    open = models.PositiveIntegerField(_("open"))
    yellow = models.PositiveIntegerField(_("Yellow: limit near"))
    red = models.PositiveIntegerField(_("Red: overdue"))

    objects = RestrictedQuerySet.as_manager()
    scope_field = "division_code"
    permission_model_name = "workorder"

    class Meta:
        verbose_name = _("unit load")
        verbose_name_plural = _("unit loads")
        indexes = [models.Index(fields=["division_code"], name="workorders_load_scope")]

    def __str__(self):
        return f"{self.division_code} {self.unit_id} {self.status}"


class OrderPhoto(models.Model):
    """A photo sent with a request, re-encoded on arrival so that no EXIF data (location, device) is kept. Served
    only to staff who may see the order (`workorders:photo`), never as a public media file."""

    order = models.ForeignKey(WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to="workorders/photos/%Y/%m/")
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self):
        return self.file.name


class OrderEvent(models.Model):
    """One step of an order's handling — every transition writes one (DESIGN.md §9)."""

    order = models.ForeignKey(WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30, choices=OrderAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("handling unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.order} {self.action}"


class OutboxMessage(models.Model):
    """A notification written in the same transaction as the change it reports (a dispatch, a reply), delivered
    afterwards by `deliver_outbox` with retries: nothing is lost if the process dies in between (RL-3)."""

    kind = models.CharField(_("kind"), max_length=30)
    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, null=True, related_name="+")
    payload = models.JSONField(_("payload"), default=dict)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"
