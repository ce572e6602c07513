"""Rectification closed on time, as a policy check (EVAL-3; DESIGN.md §8): a community breaks the rule while a case
of it is open past its deadline, or when a case of the last twelve months was closed after its deadline. A community
without a case has nothing to rectify and meets the rule. The same figure is the evaluation's computed source
`check:eval-3-rectification-on-time` ("rectifications closed on time")."""

from datetime import date

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.checks import Outcome, PolicyCheck, Status, months_before, register_check
from shequ.evaluation.choices import CaseStatus
from shequ.evaluation.models import Rectification

__all__ = ["RectificationOnTime"]


@register_check
class RectificationOnTime(PolicyCheck):
    id = "eval-3-rectification-on-time"
    requirement = "EVAL-3"
    title = gettext_lazy("Rectification closed by its deadline")
    description = gettext_lazy(
        "Each rectification case of the community is closed by its deadline; none is open past it."
    )
    remedy = ("evaluation:rectification_list", "evaluation.view_rectification")

    def evaluate(self, communities, today: date):
        codes = [c.code for c in communities]
        since = months_before(today, 12)
        overdue: dict[str, date] = {}
        late: dict[str, date] = {}
        open_: dict[str, date] = {}
        for start in range(0, len(codes), 500):
            chunk = codes[start : start + 500]
            cases = Rectification.objects.filter(division_code__in=chunk, deadline__isnull=False)
            for code, deadline in cases.overdue(today).values_list("division_code", "deadline"):
                overdue[code] = min(deadline, overdue.get(code, deadline))
            closed_late = cases.filter(status=CaseStatus.CLOSED, closed_on__gte=since, closed_on__gt=F("deadline"))
            for code, closed_on in closed_late.values_list("division_code", "closed_on"):
                late[code] = max(closed_on, late.get(code, closed_on))
            pending = cases.filter(status=CaseStatus.OPEN, deadline__gte=today)
            for code, deadline in pending.values_list("division_code", "deadline"):
                open_[code] = min(deadline, open_.get(code, deadline))
        target = _("closed by the deadline")
        outcomes = {}
        for code in codes:
            if code in overdue:
                value = _("open past its deadline of {day}").format(day=f"{overdue[code]:%Y-%m-%d}")
                outcomes[code] = Outcome(Status.VIOLATION, value, target)
            elif code in late:
                value = _("closed late, on {day}").format(day=f"{late[code]:%Y-%m-%d}")
                outcomes[code] = Outcome(Status.VIOLATION, value, target)
            elif code in open_:
                value = _("open, due {day}").format(day=f"{open_[code]:%Y-%m-%d}")
                outcomes[code] = Outcome(Status.OK, value, target)
            else:
                outcomes[code] = Outcome(Status.OK, _("no case open or closed late"), target)
        return outcomes

    def records(self, community, user, today):
        return Rectification.objects.restrict(user).filter(community=community)
