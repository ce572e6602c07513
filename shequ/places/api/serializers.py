from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea

__all__ = ["BuildingSerializer", "DwellingSerializer", "RentalSerializer", "ResidentialAreaSerializer"]


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
