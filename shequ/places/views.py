from shequ.core.views import ModelViews
from shequ.places import filtersets, forms, tables
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea

__all__ = ["BuildingViews", "DwellingViews", "RentalViews", "ResidentialAreaViews"]


class ResidentialAreaViews(ModelViews):
    model = ResidentialArea
    form = forms.ResidentialAreaForm
    filterset = filtersets.ResidentialAreaFilterSet
    table = tables.ResidentialAreaTable


class BuildingViews(ModelViews):
    model = Building
    form = forms.BuildingForm
    filterset = filtersets.BuildingFilterSet
    table = tables.BuildingTable


class DwellingViews(ModelViews):
    model = Dwelling
    form = forms.DwellingForm
    filterset = filtersets.DwellingFilterSet
    table = tables.DwellingTable


class RentalViews(ModelViews):
    model = Rental
    form = forms.RentalForm
    filterset = filtersets.RentalFilterSet
    table = tables.RentalTable
