"""The dispute party's serializer (GOV-3, DESIGN.md §5): phone and ID number are written in plaintext, never read
back; the API shows their masked forms."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.safety import models
from shequ.safety.choices import HelpKind
from shequ.safety.personal import clean_id_number, clean_phone, protect_party, seal
from shequ.safety.services import duplicate_help_kind

__all__ = [
    "DisputePartySerializer",
    "HelpEducationCaseSerializer",
    "HelpVisitSerializer",
    "SurveillanceDeviceSerializer",
]


def _checked(clean, value: str) -> str:
    try:
        return clean(value)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from None


class DisputePartySerializer(ScopedModelSerializer):
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)

    class Meta:
        model = models.DisputeParty
        fields = [
            "id",
            "case",
            "role",
            "name",
            "phone",
            "phone_masked",
            "id_number",
            "id_number_masked",
            "division_code",
        ]
        read_only_fields = ["phone_masked", "id_number_masked", "division_code"]

    def validate_phone(self, value):
        return _checked(clean_phone, value)

    def validate_id_number(self, value):
        return _checked(clean_id_number, value)

    def _write(self, instance, data):
        phone, id_number = data.pop("phone", None), data.pop("id_number", None)
        protect_party(instance, phone=phone or None, id_number=id_number or None)

    def create(self, validated_data):
        instance = models.DisputeParty()
        self._write(instance, validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        return instance

    def update(self, instance, validated_data):
        self._write(instance, validated_data)
        return super().update(instance, validated_data)


class SurveillanceDeviceSerializer(ScopedModelSerializer):
    """A device as the declaration gives it, but its status read-only: the latest status report sets it (GOV-2)."""

    community = community_field()
    status = serializers.CharField(read_only=True, help_text="Set by the latest status report.")

    class Meta:
        model = models.SurveillanceDevice
        fields = [
            "id",
            "community",
            "code",
            "name",
            "kind",
            "residential_area",
            "public_area",
            "installed_on",
            "status",
            "division_code",
        ]
        read_only_fields = ["status", "division_code"]


class HelpEducationCaseSerializer(ScopedModelSerializer):
    """A help-and-education case (GOV-4): the kind and the notes are read and written in plaintext here (the API of
    a restricted register answers only with a stated reason, each request access-logged) and stored sealed."""

    kind = serializers.ChoiceField(choices=HelpKind.choices)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    next_visit_due = serializers.SerializerMethodField()

    class Meta:
        model = models.HelpEducationCase
        fields = [
            "id",
            "resident",
            "kind",
            "started_on",
            "ends_on",
            "visit_every_days",
            "status",
            "notes",
            "next_visit_due",
            "division_code",
        ]
        read_only_fields = ["division_code"]

    def get_next_visit_due(self, obj) -> str | None:
        due = obj.next_visit_due()
        return due.isoformat() if due else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["kind"], data["notes"] = instance.kind, instance.notes
        return data

    def validate(self, attrs):
        sealed = {name: attrs.pop(name) for name in ("kind", "notes") if name in attrs}  # not model attributes
        attrs = super().validate(attrs)
        resident = attrs.get("resident") or getattr(self.instance, "resident", None)
        kind = sealed.get("kind") or (self.instance.kind if self.instance else "")
        exclude = getattr(self.instance, "pk", None)
        if resident is not None and kind and duplicate_help_kind(resident, kind, exclude=exclude):
            message = _("This resident already has a help-and-education case of this kind.")
            raise serializers.ValidationError({"kind": [message]})
        return {**attrs, **sealed}

    def _seal(self, instance, data):
        if "kind" in data:
            seal(instance, "kind", data.pop("kind"), indexed=True)
        if "notes" in data:
            seal(instance, "notes", data.pop("notes") or "")

    def create(self, validated_data):
        instance = models.HelpEducationCase()
        self._seal(instance, validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        return instance

    def update(self, instance, validated_data):
        self._seal(instance, validated_data)
        return super().update(instance, validated_data)


class HelpVisitSerializer(ScopedModelSerializer):
    """A visit of a case (GOV-4): its content read and written in plaintext here, stored sealed."""

    content = serializers.CharField(max_length=4000)

    class Meta:
        model = models.HelpVisit
        fields = ["id", "case", "visited_on", "visitor", "content", "division_code"]
        read_only_fields = ["division_code"]

    def validate(self, attrs):
        content = attrs.pop("content", None)  # not a model attribute: sealed on saving
        attrs = super().validate(attrs)
        return attrs if content is None else {**attrs, "content": content}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["content"] = instance.content
        return data

    def create(self, validated_data):
        instance = models.HelpVisit()
        seal(instance, "content", validated_data.pop("content"))
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        return instance

    def update(self, instance, validated_data):
        if "content" in validated_data:
            seal(instance, "content", validated_data.pop("content"))
        return super().update(instance, validated_data)
