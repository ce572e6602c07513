"""The subsidy standard as policy checks (FIN-2; DESIGN.md §8): community workers' living subsidies against the
city's average social wage, and their social insurance."""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.checks import Outcome, PolicyCheck, Status, register_check
from shequ.funding.models import SocialWage, WorkerPay
from shequ.funding.services import required_minimum

__all__ = ["SocialInsurance", "SubsidyFloor", "wage_for"]


def ancestors(code: str) -> list[str]:
    """The codes of a community and the divisions above it, nearest first (NBS 12-digit arithmetic)."""
    return [code, code[:9] + "000", code[:6] + "000000", code[:4] + "00000000"]


def wages(communities, today) -> dict[str, SocialWage]:
    """The average social wage that applies to each community (code → wage): the latest year entered up to this
    year, of the nearest division above it that has one (normally the city)."""
    codes = {code for c in communities for code in ancestors(c.code)}
    latest: dict[str, SocialWage] = {}
    rows = SocialWage.objects.filter(division__code__in=codes, year__lte=today.year).order_by("year")
    for wage in rows.select_related("division"):
        latest[wage.division.code] = wage
    found = {}
    for community in communities:
        wage = next((latest[code] for code in ancestors(community.code) if code in latest), None)
        if wage is not None:
            found[community.code] = wage
    return found


def wage_for(community, today) -> SocialWage | None:
    return wages([community], today).get(community.code)


def _pay_by_community(communities, latest) -> dict[str, list]:
    pay = defaultdict(list)
    codes = [c.code for c in communities]
    years = {wage.year for wage in latest.values()}
    for start in range(0, len(codes), 500):
        rows = WorkerPay.objects.filter(
            division_code__in=codes[start : start + 500], year__in=years, worker__active=True
        ).select_related("worker")
        for row in rows:
            wage = latest.get(row.division_code)
            if wage is not None and row.year == wage.year:
                pay[row.division_code].append(row)
    return pay


class _PayCheck(PolicyCheck):
    def evaluate(self, communities, today):
        latest = wages(communities, today)
        pay = _pay_by_community(communities, latest)
        outcomes = {}
        for community in communities:
            wage = latest.get(community.code)
            if wage is None:
                outcomes[community.code] = Outcome(Status.UNKNOWN, _("no average social wage entered"), "")
            elif not pay.get(community.code):
                outcomes[community.code] = Outcome(
                    Status.UNKNOWN, _("no pay of {year} entered").format(year=wage.year), ""
                )
            else:
                outcomes[community.code] = self.judge(wage, pay[community.code])
        return outcomes

    def judge(self, wage, rows) -> Outcome:
        raise NotImplementedError


@register_check
class SubsidyFloor(_PayCheck):
    id = "fin-2-subsidy-floor"
    requirement = "FIN-2"
    title = gettext_lazy("Living subsidies up to the average social wage")
    description = gettext_lazy(
        "Each community worker's living subsidy reaches the city's average social wage; below it, next year's "
        "minimum is the subsidy plus the catch-up rate's share of the gap."
    )
    remedy = ("funding:workerpay_add", "funding.add_workerpay")

    def judge(self, wage, rows):
        below = sorted((r for r in rows if r.living_subsidy < wage.average_wage), key=lambda r: r.worker.name)
        detail = [
            _("{name}: {subsidy} yuan, at least {minimum} yuan next year").format(
                name=r.worker.name,
                subsidy=r.living_subsidy,
                minimum=required_minimum(r.living_subsidy, wage.average_wage, wage.catch_up_rate),
            )
            for r in below
        ]
        return Outcome(
            Status.VIOLATION if below else Status.OK,
            _("{below} of {total} below").format(below=len(below), total=len(rows)),
            _("at least {wage} yuan ({year})").format(wage=wage.average_wage, year=wage.year),
            detail,
        )

    def records(self, community, user, today):
        wage = wage_for(community, today)
        if wage is None:
            return WorkerPay.objects.none()
        return WorkerPay.objects.restrict(user).filter(
            worker__community=community, worker__active=True, year=wage.year, living_subsidy__lt=wage.average_wage
        )


@register_check
class SocialInsurance(_PayCheck):
    id = "fin-2-social-insurance"
    requirement = "FIN-2"
    title = gettext_lazy("Social insurance for every community worker")
    description = gettext_lazy("Social insurance is paid for every community worker in post.")
    remedy = ("funding:workerpay_add", "funding.add_workerpay")

    def judge(self, wage, rows):
        missing = sorted(r.worker.name for r in rows if not r.social_insurance)
        return Outcome(
            Status.VIOLATION if missing else Status.OK,
            _("{missing} of {total} without").format(missing=len(missing), total=len(rows)),
            _("all enrolled"),
            missing,
        )

    def records(self, community, user, today):
        wage = wage_for(community, today)
        if wage is None:
            return WorkerPay.objects.none()
        return WorkerPay.objects.restrict(user).filter(
            worker__community=community, worker__active=True, year=wage.year, social_insurance=False
        )
