"""The function-room standard as a check (FAC-2; DESIGN.md §8): each community's gaps against the standard in force.

The standard's items are the city's data ("18室1厅1站6栏" entered as `FunctionItem`s); a community meets it when its
registered facilities, together, serve every item (one room may serve several, 一室多用). Without a standard in force,
without items, or without a single facility registered the answer is unknown: missing data is not compliance.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.checks import Outcome, PolicyCheck, Status, count_by_code, register_check
from shequ.facilities.models import Facility, FunctionStandard

__all__ = ["FunctionRoomGaps", "standard_in_force"]


def standard_in_force():
    """The one standard in force (a constraint allows no second), or None."""
    return FunctionStandard.objects.filter(in_force=True).first()


def covered_items(codes, standard) -> dict[str, set[int]]:
    """The standard's items each community's facilities serve, by community code, in chunks."""
    codes, covered = list(codes), defaultdict(set)
    through = Facility.uses.through.objects
    for start in range(0, len(codes), 500):
        rows = through.filter(
            facility__division_code__in=codes[start : start + 500], functionitem__standard=standard
        ).values_list("facility__division_code", "functionitem_id")
        for code, item in rows.distinct():
            covered[code].add(item)
    return covered


@register_check
class FunctionRoomGaps(PolicyCheck):
    id = "fac-2-function-rooms"
    requirement = "FAC-2"
    title = gettext_lazy("Function rooms to the standard")
    description = gettext_lazy(
        "The community's registered facilities serve every item of the function-room standard in force "
        "(18室1厅1站6栏); one room may serve several."
    )
    remedy = ("facilities:facility_add", "facilities.add_facility")

    def evaluate(self, communities, today):
        standard = standard_in_force()
        items = list(standard.items.order_by("sequence", "name")) if standard else []
        if not items:
            value = _("no standard in force") if standard is None else _("the standard has no items")
            target = str(standard) if standard else ""
            return {c.code: Outcome(Status.UNKNOWN, value, target) for c in communities}
        codes = [c.code for c in communities]
        facilities = count_by_code(Facility.objects.all(), codes)
        covered = covered_items(codes, standard)
        target = _("{n} items of {standard}").format(n=len(items), standard=standard)
        outcomes = {}
        for community in communities:
            if not facilities.get(community.code):
                outcomes[community.code] = Outcome(Status.UNKNOWN, _("no facilities registered"), target)
                continue
            missing = [item.name for item in items if item.pk not in covered[community.code]]
            value = _("{n} of {total}").format(n=len(items) - len(missing), total=len(items))
            detail = [_("Missing: {items}").format(items="、".join(missing))] if missing else []
            outcomes[community.code] = Outcome(Status.VIOLATION if missing else Status.OK, value, target, detail)
        return outcomes

    def records(self, community, user, today):
        return Facility.objects.restrict(user).filter(division_code=community.code).prefetch_related("uses")

    def remedy_query(self, community, today):
        return {"community": community.pk}
