"""The cockpit's pages: "my jurisdiction" (the home page) and compliance with the policy (DESIGN.md §8)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.shortcuts import render
from django.views import View

from shequ.accounts.models import Assignment
from shequ.cockpit.compliance import check_detail, compliance, visible_divisions
from shequ.core.checks import checks
from shequ.core.registry import model_views
from shequ.regions.models import Division, Grid
from shequ.regions.views import resolve_division

__all__ = ["CheckDetailView", "ComplianceView", "HomeView"]


class HomeView(LoginRequiredMixin, View):
    """My jurisdiction: each assignment's division with what lies below it, counted within the user's scope."""

    def get(self, request):
        cards = []
        assignments = Assignment.objects.filter(user=request.user).select_related("division", "department")
        for assignment in assignments:
            division = assignment.division
            levels = dict(
                Division.objects.restrict(request.user)
                .within(division.prefix)
                .values("level")
                .annotate(n=Count("id"))
                .values_list("level", "n")
            )
            grids = Grid.objects.restrict(request.user).within(division.prefix).count()
            cards.append({"assignment": assignment, "division": division, "levels": levels, "grids": grids})
        return render(request, "cockpit/home.html", {"cards": cards})


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
            "cockpit/compliance.html",
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
            "cockpit/check_detail.html",
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
