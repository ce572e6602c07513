"""The visits' yearly coverage as a check (SVC-6 "visits to community members (走访)"; DESIGN.md §8): the share of a
community's households visited at least once in the last twelve months, against `SHEQU_VISIT_COVERAGE_TARGET` per
cent (default 100: every household a year), with the households each community worker in post has to visit."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.affairs.models import Visit
from shequ.core.checks import Outcome, PolicyCheck, Status, count_by_code, months_before, register_check
from shequ.people.models import Household
from shequ.workforce.models import CommunityWorker

__all__ = ["VisitCoverage", "visited_household_ids"]

ONE_DECIMAL = Decimal("0.1")


def visited_household_ids(codes, today):
    """The households of the communities `codes` visited from the same day a year ago up to `today`, both included
    (a subquery: a community's households are a few thousand, a city's millions)."""
    return Visit.objects.filter(
        division_code__in=list(codes), visited_on__gte=months_before(today, 12), visited_on__lte=today
    ).values("household")


@register_check
class VisitCoverage(PolicyCheck):
    id = "svc-6-visit-coverage"
    requirement = "SVC-6"
    title = gettext_lazy("Households visited within a year")
    description = gettext_lazy(
        "The community's workers visit every household at least once in twelve months (the share is set by "
        "SHEQU_VISIT_COVERAGE_TARGET, in per cent); the households per community worker in post are shown beside it."
    )
    remedy = ("affairs:visit_add", "affairs.add_visit")

    def evaluate(self, communities, today):
        target = int(settings.SHEQU_VISIT_COVERAGE_TARGET)
        codes = [c.code for c in communities]
        households = count_by_code(Household.objects.all(), codes)
        workers = count_by_code(CommunityWorker.objects.filter(active=True), codes)
        visited: dict[str, int] = {}
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            rows = (
                Household.objects.filter(division_code__in=chunk, pk__in=visited_household_ids(chunk, today))
                .values("division_code")
                .annotate(n=Count("pk"))
            )
            visited.update(dict(rows.values_list("division_code", "n")))
        target_text = _("{target} per cent of households a year").format(target=target)
        outcomes = {}
        for code in codes:
            total = households.get(code, 0)
            if not total:
                outcomes[code] = Outcome(Status.UNKNOWN, _("no households registered"), target_text)
                continue
            seen = visited.get(code, 0)
            share = (Decimal(seen * 100) / total).quantize(ONE_DECIMAL, ROUND_HALF_UP)
            value = _("{visited} / {total} households ({share} per cent)")
            value = value.format(visited=seen, total=total, share=share)
            staff = workers.get(code, 0)
            if staff:
                per = (Decimal(total) / staff).quantize(ONE_DECIMAL, ROUND_HALF_UP)
                load = _("{per} households per worker ({workers} in post)").format(per=per, workers=staff)
            else:
                load = _("no community worker in post")
            status = Status.OK if seen * 100 >= target * total else Status.VIOLATION
            outcomes[code] = Outcome(status, f"{value}；{load}", target_text)
        return outcomes

    def records(self, community, user, today):
        """The community's households not visited in the last twelve months."""
        return (
            Household.objects.restrict(user)
            .filter(community=community)
            .exclude(pk__in=visited_household_ids([community.code], today))
            .order_by("number")
        )
