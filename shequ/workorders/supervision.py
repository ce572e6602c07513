"""Supervision and statistics of the call centre for any division in the user's jurisdiction (issue #5, SVC-5).

Supervision: open orders by stage, and yellow / red by handling unit, worst first — "which unit is late".
Statistics: volume, on-time rate (replied before the limit), satisfaction (satisfied or basically satisfied among
call-backs), by category, by unit and by division, for a period; the same tables as an Excel workbook.
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
from shequ.regions.views import resolve_division
from shequ.workorders.choices import OrderStatus, Satisfaction
from shequ.workorders.models import HandlingUnit, SweepRun, UnitLoad, WorkOrder

__all__ = ["StatisticsView", "SupervisionView", "statistics", "summarise"]


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
        late = self.orders(division).overdue(now).select_related("unit", "category").order_by("red_at")[:50]
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
    units = sorted(by_unit.values(), key=lambda u: (-u["red"], -u["yellow"], -u["open"], u["unit__name"] or ""))
    return stages, units


def _measures() -> dict:
    """The statistics' counts, as aggregates: one definition for the totals and every grouping."""
    return {
        "total": Count("pk"),
        "replied": Count("pk", filter=Q(replied_at__isnull=False)),
        "on_time": Count("pk", filter=Q(replied_at__isnull=False, replied_at__lte=F("red_at"))),
        "called_back": Count("pk", filter=Q(callback_at__isnull=False)),
        "satisfied": Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
    }


def _rates(queryset) -> dict:
    return _with_rates(queryset.aggregate(**_measures()))


def _with_rates(counts: dict) -> dict:
    counts["on_time_rate"] = counts["on_time"] / counts["replied"] if counts["replied"] else None
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
            _("replied"),
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
                sheet.write_row(index, 0, [row["name"], row["total"], row["replied"], row["on_time"]])
                sheet.write(index, 4, row["on_time_rate"] if row["on_time_rate"] is not None else "", percent)
                sheet.write_row(index, 5, [row["called_back"], row["satisfied"]])
                sheet.write(index, 7, row["satisfaction_rate"] if row["satisfaction_rate"] is not None else "", percent)
            sheet.set_column(0, 0, 24)
        book.close()
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename=workorders-{division.code}-{start}-{end}.xlsx"
        return response
