from shequ.core.api.viewsets import BaseViewSet
from shequ.places import filtersets
from shequ.places.api import serializers
from shequ.places.models import Building, Dwelling, Rental, ResidentialArea

__all__ = ["BuildingViewSet", "DwellingViewSet", "RentalViewSet", "ResidentialAreaViewSet"]


class ResidentialAreaViewSet(BaseViewSet):
    queryset = ResidentialArea.objects.all()
    serializer_class = serializers.ResidentialAreaSerializer
    filterset_class = filtersets.ResidentialAreaFilterSet
    select_related = ("community",)


class BuildingViewSet(BaseViewSet):
    queryset = Building.objects.all()
    serializer_class = serializers.BuildingSerializer
    filterset_class = filtersets.BuildingFilterSet
    select_related = ("community",)


class DwellingViewSet(BaseViewSet):
    queryset = Dwelling.objects.all()
    serializer_class = serializers.DwellingSerializer
    filterset_class = filtersets.DwellingFilterSet


class RentalViewSet(BaseViewSet):
    queryset = Rental.objects.all()
    serializer_class = serializers.RentalSerializer
    filterset_class = filtersets.RentalFilterSet
