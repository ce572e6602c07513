"""The regions API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.regions.models import Division, Grid

__all__ = ["DivisionViewSet", "GridViewSet"]


class DivisionViewSet(BaseViewSet):
    queryset = Division.objects.all()
    select_related = ("parent",)


class GridViewSet(BaseViewSet):
    queryset = Grid.objects.all()
    select_related = ("community",)
