"""Compliance with the policy's rules, for any division in the user's jurisdiction (issue #4, DESIGN.md §8).

The page and the API answer the same question with the same data: for a city or district, each child division's
communities counted by status per check; for a street (or a community), the matrix of its communities × checks;
for one community and check, the value, the target and the records behind the answer.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from shequ.core.checks import Outcome, checks, rollup
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = ["Compliance", "check_detail", "check_json", "compliance", "outcome_json", "visible_divisions"]


@dataclass
class Compliance:
    division: object
    communities: list
    outcomes: dict  # check id → {community code → Outcome}
    children: list  # (child division, {check id → counts}) for cities and districts

    @property
    def totals(self) -> dict:
        codes = [c.code for c in self.communities]
        return {check_id: rollup(results, codes) for check_id, results in self.outcomes.items()}

    def matrix(self) -> list:
        return [(c, [(check, self.outcomes[check.id][c.code]) for check in checks.values()]) for c in self.communities]


def visible_divisions(user):
    return Division.objects.restrict(user)


def compliance(user, division, today=None) -> Compliance:
    today = today or timezone.localdate()
    communities = list(visible_divisions(user).communities().within(division.prefix).order_by("code"))
    if division.level == DivisionLevel.COMMUNITY:
        communities = [division]
    outcomes = {check.id: check.evaluate(communities, today) for check in checks.values()}
    children = []
    if division.level in (DivisionLevel.CITY, DivisionLevel.DISTRICT):
        for child in visible_divisions(user).filter(parent=division).order_by("code"):
            codes = [c.code for c in communities if c.code.startswith(child.prefix)]
            children.append((child, {check_id: rollup(results, codes) for check_id, results in outcomes.items()}))
    return Compliance(division, communities, outcomes, children)


def check_detail(user, check_id: str, community_code: str, today=None):
    check = checks.get(check_id)
    community = visible_divisions(user).communities().filter(code=community_code).first()
    if check is None or community is None:
        raise Http404
    today = today or timezone.localdate()
    outcome = check.evaluate([community], today)[community.code]
    records = list(check.records(community, user, today))
    remedy = None
    if check.remedy and user.has_perm(check.remedy[1]):
        query = check.remedy_query(community, today)
        remedy = reverse(check.remedy[0]) + (f"?{urlencode(query)}" if query else "")
    return check, community, outcome, records, remedy


def outcome_json(outcome: Outcome) -> dict:
    return {"status": outcome.status, "value": outcome.value, "target": outcome.target, "detail": outcome.detail}


def check_json(check) -> dict:
    return {
        "id": check.id,
        "requirement": check.requirement,
        "title": str(check.title),
        "description": str(check.description),
    }
