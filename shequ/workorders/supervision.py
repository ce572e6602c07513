"""Supervision and statistics of the call centre for any division in the user's jurisdiction (issue #5, SVC-5).

Supervision: open orders by stage, and yellow / red by handling unit, worst first — "which unit is late".
Statistics: volume, on-time rate, satisfaction (satisfied or basically satisfied among call-backs), by category, by
unit and by division, for a period; the same tables as an Excel workbook.

The on-time rate is honest (issue #13): of the orders taken in during the period, those closed with their reply
within the limit, over every closed order *plus every open order already past its limit* (red), which is late
whatever happens next. Counting replied orders only showed 100 % beside red-card overdue orders. The cockpit's
rollups (`shequ.cockpit.rollups`) count with the same `on_time_q` and `late_open_q`.
"""

import io
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.dbrouters import replica_view
from shequ.regions.views import resolve_division
from shequ.workorders.access import may_act
from shequ.workorders.choices import OrderStatus, Satisfaction
from shequ.workorders.models import HandlingUnit, SweepRun, UnitLoad, WorkOrder
from shequ.workorders.querysets import overdue_q
from shequ.workorders.steps import STEPS

__all__ = ["StatisticsView", "SupervisionView", "late_open_q", "on_time_q", "on_time_rate", "statistics", "summarise"]


class OrdersPage(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("workorders.view_workorder"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def orders(self, division):
        return WorkOrder.objects.restrict(self.request.user).within(division.prefix)


class SupervisionView(OrdersPage):
    """Open orders by stage and by unit, worst first, and the longest overdue. The counts come from the latest
    clock pass (`UnitLoad`, at most `SHEQU_SUPERVISION_MAX_AGE` seconds old, its time shown), else are counted
    live; the overdue list is always live (an index in due order answers it)."""

    def get(self, request):
        division = resolve_division(request.user, request.GET.get("division"))
        now = timezone.now()
        latest = SweepRun.objects.order_by("-until").first()
        fresh = latest is not None and now - latest.until <= timedelta(seconds=settings.SHEQU_SUPERVISION_MAX_AGE)
        if fresh:
            rows = (
                UnitLoad.objects.restrict(request.user)
                .within(division.prefix)
                .values("unit", "status", "red", "yellow", n=F("open"))
            )
        else:
            rows = self.orders(division).load(now, "unit")
        stages, units = summarise(rows)
        late = list(self.orders(division).overdue(now).select_related("unit", "category").order_by("red_at")[:50])
        # 催办 (urge) where the user may press the order's unit (issue #13): a button on the overdue row.
        urgeable = {order.pk for order in late if STEPS["urge"].open_to(order) and may_act(request.user, order, "urge")}
        return render(
            request,
            "workorders/supervision.html",
            {
                "division": division,
                "as_of": latest.until if fresh else None,
                "stages": [
                    (status, label, stages.get(status, 0))
                    for status, label in OrderStatus.choices
                    if status != OrderStatus.CLOSED
                ],
                "units": units,
                "late": late,
                "urgeable": urgeable,
            },
        )


def summarise(rows) -> tuple[dict[str, int], list[dict]]:
    """Rows of (unit, status, n, yellow, red) → open orders by stage, and open / yellow / red by unit, worst
    first."""
    stages: dict[str, int] = {}
    by_unit: dict[int | None, dict] = {}
    for row in rows:
        stages[row["status"]] = stages.get(row["status"], 0) + row["n"]
        unit = by_unit.setdefault(row["unit"], {"unit": row["unit"], "open": 0, "yellow": 0, "red": 0})
        unit["open"] += row["n"]
        unit["yellow"] += row["yellow"]
        unit["red"] += row["red"]
    names = dict(HandlingUnit.objects.filter(pk__in=[pk for pk in by_unit if pk]).values_list("pk", "name"))
    for unit in by_unit.values():
        unit["unit__name"] = names.get(unit["unit"])
        unit["unit_text"] = str(unit["unit"] or "")  # for the list link the template builds
    units = sorted(by_unit.values(), key=lambda u: (-u["red"], -u["yellow"], -u["open"], u["unit__name"] or ""))
    return stages, units


def on_time_q() -> Q:
    """Closed, and replied within the limit; an order settled on the spot, never on the clock, has no limit to
    miss (SVC-5, SVC-8)."""
    return Q(status=OrderStatus.CLOSED) & (Q(red_at__isnull=True) | Q(replied_at__lte=F("red_at")))


def late_open_q(now) -> Q:
    """Open and already past its limit (red): late, whenever it is closed (issue #13)."""
    return overdue_q(now)


def on_time_rate(on_time: int, closed: int, late_open: int) -> float | None:
    """Closed on time over closed plus open-and-overdue (issue #13); None when nothing is decided yet."""
    decided = closed + late_open
    return on_time / decided if decided else None


def _measures(now=None) -> dict:
    """The statistics' counts, as aggregates: one definition for the totals and every grouping."""
    now = now or timezone.now()
    return {
        "total": Count("pk"),
        "closed": Count("pk", filter=Q(status=OrderStatus.CLOSED)),
        "late_open": Count("pk", filter=late_open_q(now)),
        "on_time": Count("pk", filter=on_time_q()),
        "called_back": Count("pk", filter=Q(callback_at__isnull=False)),
        "satisfied": Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
    }


def _rates(queryset) -> dict:
    return _with_rates(queryset.aggregate(**_measures()))


def _with_rates(counts: dict) -> dict:
    counts["decided"] = counts["closed"] + counts["late_open"]
    counts["on_time_rate"] = on_time_rate(counts["on_time"], counts["closed"], counts["late_open"])
    counts["satisfaction_rate"] = counts["satisfied"] / counts["called_back"] if counts["called_back"] else None
    for name in ("on_time_rate", "satisfaction_rate"):
        counts[f"{name}_text"] = f"{counts[name]:.1%}" if counts[name] is not None else "—"
    return counts


def _grouped(queryset, key: str, label: str) -> list[dict]:
    rows = queryset.values(key, label).annotate(**_measures()).order_by("-total", label)
    return [_with_rates({**row, "name": row[label] or "—"}) for row in rows]


def statistics(queryset, division) -> dict:
    from shequ.regions.models import Division

    by_division = []
    for child in Division.objects.filter(parent=division).order_by("code"):
        counts = _rates(queryset.within(child.prefix))
        if counts["total"]:
            by_division.append({**counts, "name": child.name})
    return {
        "totals": _rates(queryset),
        "by_category": _grouped(queryset, "category", "category__name"),
        "by_unit": _grouped(queryset, "unit", "unit__name"),
        "by_division": by_division,
    }


class StatisticsView(OrdersPage):
    @replica_view  # counts only: the read replica when there is one (issue #18, ADR 0016)
    def get(self, request):
        division = resolve_division(request.user, request.GET.get("division"))
        today = timezone.localdate()
        start = parse_date(request.GET.get("start", "") or "") or today - timedelta(days=30)
        end = parse_date(request.GET.get("end", "") or "") or today
        orders = self.orders(division).filter(created__date__gte=start, created__date__lte=end)
        data = statistics(orders, division)
        if request.GET.get("export") == "xlsx":
            log_access(
                AccessEvent.EXPORT,
                user=request.user,
                division_code=division.code,
                export="workorder statistics",
                start=str(start),
                end=str(end),
            )
            return self.workbook(data, division, start, end)
        return render(request, "workorders/statistics.html", {"division": division, "start": start, "end": end, **data})

    @staticmethod
    def workbook(data, division, start, end) -> HttpResponse:
        import xlsxwriter

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        percent = book.add_format({"num_format": "0.0%"})
        headers = [
            _("name"),
            _("orders"),
            _("closed"),
            _("open and overdue"),
            _("on time"),
            _("on-time rate"),
            _("call-backs"),
            _("satisfied"),
            _("satisfaction rate"),
        ]
        for title, rows in (
            (_("By category"), data["by_category"]),
            (_("By unit"), data["by_unit"]),
            (_("By division"), data["by_division"]),
        ):
            sheet = book.add_worksheet(title)
            sheet.write_row(0, 0, headers)
            for index, row in enumerate(rows, start=1):
                sheet.write_row(index, 0, [row["name"], row["total"], row["closed"], row["late_open"], row["on_time"]])
                sheet.write(index, 5, row["on_time_rate"] if row["on_time_rate"] is not None else "", percent)
                sheet.write_row(index, 6, [row["called_back"], row["satisfied"]])
                sheet.write(index, 8, row["satisfaction_rate"] if row["satisfaction_rate"] is not None else "", percent)
            sheet.set_column(0, 0, 24)
        book.close()
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename=workorders-{division.code}-{start}-{end}.xlsx"
        return response
