"""The compliance API: the same answers as the compliance pages, as JSON (`/api/checks/`, DESIGN.md §8)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shequ.cockpit.compliance import check_detail, check_json, compliance, outcome_json
from shequ.core.checks import checks
from shequ.core.dbrouters import replica_view
from shequ.regions.views import resolve_division

__all__ = ["CheckDetailApiView", "ComplianceApiView"]


class ComplianceApiView(APIView):
    """`GET /api/checks/?division=CODE`: the checks, the division's totals, its children's roll-ups and, for a street
    or a community, every community's outcome, within the caller's jurisdiction. A city's or district's counts come
    from the hourly rollups once this month's exist (`as_of`; ADR 0012): ask its streets for their communities."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="checks_compliance",
        summary="Compliance with the policy's rules",
        parameters=[OpenApiParameter("division", str, description="12-digit division code (default: yours)")],
        responses=OpenApiTypes.OBJECT,
    )
    @replica_view
    def get(self, request):
        division = resolve_division(request.user, request.query_params.get("division"))
        result = compliance(request.user, division)
        return Response(
            {
                "division": {"code": division.code, "name": division.name, "level": division.level},
                "checks": [check_json(check) for check in checks.values()],
                "as_of": result.as_of,
                "community_count": result.community_count,
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
    @replica_view
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
