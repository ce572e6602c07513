from shequ.core.tables import Table
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea

__all__ = ["BuildingTable", "DwellingTable", "RentalTable", "ResidentialAreaTable"]


class ResidentialAreaTable(Table):
    model = ResidentialArea
    fields = ("name", "community", "address", "enclosed")


class BuildingTable(Table):
    model = Building
    fields = ("number", "area", "community", "floors", "units", "address")


class DwellingTable(Table):
    model = Dwelling
    fields = ("room", "building", "unit", "floor", "floor_area", "use")


class RentalTable(Table):
    model = Rental
    fields = ("landlord_name", "dwelling", "tenant_household", "start_date", "end_date", "registration")
