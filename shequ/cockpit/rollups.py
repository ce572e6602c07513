"""The cockpit's figures: recounted from the registers into `Figure` rows, read back within a user's rights
(issue #13; DESIGN.md §10 and §11 "figures come from rollups"; SVC-3 "data entered once at the community rolls up").

Refreshing is a periodic recompute, not increments kept by each service: `refresh_rollups()` recounts, for every
division at once, the last `MONTHS` months of events (orders by the month they came in, since an order taken in in
March may close in May; volunteer and training hours by the day they happened) and the state of this month
(residents, households, care records, open, yellow and red orders, volunteers, training attendance, the policy
checks). `manage.py refresh_rollups --loop` runs it every hour beside the call centre's clock; figures are as of that
run, whose time the home page shows. Recomputing is simpler than incrementing and cannot drift: a service that
forgot to count, an import, a correction in the admin — the next run puts it right.

Reading: each metric is counted from records of one register, and a user sees it only where the user may see that
register — a sensitive care category only where the user holds that duty (AC-4, `people.rights`), otherwise it does
not exist on the page at all. Because every division has its own rows, the figure of a division for a user is the
sum of at most a few exact rows: the division's own when the user's scope covers it, else those of the parts of it
the user's scope covers.
"""

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from shequ.cockpit.models import Figure, RollupRun
from shequ.core.scope import PREFIX_LENGTHS, code_prefix, minimal_prefixes, scope_q

__all__ = [
    "MONTHS",
    "Metric",
    "care_metric",
    "check_metric",
    "figures",
    "metric",
    "month_start",
    "months_ending",
    "refresh_rollups",
    "runs_since",
    "visible_codes",
    "visible_prefixes",
]

MONTHS = 12  # the trends' length, and how many months of events each run recounts
RUNS_KEPT = timedelta(days=31)


@dataclass(frozen=True)
class Metric:
    """A figure's definition: the permissions under which its records are seen (all of them, each within its own
    jurisdiction), and whether it is a state (counted as of the run) or events of the month."""

    id: str
    permissions: tuple[str, ...]
    state: bool


_RESIDENT = ("people.view_resident",)
_ORDERS = ("workorders.view_workorder",)
_STATE_METRICS = {
    "residents": _RESIDENT,
    "households": ("people.view_household",),
    "floating": ("people.view_floatingrecord",),
    "orders_open": _ORDERS,
    "orders_yellow": _ORDERS,
    "orders_red": _ORDERS,
    "volunteers": ("volunteers.view_volunteer",),
    "training_attendance": ("workforce.view_trainingattendance",),
    # The divisions and grids below (each division counts itself on its own row, and in those above it).
    "divisions_district": ("regions.view_division",),
    "divisions_street": ("regions.view_division",),
    "divisions_community": ("regions.view_division",),
    "grids": ("regions.view_grid",),
}
_EVENT_METRICS = {
    # Orders by the month they came in (the statistics page's period is on the same date).
    "orders_intake": _ORDERS,
    "orders_closed": _ORDERS,
    "orders_on_time": _ORDERS,
    "orders_late_open": _ORDERS,
    "orders_called_back": _ORDERS,
    "orders_satisfied": _ORDERS,
    "volunteer_hours": ("volunteers.view_servicerecord",),
    "training_hours": ("workforce.view_trainingattendance",),
}


def care_metric(category: str) -> str:
    return f"care:{category}"


def check_metric(check_id: str, status: str) -> str:
    return f"check:{check_id}:{status}"


def metric(metric_id: str) -> Metric:
    """The definition of a metric id, including the care and check families."""
    if metric_id in _STATE_METRICS:
        return Metric(metric_id, _STATE_METRICS[metric_id], True)
    if metric_id in _EVENT_METRICS:
        return Metric(metric_id, _EVENT_METRICS[metric_id], False)
    if metric_id.startswith("care:"):
        from shequ.people.choices import SENSITIVE_CARE
        from shequ.people.rights import SENSITIVE_CARE_PERMISSION

        sensitive = metric_id.removeprefix("care:") in SENSITIVE_CARE
        permissions = (
            ("people.view_carerecord", SENSITIVE_CARE_PERMISSION) if sensitive else ("people.view_carerecord",)
        )
        return Metric(metric_id, permissions, True)
    if metric_id.startswith("check:"):
        # The compliance page's rule: a check's answers are seen wherever the division is (cockpit.compliance).
        return Metric(metric_id, ("regions.view_division",), True)
    raise KeyError(metric_id)


# -- dates ------------------------------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_ending(month: date, count: int = MONTHS) -> list[date]:
    """The `count` months up to and including `month`, oldest first."""
    index = month.year * 12 + month.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock_time.min))


# -- refreshing -------------------------------------------------------------------------------------------------------


def refresh_rollups(day: date | None = None, now: datetime | None = None) -> RollupRun:
    """Recount every division's figures: the events of the `MONTHS` months up to `day`'s month, and the state as of
    `now` filed under `day`'s month (both default to now). Returns the run. One transaction: a reader sees the
    previous figures or these, never half of each."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    started = time.perf_counter()
    months = months_ending(month_start(day))
    counts: dict[tuple[str, date, str], Decimal] = defaultdict(Decimal)

    def add(code: str | None, month: date, metric_id: str, value) -> None:
        if not code or not value:
            return
        prefix = code_prefix(code)
        for length in PREFIX_LENGTHS:  # the record's own division and every division above it
            if length <= len(prefix):
                counts[(prefix[:length].ljust(12, "0"), month, metric_id)] += Decimal(value)

    for code, month, metric_id, value in _event_rows(months, now):
        add(code, month, metric_id, value)
    for code, metric_id, value in _state_rows(day, now):
        add(code, months[-1], metric_id, value)

    with transaction.atomic():
        # This month's rows all go (state and events); earlier months keep their last state and get new events.
        Figure.objects.filter(
            Q(month=months[-1]) | Q(month__gte=months[0], month__lt=months[-1], metric__in=list(_EVENT_METRICS))
        ).delete()
        Figure.objects.bulk_create(
            (Figure(division_code=c, month=m, metric=k, value=v) for (c, m, k), v in counts.items()),
            batch_size=5000,
        )
        run = RollupRun.objects.create(
            until=now,
            first_month=months[0],
            last_month=months[-1],
            rows=len(counts),
            seconds=time.perf_counter() - started,
        )
        RollupRun.objects.filter(until__lt=now - RUNS_KEPT).delete()  # hourly: a month of runs tells the story
    return run


def _event_rows(months: list[date], now):
    """(division code, month, metric, value) of the events in `months`."""
    from shequ.volunteers.models import ServiceRecord
    from shequ.workforce.models import TrainingAttendance
    from shequ.workorders.choices import Satisfaction
    from shequ.workorders.models import WorkOrder
    from shequ.workorders.supervision import late_open_q, on_time_q

    first = _local_midnight(months[0])
    orders = (
        WorkOrder.objects.unscoped("cockpit rollups: every division's figures")
        .filter(created__gte=first)
        .annotate(month=TruncMonth("created"))
        .values("division_code", "month")
        .annotate(
            orders_intake=Count("pk"),
            orders_closed=Count("pk", filter=Q(status="closed")),
            orders_on_time=Count("pk", filter=on_time_q()),
            orders_late_open=Count("pk", filter=late_open_q(now)),
            orders_called_back=Count("pk", filter=Q(callback_at__isnull=False)),
            orders_satisfied=Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
        )
        .order_by()
    )
    for row in orders:
        month = month_start(
            timezone.localtime(row["month"]).date() if isinstance(row["month"], datetime) else row["month"]
        )
        for key in _EVENT_METRICS:
            if key in row:
                yield row["division_code"], month, key, row[key]
    hours = (
        ServiceRecord.objects.unscoped("cockpit rollups")
        .filter(verified=True, served_on__gte=months[0])
        .annotate(month=TruncMonth("served_on"))
        .values("division_code", "month")
        .annotate(n=Sum("hours"))
        .order_by()
    )
    for row in hours:
        yield row["division_code"], month_start(row["month"]), "volunteer_hours", row["n"]
    training = (
        TrainingAttendance.objects.unscoped("cockpit rollups")
        .filter(course__starts_on__gte=months[0])
        .annotate(month=TruncMonth("course__starts_on"))
        .values("division_code", "month")
        .annotate(n=Sum("hours"))
        .order_by()
    )
    for row in training:
        yield row["division_code"], month_start(row["month"]), "training_hours", row["n"]


def _state_rows(day: date, now):
    """(division code, metric, value) of the state as of `now`."""
    from shequ.core.checks import checks
    from shequ.people.choices import ResidenceStatus
    from shequ.people.models import CareRecord, FloatingRecord, Household, Resident
    from shequ.regions.choices import DivisionLevel
    from shequ.regions.models import Division, Grid
    from shequ.volunteers.models import Volunteer
    from shequ.workforce.models import TrainingAttendance
    from shequ.workorders.models import WorkOrder
    from shequ.workorders.querysets import overdue_q, warned_q

    reason = "cockpit rollups: every division's figures"

    def per_code(queryset, **aggregates):
        return queryset.unscoped(reason).values("division_code").annotate(**aggregates).order_by()

    # Residents living in the community: the register also keeps those who moved out or died.
    for row in per_code(Resident.objects.filter(residence_status=ResidenceStatus.PRESENT), n=Count("pk")):
        yield row["division_code"], "residents", row["n"]
    for model, key in (
        (Household, "households"),
        (FloatingRecord, "floating"),
        (TrainingAttendance, "training_attendance"),
    ):
        for row in per_code(model.objects.all(), n=Count("pk")):
            yield row["division_code"], key, row["n"]
    for row in per_code(Volunteer.objects.filter(active=True), n=Count("pk")):
        yield row["division_code"], "volunteers", row["n"]
    for row in (
        CareRecord.objects.unscoped(reason).values("division_code", "category").annotate(n=Count("pk")).order_by()
    ):
        yield row["division_code"], care_metric(row["category"]), row["n"]
    for row in per_code(
        WorkOrder.objects.open(),
        orders_open=Count("pk"),
        orders_yellow=Count("pk", filter=warned_q(now)),
        orders_red=Count("pk", filter=overdue_q(now)),
    ):
        for key in ("orders_open", "orders_yellow", "orders_red"):
            yield row["division_code"], key, row[key]
    levels = (DivisionLevel.DISTRICT, DivisionLevel.STREET, DivisionLevel.COMMUNITY)
    for code, level in Division.objects.filter(level__in=levels).values_list("code", "level"):
        yield code, f"divisions_{level}", 1
    for row in per_code(Grid.objects.all(), n=Count("pk")):
        yield row["division_code"], "grids", row["n"]
    communities = list(Division.objects.filter(level=DivisionLevel.COMMUNITY).order_by("code"))
    for check in checks.values():
        for code, outcome in check.evaluate(communities, day).items():
            yield code, check_metric(check.id, outcome.status), 1


# -- reading ----------------------------------------------------------------------------------------------------------


def _intersect(left: list[str], right: list[str]) -> list[str]:
    """Prefixes covered by both lists (each a jurisdiction)."""
    both = [a for a in left for b in right if a.startswith(b)] + [b for b in right for a in left if b.startswith(a)]
    return minimal_prefixes(both)


def visible_prefixes(user, definition: Metric) -> list[str]:
    """Where `user` sees the records a metric counts: within each of its permissions' scopes."""
    if user.is_superuser:
        return [""]
    prefixes: list[str] | None = None
    for permission in definition.permissions:
        scope = user.scope_prefixes(permission)
        prefixes = scope if prefixes is None else _intersect(prefixes, scope)
    return prefixes or []


def visible_codes(division_prefix: str, prefixes: list[str]) -> list[str]:
    """The divisions whose rows make up a division's figure within `prefixes`: the division itself if covered,
    else its parts that are (e.g. a district for a user holding a duty in two of its streets: those streets)."""
    if any(division_prefix.startswith(p) for p in prefixes):
        return [division_prefix.ljust(12, "0")]
    return [p.ljust(12, "0") for p in minimal_prefixes(prefixes) if p.startswith(division_prefix)]


def figures(user, division_prefixes: list[str], metric_ids, months: list[date]) -> dict:
    """{(division prefix, metric id, month): value} for each division (by its significant prefix), each metric the
    user may see there, and each month; absent: zero, or a metric not visible. Metrics seen over the same codes share
    one query (usually all of them)."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for metric_id in metric_ids:
        prefixes = visible_prefixes(user, metric(metric_id))
        for division_prefix in division_prefixes:
            codes = visible_codes(division_prefix, prefixes)
            if not codes:
                continue
            groups[tuple(codes)].append(metric_id)
            for code in codes:
                owners[(code, metric_id)].append(division_prefix)
    result: dict[tuple[str, str, date], Decimal] = defaultdict(Decimal)
    for code_group, metric_group in _merge(groups).items():
        rows = (
            Figure.objects.filter(
                scope_q([code_prefix(code) for code in code_group]),
                division_code__in=code_group,
                metric__in=sorted(set(metric_group)),
                month__in=months,
            )
            .values_list("division_code", "metric", "month", "value")
            .order_by()
        )
        for code, metric_id, month, value in rows:
            for division_prefix in owners.get((code, metric_id), ()):
                result[(division_prefix, metric_id, month)] += value
    return result


def _merge(groups: dict[tuple[str, ...], list[str]]) -> dict[tuple[str, ...], list[str]]:
    """One query for all: the union of the codes, the union of the metrics (`owners` drops the pairs not asked)."""
    if not groups:
        return {}
    codes = tuple(sorted({code for key in groups for code in key}))
    return {codes: [m for ms in groups.values() for m in ms]}


def runs_since(first_month: date) -> dict[date, datetime]:
    """The latest run filed under each month from `first_month` on: {month: until}, in one query (at most 13 rows)."""
    rows = RollupRun.objects.filter(last_month__gte=first_month).values("last_month").annotate(until=Max("until"))
    return {row["last_month"]: row["until"] for row in rows.order_by()}
