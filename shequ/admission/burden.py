"""The burden measured (ADM-1): per community and month, how many requests of each kind each department sent and
the hours the community spent on them; the trend over months; the heaviest departments. Everything is computed
from the requests a user may see (`restrict`), in a few aggregate queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from shequ.admission.choices import ItemKind

__all__ = ["BurdenRow", "burden", "heaviest", "month_range", "trend"]

TENTH = Decimal("0.1")


def _hours(total) -> Decimal:
    """A sum of hours with its one decimal: SQLite's SUM of decimals comes back as a float (3.2000000000000002)."""
    return Decimal(total or 0).quantize(TENTH)


@dataclass
class BurdenRow:
    community_code: str
    community: str
    department: str
    counts: dict[str, int] = field(default_factory=dict)  # kind → requests
    hours: Decimal = Decimal("0.0")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count_list(self) -> list[int]:
        return [self.counts.get(kind, 0) for kind in ItemKind.values]


def month_range(month: date) -> tuple[date, date]:
    """The first day of `month` and of the month after it."""
    start = month.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


def burden(requests, month: date) -> list[BurdenRow]:
    """One row per community and department with requests sent in `month`, in community order."""
    start, end = month_range(month)
    rows: dict[tuple[str, str], BurdenRow] = {}
    grouped = (
        requests.filter(sent_on__gte=start, sent_on__lt=end)
        .values("community__code", "community__name", "department__name", "item__kind")
        .annotate(n=Count("id"), spent=Sum("hours"))
        .order_by("community__code", "department__name", "item__kind")
    )
    for entry in grouped:
        key = (entry["community__code"], entry["department__name"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = BurdenRow(entry["community__code"], entry["community__name"], entry["department__name"])
        row.counts[entry["item__kind"]] = row.counts.get(entry["item__kind"], 0) + entry["n"]
        row.hours += _hours(entry["spent"])
    return list(rows.values())


def trend(requests, last: date, months: int = 12) -> list[tuple[date, int, Decimal]]:
    """(month, requests, hours) for the `months` months ending with `last`'s, oldest first, empty months as 0."""
    first = last.replace(day=1)
    for _step in range(months - 1):
        first = (first.replace(day=1) - date.resolution).replace(day=1)
    _start, end = month_range(last)
    totals = defaultdict(lambda: (0, Decimal("0.0")))
    for entry in (
        requests.filter(sent_on__gte=first, sent_on__lt=end)
        .annotate(month=TruncMonth("sent_on"))
        .values("month")
        .annotate(n=Count("id"), spent=Sum("hours"))
        .order_by("month")
    ):
        totals[entry["month"]] = (entry["n"], _hours(entry["spent"]))
    result, day = [], first
    while day < end:
        result.append((day, *totals[day]))
        day = month_range(day)[1]
    return result


def heaviest(requests, month: date, limit: int = 10) -> list[tuple[str, int, Decimal]]:
    """(department, requests, hours) in `month`, the most requests first."""
    start, end = month_range(month)
    return [
        (entry["department__name"], entry["n"], _hours(entry["spent"]))
        for entry in requests.filter(sent_on__gte=start, sent_on__lt=end)
        .values("department__name")
        .annotate(n=Count("id"), spent=Sum("hours"))
        .order_by("-n", "department__name")[:limit]
    ]
