"""Multi-channel investment added up (FIN-4): per community, for one year, the value contributed through each
channel and in each form, and their totals; computed from the contributions a user may see (`restrict`) in one
aggregate query."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from shequ.organizations.choices import ContributionChannel, ContributionForm

__all__ = ["ContributionRow", "community_totals", "summary"]

ZERO = Decimal("0.00")


@dataclass
class ContributionRow:
    community_code: str
    community: str
    by_channel: dict[str, Decimal] = field(default_factory=dict)  # channel → yuan
    by_form: dict[str, Decimal] = field(default_factory=dict)  # form → yuan
    count: int = 0

    @property
    def total(self) -> Decimal:
        return sum(self.by_channel.values(), ZERO)

    def channel_list(self) -> list[Decimal]:
        return [self.by_channel.get(channel, ZERO) for channel in ContributionChannel.values]

    def form_list(self) -> list[Decimal]:
        return [self.by_form.get(form, ZERO) for form in ContributionForm.values]

    def add(self, channel: str, form: str, value: Decimal, count: int) -> None:
        self.by_channel[channel] = self.by_channel.get(channel, ZERO) + value
        self.by_form[form] = self.by_form.get(form, ZERO) + value
        self.count += count


def summary(contributions, year: int) -> tuple[list[ContributionRow], ContributionRow]:
    """One row per community with contributions made in `year`, in community order, and the row of their totals."""
    rows: dict[str, ContributionRow] = {}
    total = ContributionRow("", "")
    grouped = (
        contributions.filter(contributed_on__year=year)
        .values("community__code", "community__name", "channel", "form")
        .annotate(n=Count("id"), value_sum=Sum("value"))
        .order_by("community__code", "channel", "form")
    )
    for entry in grouped:
        code = entry["community__code"]
        row = rows.get(code)
        if row is None:
            row = rows[code] = ContributionRow(code, entry["community__name"])
        value = Decimal(entry["value_sum"] or ZERO).quantize(ZERO)  # SQLite sums in floating point
        row.add(entry["channel"], entry["form"], value, entry["n"])
        total.add(entry["channel"], entry["form"], value, entry["n"])
    return list(rows.values()), total


def community_totals(contributions, community, year: int) -> ContributionRow:
    """The totals of one community in `year` (its page's panel)."""
    rows, total = summary(contributions.filter(community=community), year)
    return rows[0] if rows else total
