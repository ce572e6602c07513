"""Compliance with the policy's rules, for any division in the user's jurisdiction (issue #4, DESIGN.md §8).

The page and the API answer the same question with the same data: for a city or district, each child division's
communities counted by status per check; for a street (or a community), the matrix of its communities × checks;
for one community and check, the value, the target and the records behind the answer.

A city or district counts thousands of communities: evaluating every check for each of them takes seconds (5.2 s
for 7,000 communities), so there the page reads the hourly rollups (ADR 0012), which hold each division's
communities per status per check, and says as of when; a street's or a community's matrix is evaluated now (a few
dozen communities). Before the first rollup run of the month a city is evaluated now too.
"""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from shequ.cockpit.models import RollupRun
from shequ.cockpit.rollups import check_metric, figures, month_start
from shequ.core.checks import Outcome, Status, checks, rollup
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = ["Compliance", "check_detail", "check_json", "compliance", "outcome_json", "visible_divisions"]


@dataclass
class Compliance:
    division: object
    communities: list  # listed one by one: a street's or a community's; empty when read from the rollups
    outcomes: dict  # check id → {community code → Outcome}, for `communities`
    children: list  # (child division, {check id → counts}) for cities and districts
    totals: dict = field(default_factory=dict)  # check id → {"ok": n, "violation": n, "unknown": n}
    community_count: int = 0
    as_of: datetime | None = None  # the rollup run the counts come from; None: evaluated now

    def matrix(self) -> list:
        return [(c, [(check, self.outcomes[check.id][c.code]) for check in checks.values()]) for c in self.communities]


def visible_divisions(user):
    return Division.objects.restrict(user)


def compliance(user, division, today=None, *, live: bool = False) -> Compliance:
    """The answers for `division` within the user's jurisdiction; `live` evaluates a city or district now even when
    this month's rollups exist (the rollup refresh and its tests)."""
    today = today or timezone.localdate()
    if division.level in (DivisionLevel.CITY, DivisionLevel.DISTRICT) and not live:
        run = RollupRun.objects.filter(last_month=month_start(today)).order_by("-until").first()
        if run is not None:
            return _from_rollups(user, division, run)
    communities = list(visible_divisions(user).communities().within(division.prefix).order_by("code"))
    if division.level == DivisionLevel.COMMUNITY:
        communities = [division]
    outcomes = {check.id: check.evaluate(communities, today) for check in checks.values()}
    codes = [c.code for c in communities]
    totals = {check_id: rollup(results, codes) for check_id, results in outcomes.items()}
    children = []
    if division.level in (DivisionLevel.CITY, DivisionLevel.DISTRICT):
        for child in visible_divisions(user).filter(parent=division).order_by("code"):
            child_codes = [code for code in codes if code.startswith(child.prefix)]
            children.append((child, {check_id: rollup(results, child_codes) for check_id, results in outcomes.items()}))
    return Compliance(division, communities, outcomes, children, totals, len(communities))


def _from_rollups(user, division, run: RollupRun) -> Compliance:
    """A city's or district's counts from the rollup run `run`: a few hundred rows, whatever the city's size."""
    month = run.last_month
    children = list(visible_divisions(user).filter(parent=division).order_by("code"))
    prefixes = [division.prefix] + [child.prefix for child in children]
    metric_ids = [check_metric(check_id, status) for check_id in checks for status in Status.values]
    values = figures(user, prefixes, [*metric_ids, "divisions_community"], [month])

    def counts(prefix: str) -> dict:
        def count(check_id: str, status: str) -> int:
            return int(values.get((prefix, check_metric(check_id, status), month), 0))

        return {check_id: {status: count(check_id, status) for status in Status.values} for check_id in checks}

    return Compliance(
        division,
        communities=[],
        outcomes={},
        children=[(child, counts(child.prefix)) for child in children],
        totals=counts(division.prefix),
        community_count=int(values.get((division.prefix, "divisions_community", month), 0)),
        as_of=run.until,
    )


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
