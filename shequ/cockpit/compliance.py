"""Compliance with the policy's rules, for any division in the user's jurisdiction (issue #4, DESIGN.md §8).

The page and the API answer the same question with the same data: for a city or district, each child division's
communities counted by status per check; for a street (or a community), the matrix of its communities × checks;
for one community and check, the value, the target and the records behind the answer.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shequ.core.checks import Outcome, checks, rollup
from shequ.core.registry import model_views

__all__ = ["CheckDetailApiView", "CheckDetailView", "ComplianceApiView", "ComplianceView", "compliance"]


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
    from shequ.regions.models import Division

    return Division.objects.restrict(user)


def resolve_division(user, code: str | None):
    """The division asked for, or the user's highest one; anything outside the jurisdiction is not found."""
    divisions = visible_divisions(user)
    if code:
        division = divisions.filter(code=code).first()
    else:
        from shequ.regions.choices import DivisionLevel

        order = list(DivisionLevel.values)
        division = min(
            divisions.filter(pk__in=user.assignments.values("division")),
            default=None,
            key=lambda d: order.index(d.level),
        )
    if division is None:
        raise Http404
    return division


def compliance(user, division, today=None) -> Compliance:
    from shequ.regions.choices import DivisionLevel

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


class ComplianceView(LoginRequiredMixin, View):
    """The compliance page of a city, district, street or community."""

    def get(self, request):
        division = resolve_division(request.user, request.GET.get("division"))
        result = compliance(request.user, division)
        ancestors = []
        parent = division.parent
        while parent is not None and visible_divisions(request.user).filter(pk=parent.pk).exists():
            ancestors.insert(0, parent)
            parent = parent.parent
        totals = result.totals
        return render(
            request,
            "core/compliance.html",
            {
                "result": result,
                "checks": list(checks.values()),
                "ancestors": ancestors,
                "totals": [(check, totals[check.id]) for check in checks.values()],
                "children": [(child, [counts[c] for c in checks]) for child, counts in result.children],
            },
        )


class CheckDetailView(LoginRequiredMixin, View):
    def get(self, request, check_id, code):
        check, community, outcome, records, remedy = check_detail(request.user, check_id, code)
        # The records in their register's own columns (a check's records are all of one model).
        views = model_views.get(type(records[0])) if records else None
        table = views.table() if views else None
        return render(
            request,
            "core/check_detail.html",
            {
                "check": check,
                "community": community,
                "outcome": outcome,
                "records": records,
                "table": table,
                "rows": [(record, table.cells(record)) for record in records] if table else [],
                "remedy": remedy,
            },
        )


class ComplianceApiView(APIView):
    """`GET /api/checks/?division=CODE`: the checks, the division's totals, its children's roll-ups and every
    community's outcome, within the caller's jurisdiction."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="checks_compliance",
        summary="Compliance with the policy's rules",
        parameters=[OpenApiParameter("division", str, description="12-digit division code (default: yours)")],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        division = resolve_division(request.user, request.query_params.get("division"))
        result = compliance(request.user, division)
        return Response(
            {
                "division": {"code": division.code, "name": division.name, "level": division.level},
                "checks": [check_json(check) for check in checks.values()],
                "totals": result.totals,
                "children": [
                    {"code": child.code, "name": child.name, "level": child.level, "totals": counts}
                    for child, counts in result.children
                ],
                "communities": [
                    {
                        "code": community.code,
                        "name": community.name,
                        "results": {check.id: outcome_json(outcome) for check, outcome in row},
                    }
                    for community, row in result.matrix()
                ],
            }
        )


class CheckDetailApiView(APIView):
    """`GET /api/checks/<check>/<community>/`: one community's answer and the records behind it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="checks_detail",
        summary="One check for one community, with its records",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, check_id, code):
        check, community, outcome, records, _remedy = check_detail(request.user, check_id, code)
        return Response(
            {
                "check": check_json(check),
                "community": {"code": community.code, "name": community.name},
                **outcome_json(outcome),
                "records": [
                    {
                        "type": record._meta.label_lower,
                        "id": record.pk,
                        "label": str(record),
                        "url": record.get_absolute_url(),
                    }
                    for record in records
                ],
            }
        )
