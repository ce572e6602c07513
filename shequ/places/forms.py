from shequ.core.forms import CommunityRecordForm, ScopedModelForm
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea

__all__ = ["BuildingForm", "DwellingForm", "RentalForm", "ResidentialAreaForm"]


class ResidentialAreaForm(CommunityRecordForm):
    class Meta:
        model = ResidentialArea
        fields = ["community", "grid", "name", "address", "enclosed"]


class BuildingForm(CommunityRecordForm):
    class Meta:
        model = Building
        fields = ["community", "grid", "area", "number", "floors", "units", "address"]


class DwellingForm(ScopedModelForm):
    class Meta:
        model = Dwelling
        fields = ["building", "unit", "floor", "room", "floor_area", "use"]


class RentalForm(ScopedModelForm):
    class Meta:
        model = Rental
        fields = ["dwelling", "landlord_name", "tenant_household", "start_date", "end_date", "registration"]
