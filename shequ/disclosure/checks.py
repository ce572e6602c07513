"""The monthly disclosure published on time, as a policy check (INFO-1; DESIGN.md §8): for the latest month whose
due day (SHEQU_DISCLOSURE_DUE_DAY of the month after) has passed, each community's first published version must be
published by then. A correction later does not make a disclosure late; a draft never published does."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.checks import Outcome, PolicyCheck, Status, register_check
from shequ.disclosure.models import Disclosure
from shequ.disclosure.services import due_date

__all__ = ["DisclosureOnTime", "month_due"]


def month_due(today: date) -> date:
    """The latest month whose disclosure is past due on `today`."""
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    if due_date(month) >= today:
        month = (month - timedelta(days=1)).replace(day=1)
    return month


@register_check
class DisclosureOnTime(PolicyCheck):
    id = "info-1-disclosure-on-time"
    requirement = "INFO-1"
    title = gettext_lazy("Monthly disclosure published on time")
    description = gettext_lazy(
        "Each month's disclosure of the community is published by the due day of the following month."
    )
    remedy = ("disclosure:disclosure_list", "disclosure.view_disclosure")

    def evaluate(self, communities, today):
        month = month_due(today)
        due = due_date(month)
        codes = [c.code for c in communities]
        first: dict[str, date | None] = {}
        for start in range(0, len(codes), 500):
            rows = Disclosure.objects.filter(
                division_code__in=codes[start : start + 500], month=month, version=1
            ).values_list("division_code", "published_at")
            for code, published_at in rows:
                first[code] = timezone.localdate(published_at) if published_at else None
        target = _("{month}: published by {due}").format(month=f"{month:%Y-%m}", due=f"{due:%Y-%m-%d}")
        outcomes = {}
        for code in codes:
            published = first.get(code)
            if published is None:
                outcomes[code] = Outcome(Status.VIOLATION, _("not published"), target)
            elif published > due:
                outcomes[code] = Outcome(
                    Status.VIOLATION, _("published late, on {day}").format(day=f"{published:%Y-%m-%d}"), target
                )
            else:
                outcomes[code] = Outcome(Status.OK, _("published on {day}").format(day=f"{published:%Y-%m-%d}"), target)
        return outcomes

    def records(self, community, user, today):
        return Disclosure.objects.restrict(user).filter(community=community, month=month_due(today))
