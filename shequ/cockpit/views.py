"""The cockpit's pages: "my jurisdiction" (the home page, issue #13) and compliance with the policy (DESIGN.md §8)."""

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shequ.accounts.models import Assignment
from shequ.cockpit.compliance import check_detail, compliance, visible_divisions
from shequ.cockpit.rollups import (
    care_metric,
    check_metric,
    figures,
    metric,
    month_start,
    months_ending,
    runs_since,
    visible_codes,
    visible_prefixes,
)
from shequ.core.checks import Status, checks
from shequ.core.dbrouters import replica_view
from shequ.core.registry import model_views
from shequ.people.choices import CareCategory
from shequ.regions.choices import DivisionLevel
from shequ.regions.views import resolve_division
from shequ.workorders.supervision import on_time_rate

__all__ = ["CheckDetailView", "ComplianceView", "HomeView", "home_context"]


class HomeView(LoginRequiredMixin, View):
    """My jurisdiction at a glance (issue #13; SVC-3, SVC-4, SVC-5, ORG-3, ORG-5, WF-2): residents and households,
    care groups, work orders (intake, the honest on-time rate, yellow and red, satisfaction), the policy checks' pass
    rates, volunteers and training, with the last 12 months' trends and the child divisions side by side. Every
    figure comes from the rollup tables (`cockpit.rollups`), within what the user may see, and links to the list it
    counts. `?division=CODE` shows any division of the jurisdiction."""

    @replica_view
    def get(self, request):
        try:
            division = resolve_division(request.user, request.GET.get("division"))
        except Http404:
            if request.GET.get("division"):
                raise
            return render(request, "cockpit/home.html", {"division": None})
        return render(request, "cockpit/home.html", home_context(request.user, division))


def home_context(user, division, today=None) -> dict:
    today = today or timezone.localdate()
    this_month = month_start(today)
    months = months_ending(this_month)
    prefix = division.prefix
    children = list(visible_divisions(user).filter(parent=division).order_by("code"))
    metric_ids = [*HOME_METRICS, *(care_metric(c) for c in CareCategory.values)]
    metric_ids += [check_metric(check.id, status) for check in checks.values() for status in Status.values]
    trend = figures(user, [prefix], metric_ids, months)
    runs = runs_since(months[0])
    compared = figures(user, [c.prefix for c in children], CHILD_METRICS, [this_month])

    def value(metric_id, month=this_month, of=prefix, source=trend):
        return source.get((of, metric_id, month), Decimal(0))

    def seen(metric_id) -> bool:
        return bool(visible_codes(prefix, visible_prefixes(user, metric(metric_id))))

    def link(name, **query):
        return f"{reverse(name)}?{urlencode({'division': division.code, **query})}"

    period = {"division": division.code, "start": this_month.isoformat(), "end": today.isoformat()}
    statistics_url = f"{reverse('workorders:statistics')}?{urlencode(period)}"
    tiles = []

    def tile(group, metric_id, label, url, *, shown=None, text=None, figure_id=None):
        if seen(metric_id):
            number = value(metric_id)
            tiles.append(
                {
                    "group": group,
                    "id": figure_id or metric_id.replace(":", "-").replace("_", "-"),
                    "label": label,
                    "value": shown if shown is not None else number,
                    "text": text if text is not None else _number(number),
                    "url": url,
                }
            )

    tile("people", "residents", _("Residents present"), link("people:resident_list", residence_status="present"))
    tile("people", "households", _("Households in the register"), link("people:household_list"))
    tile("people", "floating", _("Floating residents"), link("people:floatingrecord_list"))
    care = [
        {
            "id": f"care-{category}",
            "label": label,
            "value": value(care_metric(category)),
            "text": _number(value(care_metric(category))),
            "url": link("people:carerecord_list", category=category),
        }
        for category, label in CareCategory.choices
        if seen(care_metric(category))
    ]
    orders = {}
    if seen("orders_intake"):
        on_time, closed, late = (value(m) for m in ("orders_on_time", "orders_closed", "orders_late_open"))
        satisfied, called_back = value("orders_satisfied"), value("orders_called_back")
        rate = on_time_rate(int(on_time), int(closed), int(late))
        orders = {
            "intake": int(value("orders_intake")),
            "on_time": int(on_time),
            "decided": int(closed + late),
            "closed": int(closed),
            "late_open": int(late),
            "on_time_rate": _percent(rate),
            "satisfied": int(satisfied),
            "called_back": int(called_back),
            "satisfaction_rate": _percent(satisfied / called_back if called_back else None),
            "statistics_url": statistics_url,
        }
    tile("orders", "orders_open", _("Open orders"), link("workorders:workorder_list", open="true"))
    tile("orders", "orders_yellow", _("Yellow: limit near"), link("workorders:workorder_list", alert="yellow"))
    tile("orders", "orders_red", _("Red: overdue"), link("workorders:workorder_list", alert="red"))
    tile("service", "volunteers", _("Active volunteers"), link("volunteers:volunteer_list", active="true"))
    tile(
        "service",
        "volunteer_hours",
        _("Verified volunteer hours this month"),
        link("volunteers:servicerecord_list", verified="true"),
    )
    tile(
        "service",
        "training_attendance",
        _("Training attendances"),
        link("workforce:trainingattendance_list"),
    )
    tile(
        "service",
        "training_hours",
        _("Training hours in courses starting this month"),
        link("workforce:trainingcourse_list"),
    )
    compliance_rows = []
    compliance_url = f"{reverse('cockpit:compliance')}?{urlencode({'division': division.code})}"
    for check in checks.values():
        ids = [check_metric(check.id, status) for status in Status.values]
        if not seen(ids[0]):
            continue
        counts = {status: int(value(i)) for status, i in zip(Status.values, ids, strict=True)}
        total = sum(counts.values())
        compliance_rows.append(
            {
                "check": check,
                "counts": counts,
                "total": total,
                "rate": _percent(counts[Status.OK] / total if total else None),
                "url": compliance_url,
            }
        )
    return {
        "division": division,
        "assignments": Assignment.objects.filter(user=user).select_related("division", "department"),
        "ancestors": _ancestors(user, division),
        "levels": [
            (label, int(value(f"divisions_{level}")))
            for level, label in DivisionLevel.choices
            if level in BELOW[division.level] and seen(f"divisions_{level}")
        ]
        + ([(_("Grids"), int(value("grids")))] if seen("grids") else []),
        "as_of": max(runs.values(), default=None),
        "month": this_month,
        "people": [t for t in tiles if t["group"] == "people"],
        "care": care,
        "orders": orders,
        "order_tiles": [t for t in tiles if t["group"] == "orders"],
        "service": [t for t in tiles if t["group"] == "service"],
        "compliance": compliance_rows,
        "compliance_url": compliance_url,
        "children": [
            {
                "division": child,
                "residents": int(value("residents", of=child.prefix, source=compared)),
                "intake": int(value("orders_intake", of=child.prefix, source=compared)),
                "red": int(value("orders_red", of=child.prefix, source=compared)),
                "on_time_rate_text": _percent(
                    on_time_rate(*(int(value(m, of=child.prefix, source=compared)) for m in ON_TIME_METRICS))
                ),
            }
            for child in children
        ],
        "charts": _charts(prefix, months, trend, children, compared, seen, counted=set(runs)),
    }


# The levels shown below each level ("3 streets · 40 communities").
BELOW = {
    DivisionLevel.CITY: (DivisionLevel.DISTRICT, DivisionLevel.STREET, DivisionLevel.COMMUNITY),
    DivisionLevel.DISTRICT: (DivisionLevel.STREET, DivisionLevel.COMMUNITY),
    DivisionLevel.STREET: (DivisionLevel.COMMUNITY,),
    DivisionLevel.COMMUNITY: (),
}
HOME_METRICS = (
    "divisions_district",
    "divisions_street",
    "divisions_community",
    "grids",
    "residents",
    "households",
    "floating",
    "orders_intake",
    "orders_closed",
    "orders_on_time",
    "orders_late_open",
    "orders_called_back",
    "orders_satisfied",
    "orders_open",
    "orders_yellow",
    "orders_red",
    "volunteers",
    "volunteer_hours",
    "training_attendance",
    "training_hours",
)
ON_TIME_METRICS = ("orders_on_time", "orders_closed", "orders_late_open")
CHILD_METRICS = ("residents", "orders_intake", "orders_red", *ON_TIME_METRICS)


def _charts(prefix, months, trend, children, compared, seen, counted) -> dict:
    """The charts' data, for `json_script` (the page carries no script of its own: CSP) and `cockpit/charts.js`."""

    # A state (residents) is known only for the months a run took place in (`counted`): elsewhere a gap, not a zero.

    def series(metric_id, source=trend):
        state = metric(metric_id).state
        return [
            float(source.get((prefix, metric_id, month), 0)) if not state or month in counted else None
            for month in months
        ]

    def rate_series():
        rates = []
        for month in months:
            on_time, closed, late = (int(trend.get((prefix, m, month), 0)) for m in ON_TIME_METRICS)
            rate = on_time_rate(on_time, closed, late)
            rates.append(round(rate * 100, 1) if rate is not None else None)
        return rates

    charts: dict[str, Any] = {"months": [f"{m:%Y-%m}" for m in months]}
    if seen("orders_intake"):
        satisfaction = []
        for month in months:
            called = trend.get((prefix, "orders_called_back", month), 0)
            satisfied = trend.get((prefix, "orders_satisfied", month), 0)
            satisfaction.append(round(float(satisfied / called) * 100, 1) if called else None)
        charts["orders"] = [
            {"name": str(_("Orders taken in")), "type": "bar", "data": series("orders_intake")},
            {"name": str(_("On-time rate (%)")), "type": "line", "axis": 1, "data": rate_series()},
            {"name": str(_("Satisfaction rate (%)")), "type": "line", "axis": 1, "data": satisfaction},
        ]
    people = []
    if seen("residents"):
        people.append({"name": str(_("Residents present")), "type": "line", "data": series("residents")})
    if seen("volunteer_hours"):
        people.append(
            {"name": str(_("Verified volunteer hours")), "type": "bar", "axis": 1, "data": series("volunteer_hours")}
        )
    if people:
        charts["people"] = people
    if children:
        names = [child.name for child in children]

        def child_value(child, metric_id):
            return float(compared.get((child.prefix, metric_id, months[-1]), 0))

        comparison: list[dict[str, Any]] = []
        if seen("residents"):
            comparison.append(
                {
                    "name": str(_("Residents present")),
                    "type": "bar",
                    "data": [child_value(c, "residents") for c in children],
                }
            )
        if seen("orders_intake"):
            rates = []
            for child in children:
                rate = on_time_rate(*(int(child_value(child, m)) for m in ON_TIME_METRICS))
                rates.append(round(rate * 100, 1) if rate is not None else None)
            comparison.append({"name": str(_("On-time rate (%)")), "type": "bar", "axis": 1, "data": rates})
        if comparison:
            charts["children"] = {"names": names, "series": comparison}
    return charts


def _number(value) -> str:
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"


def _percent(rate) -> str:
    return f"{rate:.1%}" if rate is not None else "—"


def _ancestors(user, division) -> list:
    ancestors: list = []
    parent = division.parent
    while parent is not None and visible_divisions(user).filter(pk=parent.pk).exists():
        ancestors.insert(0, parent)
        parent = parent.parent
    return ancestors


class ComplianceView(LoginRequiredMixin, View):
    """The compliance page of a city, district, street or community."""

    @replica_view
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
    @replica_view
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
