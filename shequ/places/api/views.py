"""The places API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea

__all__ = ["BuildingViewSet", "DwellingViewSet", "RentalViewSet", "ResidentialAreaViewSet"]


class ResidentialAreaViewSet(BaseViewSet):
    queryset = ResidentialArea.objects.all()
    select_related = ("community",)


class BuildingViewSet(BaseViewSet):
    queryset = Building.objects.all()
    select_related = ("community",)


class DwellingViewSet(BaseViewSet):
    queryset = Dwelling.objects.all()


class RentalViewSet(BaseViewSet):
    queryset = Rental.objects.all()
