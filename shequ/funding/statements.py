"""The monthly statement of the money spent for each community (FIN-3: 分账核算, disclosed to residents; issue #15
item 6 "a monthly statement per community feeds the disclosure").

A community has no ledger of its own: its street's earmarked sub-accounts pay for it, and every disbursement names
the community it was for (`Entry.community`); a reversal carries the same community, so it nets out. A statement
is read from the postings of those entries in a handful of grouped queries for many communities at once — by fund
(the earmark the money left) and by line of expenditure — so that the monthly disclosure can compile a city's
communities in one pass."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum

from shequ.funding.choices import AccountKind, FundKind
from shequ.funding.models import Entry, Posting

__all__ = ["Statement", "month_after", "statements"]

ZERO = Decimal("0.00")


def month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


@dataclass
class Statement:
    """What the street's ledger paid for one community in one month."""

    community_id: int
    entries: int = 0
    by_fund: dict[str, Decimal] = field(default_factory=dict)  # FundKind value ("" for none) → yuan
    by_line: dict[str, Decimal] = field(default_factory=dict)  # expenditure account's name → yuan

    @property
    def spent(self) -> Decimal:
        return sum(self.by_line.values(), ZERO)

    def fund_rows(self) -> list[list[str]]:
        """[[fund label, amount]] in the funds' declared order, only funds that moved."""
        labels = dict(FundKind.choices)
        return [
            [str(labels.get(fund, fund or "—")), f"{amount:.2f}"]
            for fund, amount in sorted(self.by_fund.items(), key=lambda kv: _fund_order(kv[0]))
            if amount
        ]

    def line_rows(self) -> list[list[str]]:
        """[[expenditure, amount]], the largest first."""
        return [
            [name, f"{amount:.2f}"] for name, amount in sorted(self.by_line.items(), key=lambda kv: -kv[1]) if amount
        ]

    def as_json(self) -> dict:
        return {
            "spent": f"{self.spent:.2f}",
            "entries": self.entries,
            "funds": self.fund_rows(),
            "lines": self.line_rows(),
        }


def _fund_order(fund: str) -> int:
    values = list(FundKind.values)
    return values.index(fund) if fund in values else len(values)


def statements(entries, month: date) -> dict[int, Statement]:
    """{community pk: Statement} for `month` (its first day) from `entries` (an Entry queryset the caller has
    scoped: `restrict` for a user, `unscoped` with a reason for the disclosure); communities without a disbursement
    in the month are absent."""
    last_day = month_after(month) - timedelta(days=1)
    entries = entries.filter(community__isnull=False, day__range=(month, last_day))
    result: dict[int, Statement] = {}

    def of(pk: int) -> Statement:
        if pk not in result:
            result[pk] = Statement(pk)
        return result[pk]

    for community_id, n in entries.values_list("community_id").annotate(n=Count("pk")).values_list("community_id", "n"):
        of(community_id).entries = n
    postings = Posting.objects.filter(entry__in=entries.values("pk"))
    lines: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for community_id, name, total in (
        postings.filter(account__kind=AccountKind.EXPENSE)
        .values_list("entry__community_id", "account__name")
        .annotate(total=Sum("amount"))
        .values_list("entry__community_id", "account__name", "total")
    ):
        # SQLite's SUM drops the scale: amounts are fen, kept with two places on both engines.
        lines[community_id][name] = Decimal(total).quantize(Decimal("0.01"))
    for community_id, fund, total in (
        postings.filter(account__kind=AccountKind.EARMARK)
        .values_list("entry__community_id", "account__fund")
        .annotate(total=Sum("amount"))
        .values_list("entry__community_id", "account__fund", "total")
    ):
        of(community_id).by_fund[fund] = -Decimal(total).quantize(Decimal("0.01"))  # money leaving an earmark
    for community_id, by_line in lines.items():
        of(community_id).by_line = by_line
    return result


def disclosed(community_ids: list[int], month: date, reason: str) -> dict[int, dict]:
    """The statements of `community_ids` as plain JSON for the monthly disclosure (aggregates only)."""
    entries = Entry.objects.unscoped(reason).filter(community_id__in=community_ids)
    found = statements(entries, month)
    return {pk: (found[pk] if pk in found else Statement(pk)).as_json() for pk in community_ids}
