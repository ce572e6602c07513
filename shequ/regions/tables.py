from shequ.core.tables import Table
from shequ.regions.models import Division, Grid

__all__ = ["DivisionTable", "GridTable"]


class DivisionTable(Table):
    model = Division
    fields = ("name", "code", "level", "parent", "source", "edition")


class GridTable(Table):
    model = Grid
    fields = ("name", "code", "community", "sequence")
