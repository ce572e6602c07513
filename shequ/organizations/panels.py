"""What the organisations add to a community's page (`core.registry.register_division_panel`): its responsibility
chain (GUAR-1) — the district's first responsible and the street's directly responsible in office today — and this
year's multi-channel investment (FIN-4), each for whoever may see it there."""

from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.rights import user_may
from shequ.regions.choices import DivisionLevel

__all__ = ["contributions_this_year", "responsibility_chain"]


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


def contributions_this_year(division, user):
    """This year's contributions to the community by channel, with their total and count (FIN-4)."""
    if division.level != DivisionLevel.COMMUNITY:
        return None
    if not user_may(user, "organizations.view_contribution", division.code):
        return None
    from shequ.organizations.choices import ContributionChannel
    from shequ.organizations.contributions import community_totals
    from shequ.organizations.models import Contribution

    year = timezone.localdate().year
    totals = community_totals(Contribution.objects.restrict(user, "view"), division, year)
    title = _("Multi-channel investment in {year}").format(year=year)
    if not totals.count:
        return (title, [(_("No contributions recorded"), "—")])
    rows = [
        (str(label), _("{value} yuan").format(value=f"{value:,.2f}"))
        for label, value in zip(ContributionChannel.labels, totals.channel_list(), strict=True)
        if value
    ]
    total = _("{value} yuan in {count} contributions").format(value=f"{totals.total:,.2f}", count=totals.count)
    rows.append((_("Total"), total))
    return (title, rows)
