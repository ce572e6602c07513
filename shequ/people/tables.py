from django.utils.translation import gettext_lazy as _

from shequ.core.tables import Table
from shequ.people.models import Resident, ResidentMove

__all__ = ["ResidentMoveTable", "ResidentTable"]


class ResidentTable(Table):
    """Masked values only: the list and its export never hold a full ID number or phone (DESIGN.md §5)."""

    model = Resident
    fields = (
        "name",
        "id_number_masked",
        "sex",
        "birth_date",
        "community",
        "household",
        "relation",
        "phone_masked",
        "residence_status",
    )

    def render_birth_date(self, obj):
        """The year only, beside the masked ID number: the full date would give the number back (issue #12)."""
        return obj.birth_date_masked


class ResidentMoveTable(Table):
    model = ResidentMove
    fields = ("resident_name", "kind", "date", "other_community_code", "note")
    extra_labels = {"resident_name": _("name")}
