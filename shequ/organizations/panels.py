"""What the organisations add to a community's page (`core.registry.register_division_panel`): its responsibility
chain (GUAR-1) — the district's first responsible and the street's directly responsible in office today, for whoever
may see the chain there."""

from django.utils.translation import gettext as _

from shequ.core.rights import user_may
from shequ.regions.choices import DivisionLevel

__all__ = ["responsibility_chain"]


def responsibility_chain(division, user):
    if division.level != DivisionLevel.COMMUNITY:
        return None
    if not user_may(user, "organizations.view_responsibilityassignment", division.code):
        return None
    from shequ.organizations.models import ResponsibilityAssignment

    chain = ResponsibilityAssignment.chain_of(division)
    rows = [
        (
            person.get_responsibility_display(),
            f"{person.person_name}（{person.position}）" if person.position else person.person_name,
        )
        for person in chain
    ]
    return (_("Responsibility chain"), rows or [(_("Not assigned"), "—")])
