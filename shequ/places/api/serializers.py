from rest_framework import serializers

from shequ.core.api.serializers import ScopedModelSerializer
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea
from shequ.regions.models import Division

__all__ = ["BuildingSerializer", "DwellingSerializer", "RentalSerializer", "ResidentialAreaSerializer"]


def community_field():
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Division.objects.unscoped("checked by the scope check").communities()
    )


class ResidentialAreaSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = ResidentialArea
        fields = ["id", "community", "grid", "name", "address", "enclosed", "division_code"]
        read_only_fields = ["division_code"]


class BuildingSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = Building
        fields = ["id", "community", "grid", "area", "number", "floors", "units", "address", "division_code"]
        read_only_fields = ["division_code"]


class DwellingSerializer(ScopedModelSerializer):
    class Meta:
        model = Dwelling
        fields = ["id", "building", "unit", "floor", "room", "floor_area", "use", "division_code"]
        read_only_fields = ["division_code"]


class RentalSerializer(ScopedModelSerializer):
    class Meta:
        model = Rental
        fields = [
            "id",
            "dwelling",
            "landlord_name",
            "tenant_household",
            "start_date",
            "end_date",
            "registration",
            "division_code",
        ]
        read_only_fields = ["division_code"]
