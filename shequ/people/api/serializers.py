"""People API: masked values out, plaintext only in (write-only), care data only for roles with that duty."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from shequ.core.api.serializers import ModelSerializer, ScopedModelSerializer, community_field
from shequ.core.personal import normalise_id_number
from shequ.people import lookups, services
from shequ.people.models import CareRecord, Household, Resident, ResidentMove
from shequ.people.rights import care_choices, may_use_category

__all__ = [
    "CareRecordSerializer",
    "HouseholdSerializer",
    "ResidentMoveSerializer",
    "ResidentSerializer",
]


def _django_errors(call, field: str):
    try:
        return call()
    except DjangoValidationError as error:
        raise serializers.ValidationError({field: error.messages})


class HiddenRegistrationError(serializers.ValidationError):
    """An ID number registered where the writer cannot see (issue #12): the view answers 400 and logs the look-up
    after the write's transaction has been rolled back."""


class HouseholdSerializer(ScopedModelSerializer):
    community = community_field()
    registered_address = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200)

    class Meta:
        model = Household
        fields = [
            "id",
            "community",
            "grid",
            "number",
            "dwelling",
            "registration",
            "registered_address",
            "registered_address_masked",
            "division_code",
        ]
        read_only_fields = ["registered_address_masked", "division_code"]

    def save(self, **kwargs):
        address = self.validated_data.pop("registered_address", None)
        if address:
            kwargs.update(services.address_columns(Household, address, name="registered_address"))
        return super().save(**kwargs)


class CareCategorySerializer(ModelSerializer):
    class Meta:
        model = CareRecord
        fields = ["id", "category", "start_date", "end_date"]


class ResidentSerializer(ScopedModelSerializer):
    community = community_field()
    id_number = serializers.CharField(write_only=True, required=False, max_length=20)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    address = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200)
    is_minor = serializers.BooleanField(read_only=True)
    birth_date_masked = serializers.CharField(
        read_only=True, help_text=gettext_lazy("The year only (1949-**-**), as beside the masked ID number.")
    )
    care_records = CareCategorySerializer(many=True, read_only=True, source="visible_care_records")

    class Meta:
        model = Resident
        fields = [
            "id",
            "community",
            "grid",
            "household",
            "name",
            "id_number",
            "id_number_masked",
            "phone",
            "phone_masked",
            "address",
            "address_masked",
            "sex",
            "birth_date_masked",
            "is_minor",
            "ethnicity",
            "relation",
            "registration_type",
            "residence_status",
            "political_status",
            "education",
            "employment",
            "marital_status",
            "care_records",
            "division_code",
        ]
        read_only_fields = ["id_number_masked", "phone_masked", "address_masked", "sex", "division_code"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        # Special-care data is absent, not empty, for roles without that duty (AC-4).
        if request is None or not request.user.has_perm("people.view_carerecord"):
            fields.pop("care_records")
        return fields

    def validate(self, attrs):
        if self.instance is None and not attrs.get("id_number"):
            raise serializers.ValidationError({"id_number": [_("This field is required.")]})
        return super().validate(attrs)

    def save(self, **kwargs):
        data = self.validated_data
        id_number, phone, address = data.pop("id_number", None), data.pop("phone", None), data.pop("address", None)
        instance = self.instance or Resident()
        if id_number:
            number = normalise_id_number(id_number)
            _django_errors(lambda: services.apply_identity(instance, number), "id_number")
            request = self.context.get("request")
            try:
                services.ensure_unregistered(instance, acting_user=request.user if request else None)
            except lookups.HiddenRegistration as error:
                raise HiddenRegistrationError({"id_number": error.messages}) from None
            except DjangoValidationError as error:
                raise serializers.ValidationError({"id_number": error.messages}) from None
        if phone is not None:
            _django_errors(lambda: services.set_phone(instance, phone), "phone")
        if address is not None:
            services.set_address(instance, address)
        for key, value in {**data, **kwargs}.items():
            setattr(instance, key, value)
        instance.save()
        self.instance = instance
        return instance


class CareRecordSerializer(ScopedModelSerializer):
    class Meta:
        model = CareRecord
        fields = [
            "id",
            "resident",
            "category",
            "disability_type",
            "disability_grade",
            "start_date",
            "end_date",
            "detail_masked",
            "division_code",
        ]
        read_only_fields = ["detail_masked", "division_code"]

    def get_fields(self):
        """Sensitive categories are choices only for the sensitive-care duty (AC-4; issue #12, leak 2)."""
        fields = super().get_fields()
        request = self.context.get("request")
        fields["category"].choices = care_choices(request.user if request is not None else None)
        return fields

    def to_internal_value(self, data):
        """A sensitive category for a resident outside the writer's sensitive-care scope is refused as an unknown
        choice, before the uniqueness validator could confirm that the resident already is in it (issue #12)."""
        attrs = super().to_internal_value(data)
        request = self.context.get("request")
        category = attrs.get("category", getattr(self.instance, "category", None))
        resident = attrs.get("resident", getattr(self.instance, "resident", None))
        if category and resident is not None:
            if not may_use_category(request.user if request else None, category, resident.division_code):
                message = self.fields["category"].error_messages["invalid_choice"].format(input=category)
                raise serializers.ValidationError({"category": [message]})
        return attrs


class ResidentMoveSerializer(ModelSerializer):
    class Meta:
        model = ResidentMove
        fields = ["id", "resident", "resident_name", "kind", "date", "other_community_code", "note", "division_code"]
