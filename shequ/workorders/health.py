"""The call centre's part of /readyz and /metrics (issue #18, core.health): the clock's last pass, and the open and
overdue work orders as of that pass (`UnitLoad`, rewritten by each pass: a scrape reads a few hundred rows, never
every open order)."""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Max, Sum
from prometheus_client.core import Metric

from shequ.core.health import age_check, gauge, gauge_collector, readiness_check
from shequ.workorders.models import SweepRun, UnitLoad


def last_pass():
    return SweepRun.objects.aggregate(last=Max("until"))["last"]


@readiness_check("clock")
def clock() -> dict:
    """`call_centre --loop` passes every 30 s and records each pass (`SweepRun`); none within
    SHEQU_READY_CLOCK_SECONDS means the clock is down: no alarms, no outbox, no audit seals."""
    return age_check(last_pass(), settings.SHEQU_READY_CLOCK_SECONDS)


@gauge_collector
def work_orders() -> Iterable[Metric]:
    totals = UnitLoad.objects.aggregate(open=Sum("open"), red=Sum("red"), yellow=Sum("yellow"))
    yield gauge("shequ_work_orders_open", "Open work orders at the clock's last pass.", totals["open"] or 0)
    yield gauge("shequ_work_orders_overdue", "Work orders past their limit (red) at the clock's last pass.",
                totals["red"] or 0)  # fmt: skip
    yield gauge("shequ_work_orders_warned", "Work orders near their limit (yellow) at the clock's last pass.",
                totals["yellow"] or 0)  # fmt: skip
    yield age_gauge(last_pass())


def age_gauge(last) -> Metric:
    from django.utils import timezone

    age = None if last is None else max((timezone.now() - last).total_seconds(), 0.0)
    return gauge("shequ_clock_last_pass_age_seconds", "Seconds since the call centre's clock last passed.", age)
