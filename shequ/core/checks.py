"""The policy-check registry (DESIGN.md §8): each quantitative rule of the policy as code.

An app declares its checks in `checks.py`:

    @register_check
    class CommitteeSize(PolicyCheck):
        id = "org-3-committee-size"
        requirement = "ORG-3"
        title = _("Committee of 5–9 members")

        def evaluate(self, communities, today): ...   # {community code: Outcome}, in a few queries for all
        def records(self, community, user, today): ... # the records behind one community's answer

A check answers for every community at once (a city has hundreds: one query per check, not per community), with
`unknown` where the data that would decide it is missing. `rollup` counts communities per status for any street,
district or city; pages and the API (`/checks/`, `/api/checks/`) restrict everything to the user's jurisdiction.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Outcome",
    "PolicyCheck",
    "Status",
    "checks",
    "count_by_code",
    "months_before",
    "register_check",
    "rollup",
]


class Status(models.TextChoices):
    OK = "ok", _("Meets the rule")
    VIOLATION = "violation", _("Breaks the rule")
    UNKNOWN = "unknown", _("Not known: data missing")


@dataclass(frozen=True)
class Outcome:
    """One community's answer: status, the measured value and the target, both as text a leader can read."""

    status: str
    value: str
    target: str
    detail: list[str] = field(default_factory=list)  # e.g. the missing subcommittees, for the drill-down


class PolicyCheck:
    id = ""
    requirement = ""
    title = ""
    description = ""
    # Where a record that makes the check pass is added, for the drill-down's "add" button: (URL name, permission).
    remedy: tuple[str, str] | None = None

    def evaluate(self, communities: list, today: date) -> dict[str, Outcome]:
        raise NotImplementedError

    def records(self, community, user, today: date):
        """The records behind one community's answer, restricted to `user` (a queryset or a list)."""
        raise NotImplementedError

    def remedy_query(self, community, today: date) -> dict:
        """Initial values for the remedy's form (e.g. the current committee)."""
        return {}


checks: dict[str, PolicyCheck] = {}


def register_check(cls: type[PolicyCheck]) -> type[PolicyCheck]:
    if cls.id in checks:
        raise ValueError(f"Policy check {cls.id!r} is registered twice.")
    checks[cls.id] = cls()
    return cls


def rollup(outcomes: dict[str, Outcome], codes) -> dict[str, int]:
    """Communities per status among `codes` (e.g. those of one street): {"ok": n, "violation": n, "unknown": n}."""
    counts = Counter(outcomes[code].status for code in codes if code in outcomes)
    return {status: counts.get(status, 0) for status in Status.values}


def count_by_code(queryset, codes, field: str = "division_code") -> dict[str, int]:
    """Rows per community code, in chunks that stay below SQLite's parameter limit."""
    codes = list(codes)
    counts: dict[str, int] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        rows = queryset.filter(**{f"{field}__in": chunk}).values(field).annotate(n=models.Count("pk"))
        counts.update(dict(rows.values_list(field, "n")))
    return counts


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of that month where it is shorter): "within 12 months"."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
