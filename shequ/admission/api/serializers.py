from decimal import Decimal

from rest_framework import serializers

from shequ.admission.access import own_departments, sender_refusal
from shequ.admission.models import MAX_HOURS, AdmittedItem, CommunityRequest, DepartmentTarget
from shequ.core.api.serializers import ScopedModelSerializer, Serializer, community_field

__all__ = [
    "AdmittedItemSerializer",
    "AnswerSerializer",
    "CommunityRequestSerializer",
    "DepartmentTargetSerializer",
    "SendSerializer",
]


class AdmittedItemSerializer(ScopedModelSerializer):
    """An item of the admission list; a department's staff draft items for their own department, which lies
    outside what they may read of the accounts register."""

    class Meta:
        model = AdmittedItem
        fields = [
            "id",
            "department",
            "code",
            "name",
            "kind",
            "legal_basis",
            "funding_per_community",
            "valid_from",
            "valid_until",
            "version",
            "status",
            "published_on",
            "published_by",
            "previous",
            "division_code",
        ]
        read_only_fields = ["version", "status", "published_on", "published_by", "previous", "division_code"]

    def check_references(self, user, name, value):
        if name == "department" and value is not None and value.pk in own_departments(user):
            return
        super().check_references(user, name, value)


class DepartmentTargetSerializer(ScopedModelSerializer):
    """A department's target (GUAR-2); a department's staff set targets for their own department."""

    overdue = serializers.SerializerMethodField()

    class Meta:
        model = DepartmentTarget
        fields = [
            "id",
            "department",
            "division",
            "title",
            "description",
            "owner_name",
            "deadline",
            "status",
            "progress",
            "progress_note",
            "overdue",
            "division_code",
        ]
        read_only_fields = ["division_code"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()

    def check_references(self, user, name, value):
        if name == "department" and value is not None and value.pk in own_departments(user):
            return
        super().check_references(user, name, value)


class CommunityRequestSerializer(ScopedModelSerializer):
    """A request through the gate; a department's staff may cite only their own department's items."""

    community = community_field()
    kind = serializers.CharField(read_only=True)
    # The files themselves: GET …/requests/{id}/files/attachment/ and …/files/reply_file/ (logged downloads).
    has_attachment = serializers.SerializerMethodField()
    has_reply_file = serializers.SerializerMethodField()

    def get_has_attachment(self, record) -> bool:
        return bool(record.attachment)

    def get_has_reply_file(self, record) -> bool:
        return bool(record.reply_file)

    class Meta:
        model = CommunityRequest
        fields = [
            "id",
            "community",
            "item",
            "title",
            "content",
            "sent_on",
            "deadline",
            "department",
            "kind",
            "status",
            "reply",
            "hours",
            "replied_on",
            "decline_reason",
            "has_attachment",
            "has_reply_file",
            "division_code",
        ]
        read_only_fields = ["department", "status", "reply", "hours", "replied_on", "decline_reason", "division_code"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        request = self.context.get("request")
        item = attrs.get("item", getattr(self.instance, "item", None))
        refusal = sender_refusal(request.user, item) if request is not None else None
        if refusal is not None:
            raise serializers.ValidationError({"item": [refusal]})
        return attrs


class SendSerializer(Serializer):
    """JSON, or multipart/form-data with the `attachment` file (at most 10 MB)."""

    item = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=100)
    content = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    attachment = serializers.FileField(required=False, allow_null=True, default=None, max_length=200)


class AnswerSerializer(Serializer):
    """A reply (`reply`, `hours`) or a refusal (`reason`)."""

    reply = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    hours = serializers.DecimalField(
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=MAX_HOURS,
        required=False,
        allow_null=True,
        default=None,
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    reply_file = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        max_length=200,
        help_text="With a reply, as multipart/form-data: the filled ledger template or other file (at most 10 MB).",
    )
