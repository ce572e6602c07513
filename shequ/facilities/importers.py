"""The facility import's own rule beyond the declaration (FAC-2): a use listed twice in one cell is refused."""

from django.utils.translation import gettext as _

from shequ.core.importing.declared import DeclaredImporter

__all__ = ["FacilityImporter"]


class FacilityImporter(DeclaredImporter):
    def _many(self, row, column, field, community):
        items = super()._many(row, column, field, community)
        seen = set()
        for item in items:
            if item.pk in seen:
                self.fail(column, _("{value} is listed twice.").format(value=item))
            seen.add(item.pk)
        return items
