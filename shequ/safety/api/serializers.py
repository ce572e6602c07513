"""The dispute party's serializer (GOV-3, DESIGN.md §5): phone and ID number are written in plaintext, never read
back; the API shows their masked forms."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.safety import models
from shequ.safety.personal import clean_id_number, clean_phone, protect_party

__all__ = ["DisputePartySerializer", "SurveillanceDeviceSerializer"]


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
