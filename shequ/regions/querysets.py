from shequ.core.querysets import RestrictedQuerySet
from shequ.regions.choices import DivisionLevel

__all__ = ["DivisionQuerySet", "GridQuerySet"]


class DivisionQuerySet(RestrictedQuerySet):
    def at_level(self, level: DivisionLevel):
        """Divisions of one level (city, district, street or community)."""
        return self.filter(level=level)

    def communities(self):
        """Community-level divisions only: the ones households, grids and committees belong to."""
        return self.filter(level=DivisionLevel.COMMUNITY)


class GridQuerySet(RestrictedQuerySet):
    def in_community(self, community):
        """Grids of one community."""
        return self.filter(community=community)
