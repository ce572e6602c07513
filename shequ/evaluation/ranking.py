"""The quarterly ranking (EVAL-4): the districts of a run — and, within a district, its streets — ranked on the mean
total of their communities' scores in that run (the same scores as the evaluation; a community not classified for
want of data is counted among the communities but not in the mean)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from shequ.evaluation.choices import Grade, RunStatus
from shequ.evaluation.models import IndicatorValue, Run, Score
from shequ.regions.models import Division

__all__ = ["Rank", "charts", "profile", "published_runs", "ranking"]

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


@dataclass
class Rank:
    division: Division
    communities: int = 0
    known: int = 0
    mean: Decimal | None = None
    grades: dict = field(default_factory=lambda: {g: 0 for g in Grade.values})
    rank: int | None = None


def ranking(run: Run, within: Division | None = None) -> list[Rank]:
    """The districts of the run (or, `within` a district, its streets), best mean first; equal means share a rank;
    unknown means last, unranked."""
    level_length = 6 if within is None else 9
    rows = Score.objects.filter(run=run)
    if within is not None:
        rows = rows.filter(division_code__startswith=within.prefix)
    totals: dict[str, list] = defaultdict(list)
    grades: dict[str, dict] = defaultdict(lambda: {g: 0 for g in Grade.values})
    for code, total, grade in rows.values_list("division_code", "total", "grade"):
        key = code[:level_length].ljust(12, "0")
        totals[key].append(None if grade == Grade.UNKNOWN else total)  # a total over too little data: not ranked
        grades[key][grade] += 1
    divisions = {d.code: d for d in Division.objects.filter(code__in=list(totals))}
    ranks = []
    for code, values in totals.items():
        known = [v for v in values if v is not None]
        mean = (sum(known) / len(known)).quantize(CENT, ROUND_HALF_UP) if known else None
        ranks.append(Rank(divisions[code], len(values), len(known), mean, grades[code]))
    ranks.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.division.code))
    previous, position = None, 0
    for index, rank in enumerate(ranks, start=1):
        if rank.mean is None:
            break
        if rank.mean != previous:
            position, previous = index, rank.mean
        rank.rank = position
    return ranks


def published_runs():
    """Every published run, newest period first: the public ranking and its history."""
    return (
        Run.objects.filter(status=RunStatus.PUBLISHED)
        .select_related("division")
        .order_by("-year", "-quarter", "-published_at")
    )


def charts(run: Run, runs) -> dict:
    """The ranking page's charts (issue #14 item 8): the classes of the run's communities per district (stacked
    bars), and each district's mean over the quarters of the run's year (lines; the newest run of each quarter among
    `runs`, the runs the user may see, of the run's division; a quarter without one is a gap)."""
    ranks = sorted(ranking(run), key=lambda r: r.division.code)
    classes = {
        "names": [r.division.name for r in ranks],
        "series": [
            {"name": str(label), "type": "bar", "stack": "classes", "data": [r.grades[value] for r in ranks]}
            for value, label in Grade.choices
        ],
    }
    by_quarter: dict[int, Run] = {}
    quarterly = runs.filter(year=run.year, division_id=run.division_id, quarter__isnull=False)
    for other in quarterly.order_by("quarter", "-computed_at"):
        by_quarter.setdefault(other.quarter, other)
    names: dict[str, str] = {}
    means: dict[str, dict[int, float | None]] = defaultdict(dict)
    for quarter, other in sorted(by_quarter.items()):
        for rank in ranking(other):
            names[rank.division.code] = rank.division.name
            means[rank.division.code][quarter] = float(rank.mean) if rank.mean is not None else None
    quarters = sorted(by_quarter)
    return {
        "classes": classes,
        "quarters": {
            "names": [f"{run.year} Q{q}" for q in quarters],
            "series": [
                {"name": names[code], "type": "line", "data": [means[code].get(q) for q in quarters]}
                for code in sorted(means)
            ],
        },
    }


def _share(points: Decimal, weight: Decimal) -> Decimal:
    return points * HUNDRED / weight


def profile(score: Score) -> dict:
    """A community's indicator profile against its district (issue #14 item 8), for the score's page: for each
    indicator of its scheme the share of the indicator's points it earned (%), beside the mean share of the
    district's communities in the same run whose value is known. Shares, not values: the indicators have different
    units (rates, hours per 1,000 residents, exposures), their points share one scale. Not known is a gap (None)."""
    values = list(score.values.select_related("indicator").order_by("indicator__code"))
    district_code = score.division_code[:6].ljust(12, "0")
    district = Division.objects.filter(code=district_code).first()
    sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])  # code: [sum of shares, count]
    rows = (
        IndicatorValue.objects.filter(
            score__run_id=score.run_id,
            division_code__startswith=district_code[:6],
            points__isnull=False,
            indicator__code__in=[v.indicator.code for v in values],
        )
        .values("indicator__code", "indicator__weight")
        .annotate(points=Sum("points"), n=Count("pk"))
        .order_by()
    )
    for row in rows:  # grouped by weight too: an extension of the scheme may weigh the same code differently
        entry = sums[row["indicator__code"]]
        entry[0] += _share(row["points"], row["indicator__weight"])
        entry[1] += row["n"]

    def rounded(share: Decimal | None) -> float | None:
        return None if share is None else float(share.quantize(TENTH, ROUND_HALF_UP))

    own = [rounded(None if v.points is None else _share(v.points, v.indicator.weight)) for v in values]
    mean = [
        rounded(sums[v.indicator.code][0] / sums[v.indicator.code][1]) if v.indicator.code in sums else None
        for v in values
    ]
    return {
        "profile": {
            "names": [str(v.indicator) for v in values],
            "series": [
                {"name": score.community.name, "type": "bar", "data": own},
                {
                    "name": _("%(district)s mean") % {"district": district.name if district else district_code},
                    "type": "bar",
                    "data": mean,
                },
            ],
            "horizontal": True,
            "max": 100,
        }
    }
