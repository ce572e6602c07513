"""The computed indicators (issue #14, EVAL-1, EVAL-4): each a small registered function that reads data the
platform already has, for every community of an evaluation at once.

    @register_source("orders-on-time", _("Work orders closed on time (%)"))
    def orders_on_time(communities, start, end) -> {community code: Measure}

A community whose data cannot give a value gets `Measure(None, why)`: unknown, shown as such, never zero. Work-order
and volunteer figures come from the cockpit's rollups (ADR 0012: `cockpit.Figure`, recounted hourly); the policy
checks are evaluated as of the period's last day; survey satisfaction from the closed survey rounds of the period.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.cockpit.models import Figure, RollupRun
from shequ.cockpit.rollups import month_start, months_ending
from shequ.core.checks import Status, checks

__all__ = ["Measure", "Source", "measure", "register_source", "sources"]

CENT = Decimal("0.01")

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Measure:
    value: Decimal | None  # None: not known
    basis: str = ""  # what the value was computed from, as a leader reads it
    records_url: str = ""  # the records behind it


@dataclass(frozen=True)
class Source:
    id: str
    label: str
    compute: Callable[[list, date, date], dict[str, Measure]]


_sources: dict[str, Source] = {}


def register_source(source_id: str, label):
    def wrap(function):
        if source_id in _sources:
            raise ValueError(f"Indicator source {source_id!r} is registered twice.")
        _sources[source_id] = Source(source_id, label, function)
        return function

    return wrap


def sources() -> dict[str, Source]:
    """Every computed source: the registered functions and one per registered policy check (its pass or fail)."""
    result = dict(_sources)
    for check_id, check in checks.items():
        result[f"check:{check_id}"] = Source(
            f"check:{check_id}", str(check.title), lambda c, s, e, check_id=check_id: _one_check(check_id, c, e)
        )
    return result


def measure(source_id: str, communities: list, start: date, end: date) -> dict[str, Measure]:
    return sources()[source_id].compute(communities, start, end)


def _rate(numerator, denominator) -> Decimal:
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(CENT, ROUND_HALF_UP)


# ---- policy checks --------------------------------------------------------------------------------------------------


@register_source("checks", gettext_lazy("Policy checks passed (%)"))
def checks_passed(communities, start, end):
    """Of the registered policy checks that can decide (not unknown), the share the community passes."""
    passed: dict[str, int] = defaultdict(int)
    decided: dict[str, int] = defaultdict(int)
    for check in checks.values():
        for code, outcome in check.evaluate(communities, end).items():
            if outcome.status != Status.UNKNOWN:
                decided[code] += 1
                passed[code] += outcome.status == Status.OK
    url = reverse("cockpit:compliance")
    result = {}
    for community in communities:
        code, total = community.code, decided[community.code]
        if not total:
            result[code] = Measure(None, _("no policy check can decide: data missing"), url)
        else:
            basis = _("%(passed)s of %(total)s decided checks passed") % {"passed": passed[code], "total": total}
            result[code] = Measure(_rate(passed[code], total), basis, f"{url}?division={community.pk}")
    return result


def _one_check(check_id: str, communities, end):
    outcomes = checks[check_id].evaluate(communities, end)
    result = {}
    for community in communities:
        outcome = outcomes.get(community.code)
        url = reverse("cockpit:check_detail", args=[check_id, community.code])
        if outcome is None or outcome.status == Status.UNKNOWN:
            result[community.code] = Measure(None, outcome.value if outcome else _("not known"), url)
        else:
            value = HUNDRED if outcome.status == Status.OK else Decimal(0)
            result[community.code] = Measure(value, f"{outcome.value}（{outcome.target}）", url)
    return result


# ---- the cockpit's rollups (ADR 0012) -------------------------------------------------------------------------------


def _months(start: date, end: date) -> list[date]:
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return months_ending(month_start(end), count)


def _figures(communities, start, end, metrics) -> tuple[dict, bool]:
    """{(code, metric): sum over the period's months}, and whether a rollup run covered any month of the period."""
    months = _months(start, end)
    covered = RollupRun.objects.filter(first_month__lte=months[-1], last_month__gte=months[0]).exists()
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    codes = [c.code for c in communities]
    for first in range(0, len(codes), 500):
        rows = (
            Figure.objects.filter(division_code__in=codes[first : first + 500], metric__in=metrics, month__in=months)
            .values("division_code", "metric")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for row in rows:
            sums[(row["division_code"], row["metric"])] = row["total"]
    return sums, covered


def _order_rate(communities, start, end, numerator: str, denominators: tuple[str, ...], describe, empty):
    sums, covered = _figures(communities, start, end, [numerator, *denominators])
    url = reverse("workorders:workorder_list")
    result = {}
    for community in communities:
        code = community.code
        link = f"{url}?division={community.pk}"
        if not covered:
            result[code] = Measure(None, _("no rollup of the period: run refresh_rollups"), link)
            continue
        top = sums[(code, numerator)]
        bottom = sum(sums[(code, name)] for name in denominators)
        if not bottom:
            result[code] = Measure(None, empty, link)
        else:
            counts = {"top": int(top), "bottom": int(bottom)}
            result[code] = Measure(_rate(top, bottom), describe % counts, link)
    return result


@register_source("orders-on-time", gettext_lazy("Work orders handled on time (%)"))
def orders_on_time(communities, start, end):
    """ADR 0012's on-time rate: closed within the limit over closed plus open past the limit."""
    return _order_rate(
        communities,
        start,
        end,
        "orders_on_time",
        ("orders_closed", "orders_late_open"),
        _("%(top)s on time of %(bottom)s closed or overdue"),
        _("no closed or overdue work orders"),
    )


@register_source("orders-satisfaction", gettext_lazy("Work-order callers satisfied (%)"))
def orders_satisfaction(communities, start, end):
    """Of the callers called back, those satisfied or basically satisfied."""
    return _order_rate(
        communities,
        start,
        end,
        "orders_satisfied",
        ("orders_called_back",),
        _("%(top)s satisfied of %(bottom)s called back"),
        _("no caller called back"),
    )


@register_source("volunteer-hours", gettext_lazy("Verified volunteer hours per 1,000 residents"))
def volunteer_hours(communities, start, end):
    """Verified service hours of the period per 1,000 residents present (the period's latest count)."""
    sums, covered = _figures(communities, start, end, ["volunteer_hours"])
    months = _months(start, end)
    residents: dict[str, Decimal] = {}
    rows = Figure.objects.filter(
        division_code__in=[c.code for c in communities], metric="residents", month__in=months
    ).order_by("month")
    for code, value in rows.values_list("division_code", "value"):
        residents[code] = value  # the latest month wins
    url = reverse("volunteers:servicerecord_list")
    result = {}
    for community in communities:
        code = community.code
        link = f"{url}?division={community.pk}"
        if not covered or not residents.get(code):
            result[code] = Measure(None, _("residents not counted in the period"), link)
            continue
        hours = sums[(code, "volunteer_hours")]
        value = (hours * 1000 / residents[code]).quantize(CENT, ROUND_HALF_UP)
        basis = _("%(hours)s hours, %(residents)s residents") % {"hours": hours, "residents": residents[code]}
        result[code] = Measure(value, basis, link)
    return result


# ---- satisfaction surveys -------------------------------------------------------------------------------------------


@register_source("survey-satisfaction", gettext_lazy("Survey satisfaction (%)"))
def survey_satisfaction(communities, start, end):
    """Of the answers to the satisfaction questions of the surveys closed in the period, the share satisfied; fewer
    than five answers is not known (results are never shown for fewer, surveys.MIN_GROUP)."""
    from shequ.surveys.choices import SurveyPurpose
    from shequ.surveys.models import MIN_GROUP, Survey
    from shequ.surveys.services import satisfaction

    # Satisfaction rounds only: a democratic evaluation of the committee (民主评议) is not the evaluation's measure.
    rounds = Survey.objects.filter(closes_on__range=(start, end), purpose=SurveyPurpose.SATISFACTION)
    counts = satisfaction(list(rounds.values_list("pk", flat=True)), [c.code for c in communities])
    url = reverse("surveys:survey_list")
    result = {}
    for community in communities:
        satisfied, answered = counts[community.code]
        link = f"{url}?division={community.pk}"
        if answered < MIN_GROUP:
            result[community.code] = Measure(None, _("fewer than five answers"), link)
        else:
            basis = _("%(satisfied)s satisfied of %(answered)s answers") % {
                "satisfied": satisfied,
                "answered": answered,
            }
            result[community.code] = Measure(_rate(satisfied, answered), basis, link)
    return result


# ---- the work handed to communities (ADM-1) -----------------------------------------------------------------------


@register_source("admission-hours", gettext_lazy("Hours a month on departments' requests"))
def admission_hours(communities, start, end):
    """The hours a month the community reported spending on the requests departments sent it through the admission
    gate in the period (issue #15 item 3: the burden, read by the evaluation). Fewer is better: a scheme scoring it
    sets the value scoring nothing above the value scoring the full weight. No request is a known zero."""
    from django.db.models import Count

    from shequ.admission.models import CommunityRequest

    months = Decimal(len(_months(start, end)))
    totals: dict[int, tuple[int, Decimal]] = {}
    ids = [c.pk for c in communities]
    for first in range(0, len(ids), 500):
        rows = (
            CommunityRequest.objects.unscoped("the evaluation's measure of the burden")
            .filter(community_id__in=ids[first : first + 500], sent_on__range=(start, end))
            .values("community_id")
            .annotate(n=Count("pk"), hours=Sum("hours"))
            .order_by()
        )
        for row in rows:
            # SQLite's SUM of decimals comes back as a float: hours keep their one decimal.
            totals[row["community_id"]] = (row["n"], Decimal(row["hours"] or 0).quantize(Decimal("0.1")))
    url = reverse("admission:burden")
    result = {}
    for community in communities:
        requests, hours = totals.get(community.pk, (0, Decimal(0)))
        basis = _("%(requests)s requests, %(hours)s hours reported, over %(months)s months") % {
            "requests": requests,
            "hours": hours,
            "months": int(months),
        }
        value = (Decimal(hours) / months).quantize(CENT, ROUND_HALF_UP)
        result[community.code] = Measure(value, basis, f"{url}?division={community.code}")
    return result
