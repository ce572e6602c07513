"""The policy's organisational norms as checks (ORG-3, ORG-4; DESIGN.md §8)."""

import math
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.checks import Outcome, PolicyCheck, Status, count_by_code, register_check
from shequ.organizations.choices import SubcommitteeKind
from shequ.organizations.models import CommitteeMember, ResidentGroup, ResidentsCommittee, Subcommittee
from shequ.people.models import Household
from shequ.places.models import Building

__all__ = ["BuildingHeads", "CommitteeSize", "GroupLeaders", "HouseholdsPerCommunity", "Subcommittees"]

COMMITTEE_SIZE = (5, 9)
HOUSEHOLDS_PER_LEADER = (300, 500)


def current_committees(codes, today) -> dict[str, ResidentsCommittee]:
    """Each community's committee term that covers `today` (the latest started, should terms overlap)."""
    codes, found = list(codes), {}
    for start in range(0, len(codes), 500):
        terms = (
            ResidentsCommittee.objects.filter(division_code__in=codes[start : start + 500], term_start__lte=today)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
            .order_by("division_code", "term_start")
        )
        found.update({committee.division_code: committee for committee in terms})
    return found


def household_counts(codes) -> dict[str, int]:
    return count_by_code(Household.objects.all(), codes)


@register_check
class HouseholdsPerCommunity(PolicyCheck):
    id = "org-3-households"
    requirement = "ORG-3"
    title = gettext_lazy("About 3,000 households")
    description = gettext_lazy("A community has about 3,000 households (the band is set by SHEQU_HOUSEHOLDS_BAND).")

    def evaluate(self, communities, today):
        low, high = settings.SHEQU_HOUSEHOLDS_BAND
        counts = household_counts(c.code for c in communities)
        target = _("{low}–{high} households").format(low=low, high=high)
        outcomes = {}
        for community in communities:
            households = counts.get(community.code, 0)
            if households == 0:
                status = Status.UNKNOWN
            else:
                status = Status.OK if low <= households <= high else Status.VIOLATION
            outcomes[community.code] = Outcome(status, str(households), target)
        return outcomes

    def records(self, community, user, today):
        return []


@register_check
class CommitteeSize(PolicyCheck):
    id = "org-3-committee-size"
    requirement = "ORG-3"
    title = gettext_lazy("Committee of 5–9 members")
    description = gettext_lazy("The current residents' committee has five to nine members.")
    remedy = ("organizations:committeemember_add", "organizations.add_committeemember")

    def evaluate(self, communities, today):
        committees = current_committees((c.code for c in communities), today)
        sizes = dict(
            CommitteeMember.objects.filter(committee__in=[c.pk for c in committees.values()])
            .values("committee")
            .annotate(n=Count("pk"))
            .values_list("committee", "n")
        )
        low, high = COMMITTEE_SIZE
        target = _("{low}–{high} members").format(low=low, high=high)
        outcomes = {}
        for community in communities:
            committee = committees.get(community.code)
            if committee is None:
                outcomes[community.code] = Outcome(Status.UNKNOWN, _("no current committee"), target)
                continue
            size = sizes.get(committee.pk, 0)
            status = Status.OK if low <= size <= high else Status.VIOLATION
            outcomes[community.code] = Outcome(status, str(size), target)
        return outcomes

    def records(self, community, user, today):
        committee = current_committees([community.code], today).get(community.code)
        if committee is None:
            return CommitteeMember.objects.none()
        return CommitteeMember.objects.restrict(user).filter(committee=committee)

    def remedy_query(self, community, today):
        committee = current_committees([community.code], today).get(community.code)
        return {"committee": committee.pk} if committee else {}


@register_check
class Subcommittees(PolicyCheck):
    id = "org-3-subcommittees"
    requirement = "ORG-3"
    title = gettext_lazy("All five subcommittees")
    description = gettext_lazy(
        "The current committee has the people's mediation, public security, public health, family planning and "
        "mass culture subcommittees."
    )
    remedy = ("organizations:subcommittee_add", "organizations.add_subcommittee")

    def evaluate(self, communities, today):
        committees = current_committees((c.code for c in communities), today)
        kinds = defaultdict(set)
        for committee_id, kind in Subcommittee.objects.filter(
            committee__in=[c.pk for c in committees.values()]
        ).values_list("committee", "kind"):
            kinds[committee_id].add(kind)
        target = _("{n} of {n}").format(n=len(SubcommitteeKind.values))
        outcomes = {}
        for community in communities:
            committee = committees.get(community.code)
            if committee is None:
                outcomes[community.code] = Outcome(Status.UNKNOWN, _("no current committee"), target)
                continue
            missing = [str(label) for kind, label in SubcommitteeKind.choices if kind not in kinds[committee.pk]]
            status = Status.VIOLATION if missing else Status.OK
            value = _("{n} of {total}").format(
                n=len(SubcommitteeKind.values) - len(missing), total=len(SubcommitteeKind.values)
            )
            detail = [_("Missing: {kinds}").format(kinds="、".join(missing))] if missing else []
            outcomes[community.code] = Outcome(status, value, target, detail)
        return outcomes

    def records(self, community, user, today):
        committee = current_committees([community.code], today).get(community.code)
        if committee is None:
            return Subcommittee.objects.none()
        return Subcommittee.objects.restrict(user).filter(committee=committee).prefetch_related("members")

    def remedy_query(self, community, today):
        committee = current_committees([community.code], today).get(community.code)
        if committee is None:
            return {}
        present = set(Subcommittee.objects.filter(committee=committee).values_list("kind", flat=True))
        missing = [kind for kind in SubcommitteeKind.values if kind not in present]
        return {"committee": committee.pk, **({"kind": missing[0]} if missing else {})}


@register_check
class GroupLeaders(PolicyCheck):
    id = "org-4-group-leaders"
    requirement = "ORG-4"
    title = gettext_lazy("A group leader per 300–500 households")
    description = gettext_lazy(
        "Resident-group leaders: at least one per 500 households and, where that allows, no more than one per 300."
    )
    remedy = ("organizations:residentgroup_add", "organizations.add_residentgroup")

    @staticmethod
    def band(households: int) -> tuple[int, int]:
        """How many leaders `households` need: at least ⌈h/500⌉, at most ⌊h/300⌋ (never fewer than the least)."""
        low, high = HOUSEHOLDS_PER_LEADER
        fewest = max(1, math.ceil(households / high))
        return fewest, max(fewest, households // low)

    def evaluate(self, communities, today):
        codes = [c.code for c in communities]
        households = household_counts(codes)
        leaders = count_by_code(ResidentGroup.objects.exclude(leader_name="", leader__isnull=True), codes)
        outcomes = {}
        for community in communities:
            count = households.get(community.code, 0)
            if count == 0:
                outcomes[community.code] = Outcome(Status.UNKNOWN, _("no households registered"), "")
                continue
            fewest, most = self.band(count)
            have = leaders.get(community.code, 0)
            target = _("{fewest}–{most} leaders for {households} households").format(
                fewest=fewest, most=most, households=count
            )
            status = Status.OK if fewest <= have <= most else Status.VIOLATION
            outcomes[community.code] = Outcome(status, _("{n} leaders").format(n=have), target)
        return outcomes

    def records(self, community, user, today):
        return ResidentGroup.objects.restrict(user).filter(community=community)


@register_check
class BuildingHeads(PolicyCheck):
    id = "org-4-building-heads"
    requirement = "ORG-4"
    title = gettext_lazy("A head for every building")
    description = gettext_lazy("Every building has a building head; the drill-down lists the buildings without one.")
    remedy = ("organizations:buildinghead_add", "organizations.add_buildinghead")

    def evaluate(self, communities, today):
        codes = [c.code for c in communities]
        buildings = count_by_code(Building.objects.all(), codes)
        headless = count_by_code(Building.objects.filter(heads__isnull=True), codes)
        outcomes = {}
        for community in communities:
            total = buildings.get(community.code, 0)
            if total == 0:
                outcomes[community.code] = Outcome(Status.UNKNOWN, _("no buildings registered"), "")
                continue
            missing = headless.get(community.code, 0)
            value = _("{missing} of {total} buildings without a head").format(missing=missing, total=total)
            outcomes[community.code] = Outcome(Status.VIOLATION if missing else Status.OK, value, _("0 without a head"))
        return outcomes

    def records(self, community, user, today):
        return Building.objects.restrict(user).filter(community=community, heads__isnull=True)
