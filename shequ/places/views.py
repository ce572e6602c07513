"""The places pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea

__all__ = ["BuildingViews", "DwellingViews", "RentalViews", "ResidentialAreaViews"]


class ResidentialAreaViews(ModelViews):
    model = ResidentialArea


class BuildingViews(ModelViews):
    model = Building


class DwellingViews(ModelViews):
    model = Dwelling


class RentalViews(ModelViews):
    model = Rental
