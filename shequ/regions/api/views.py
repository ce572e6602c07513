from shequ.core.api.viewsets import BaseViewSet
from shequ.regions.api.serializers import DivisionSerializer, GridSerializer
from shequ.regions.filtersets import DivisionFilterSet, GridFilterSet
from shequ.regions.models import Division, Grid

__all__ = ["DivisionViewSet", "GridViewSet"]


class DivisionViewSet(BaseViewSet):
    queryset = Division.objects.all()
    serializer_class = DivisionSerializer
    filterset_class = DivisionFilterSet
    select_related = ("parent",)


class GridViewSet(BaseViewSet):
    queryset = Grid.objects.all()
    serializer_class = GridSerializer
    filterset_class = GridFilterSet
    select_related = ("community",)
