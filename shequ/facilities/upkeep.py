"""Residential areas' upkeep against 路平、灯明、水通、安全、卫生 (issue #16 item 3, FAC-3): rates per area and the
monthly trend, and issues reported as work orders followed to their fixing.

An issue whose source is a work order names the order's receipt number (checked: it exists and belongs to the
area's community); `sync_from_orders` — an hourly job — marks it fixed on the day the order was closed, so that the
call centre's handling is what "fixed" means for it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from shequ.facilities.choices import IssueSource, UpkeepStandard

__all__ = ["AreaRate", "area_rates", "sync_from_orders", "trend"]

MONTHS = 12


@dataclass
class AreaRate:
    area: object
    found: int = 0
    fixed: int = 0
    days: int = 0  # days to fix, summed over the fixed

    @property
    def open(self) -> int:
        return self.found - self.fixed

    @property
    def rate(self) -> Decimal | None:
        """Share fixed, in percent; None where nothing was found."""
        if not self.found:
            return None
        return (Decimal(self.fixed * 100) / self.found).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def mean_days(self) -> Decimal | None:
        if not self.fixed:
            return None
        return (Decimal(self.days) / self.fixed).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _since(today: date) -> date:
    first = today.replace(day=1)
    for _ in range(MONTHS - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def area_rates(issues, today: date | None = None) -> list[AreaRate]:
    """Per residential area, over the issues found in the last 12 months (this one included): found, fixed, open,
    the share fixed and the mean days to fix; most open first."""
    since = _since(today or timezone.localdate())
    rates: dict[int, AreaRate] = {}
    rows = (
        issues.filter(found_on__gte=since)
        .select_related("area")
        .only("area__name", "area__division_code", "found_on", "fixed_on")
    )
    for issue in rows:
        rate = rates.setdefault(issue.area_id, AreaRate(issue.area))
        rate.found += 1
        if issue.fixed_on:
            rate.fixed += 1
            rate.days += (issue.fixed_on - issue.found_on).days
    return sorted(rates.values(), key=lambda r: (-r.open, -r.found, r.area.name))


def trend(issues, today: date | None = None) -> list[dict]:
    """The last 12 months, oldest first: issues found and fixed in each, by standard for the found."""
    since = _since(today or timezone.localdate())
    months = []
    first = since
    for _ in range(MONTHS):
        months.append(first)
        first = (first + timedelta(days=32)).replace(day=1)
    found: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fixed: dict[date, int] = defaultdict(int)
    for standard, found_on in issues.filter(found_on__gte=since).values_list("standard", "found_on"):
        found[found_on.replace(day=1)][standard] += 1
    for fixed_on in issues.filter(fixed_on__gte=since).values_list("fixed_on", flat=True):
        fixed[fixed_on.replace(day=1)] += 1
    return [
        {
            "month": f"{month:%Y-%m}",
            "found": sum(found[month].values()),
            "fixed": fixed[month],
            "by_standard": [found[month][value] for value in UpkeepStandard.values],
        }
        for month in months
    ]


def sync_from_orders() -> int:
    """Mark fixed, on its closing day, every open issue whose work order has been closed. Returns how many."""
    from shequ.facilities.models import UpkeepIssue
    from shequ.workorders.models import WorkOrder

    reason = "upkeep issues follow their work orders"
    marked = 0
    with transaction.atomic():
        open_issues = UpkeepIssue.objects.unscoped(reason).filter(source=IssueSource.WORK_ORDER, fixed_on=None)
        by_number: dict[str, list] = defaultdict(list)
        for issue in open_issues.select_for_update():
            by_number[issue.reference].append(issue)
        closed = WorkOrder.objects.unscoped(reason).filter(number__in=list(by_number), closed_at__isnull=False)
        for number, closed_at in closed.values_list("number", "closed_at"):
            for issue in by_number[number]:
                issue.fixed_on = max(timezone.localdate(closed_at), issue.found_on)
                issue.fix_note = issue.fix_note or f"工单 {number} 已办结"
                issue.save(update_fields=["fixed_on", "fix_note", "last_updated"])
                marked += 1
    return marked
