from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import serializers

from shequ.accounts.models import User
from shequ.core.api.serializers import ModelSerializer, ScopedModelSerializer, Serializer, community_field
from shequ.workorders import catalogue, models
from shequ.workorders.choices import Alert, RequestType, Satisfaction
from shequ.workorders.publication import mask_personal_numbers

__all__ = [
    "ActionSerializer",
    "CategorySerializer",
    "HandlingUnitSerializer",
    "IntakeSerializer",
    "OrderEventSerializer",
    "ReceiptSerializer",
    "RoutingRuleSerializer",
    "WorkOrderSerializer",
]


class CategorySerializer(ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=models.Category.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = models.Category
        fields = [
            "id",
            "code",
            "name",
            "parent",
            "description",
            "active",
            "public",
            "public_service",
            "accept_yellow",
            "accept_red",
            "handle_yellow",
            "handle_red",
            "emergency_accept_red",
            "emergency_handle_red",
        ]

    def validate(self, attrs):
        """The model's own rule, which DRF does not run: the yellow warning before the red limit (issue #12)."""
        attrs = super().validate(attrs)
        instance = self.instance
        for yellow, red in (("accept_yellow", "accept_red"), ("handle_yellow", "handle_red")):
            first = attrs.get(yellow, getattr(instance, yellow, None))
            last = attrs.get(red, getattr(instance, red, None))
            if first is not None and last is not None and first >= last:
                raise serializers.ValidationError({yellow: _("The yellow warning must come before the red limit.")})
        return attrs


class HandlingUnitSerializer(ScopedModelSerializer):
    class Meta:
        model = models.HandlingUnit
        fields = ["id", "division", "name", "kind", "parent", "contact", "staff", "active", "division_code"]
        read_only_fields = ["division_code"]

    def validate_staff(self, users):
        """Only accounts the writer may see can be named as a unit's staff."""
        request = self.context.get("request")
        if request is not None and users:
            visible = set(
                User.objects.restrict(request.user).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True)
            )
            if any(user.pk not in visible for user in users):
                raise serializers.ValidationError(_("Unknown account."))
        return users


class RoutingRuleSerializer(ScopedModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=models.Category.objects.all())

    class Meta:
        model = models.RoutingRule
        fields = ["id", "category", "division", "unit", "division_code"]
        read_only_fields = ["division_code"]


class OrderEventSerializer(ModelSerializer):
    unit = serializers.StringRelatedField()

    class Meta:
        model = models.OrderEvent
        fields = ["action", "from_status", "to_status", "unit", "note", "at"]


class WorkOrderSerializer(ModelSerializer):
    """An order as staff see it: the caller's phone masked, never in clear (DESIGN.md §5)."""

    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    community = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.StringRelatedField()
    duplicate_of = serializers.SlugRelatedField(slug_field="number", read_only=True)
    events = OrderEventSerializer(many=True, read_only=True)
    alert = serializers.ChoiceField(choices=Alert.choices, read_only=True, help_text="Read off the clock now.")

    def to_representation(self, instance):
        """Numbers typed into the request or the reply are masked, as on the pages (issue #12)."""
        data = super().to_representation(instance)
        for name in models.WorkOrder.free_text:
            if isinstance(data.get(name), str):
                data[name] = mask_personal_numbers(data[name])
        return data

    class Meta:
        model = models.WorkOrder
        fields = [
            "id",
            "number",
            "request_type",
            "category",
            "source",
            "emergency",
            "description",
            "community",
            "address",
            "caller_name",
            "caller_phone_masked",
            "status",
            "unit",
            "alert",
            "dispatched_at",
            "accepted_at",
            "replied_at",
            "closed_at",
            "yellow_at",
            "red_at",
            "extension_until",
            "return_count",
            "escalations",
            "duplicate_of",
            "reply",
            "satisfaction",
            "solved",
            "callback_at",
            "publication",
            "division_code",
            "created",
            "events",
        ]
        read_only_fields = fields


class ReceiptSerializer(WorkOrderSerializer):
    """The answer to an intake: what the caller is told and what a client needs to follow the order up — its
    number, where it went and by when it must be accepted. GET the order for the rest and its event trail (the
    whole order was a third of the intake's answer time on the hot path of the hotline)."""

    events = None

    class Meta(WorkOrderSerializer.Meta):
        fields = [
            "id",
            "number",
            "request_type",
            "category",
            "emergency",
            "community",
            "caller_phone_masked",
            "status",
            "unit",
            "duplicate_of",
            "yellow_at",
            "red_at",
            "created",
        ]
        read_only_fields = fields


class CachedCodeField(serializers.SlugRelatedField):
    """A record by its code, looked up through the call centre's per-process catalogue (the hot intake path)."""

    def __init__(self, lookup, **kwargs):
        self.lookup = lookup
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        value = self.lookup(str(data)) if isinstance(data, str | int) else None
        if value is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))
        return value


class IntakeSerializer(Serializer):
    """A new request through the API; send an `Idempotency-Key` header so that a retry gives the same order."""

    request_type = serializers.ChoiceField(choices=RequestType.choices)
    category = CachedCodeField(catalogue.active_category, queryset=models.Category.objects.filter(active=True))
    description = serializers.CharField(max_length=5000)
    community = CachedCodeField(catalogue.community, queryset=community_field().queryset)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    caller_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    emergency = serializers.BooleanField(required=False, default=False)

    def validate_community(self, community):
        if not community.code.startswith(settings.SHEQU_CITY_CODE[:4]):
            raise serializers.ValidationError("Not a community of this city.")
        return community


class ActionSerializer(Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=models.HandlingUnit.objects.filter(active=True), required=False, allow_null=True
    )
    until = serializers.DateTimeField(required=False)
    approve = serializers.BooleanField(required=False, default=False)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, required=False)
    solved = serializers.BooleanField(required=False, default=True)
