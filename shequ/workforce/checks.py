"""Training of the community workforce as a check (WF-2; DESIGN.md §8)."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.checks import Outcome, PolicyCheck, Status, months_before, register_check
from shequ.workforce.choices import WorkerPosition
from shequ.workforce.models import CommunityWorker, TrainingAttendance

__all__ = ["Training"]

MIN_HOURS = Decimal(20)
LEADER_MONTHS, MEMBER_MONTHS = 12, 24


@register_check
class Training(PolicyCheck):
    id = "wf-2-training"
    requirement = "WF-2"
    title = gettext_lazy("Training on time")
    description = gettext_lazy(
        "The party secretary and the committee director trained within the last 12 months, everybody else within "
        "24 months, each time for at least 20 hours."
    )
    remedy = ("workforce:trainingattendance_add", "workforce.add_trainingattendance")

    @staticmethod
    def overdue(workers, today) -> list:
        """Workers whose last qualifying training (≥ 20 hours) started before their window opened."""
        last = defaultdict(lambda: None)
        ids = [worker.pk for worker in workers]
        for start in range(0, len(ids), 500):
            attended = TrainingAttendance.objects.filter(worker__in=ids[start : start + 500], hours__gte=MIN_HOURS)
            for worker_id, starts_on in attended.values_list("worker", "course__starts_on"):
                if last[worker_id] is None or starts_on > last[worker_id]:
                    last[worker_id] = starts_on
        late = []
        for worker in workers:
            months = LEADER_MONTHS if worker.position in WorkerPosition.leaders() else MEMBER_MONTHS
            if last[worker.pk] is None or last[worker.pk] < months_before(today, months):
                late.append(worker)
        return late

    def evaluate(self, communities, today):
        codes = [c.code for c in communities]
        workers = defaultdict(list)
        for start in range(0, len(codes), 500):
            for worker in CommunityWorker.objects.filter(division_code__in=codes[start : start + 500], active=True):
                workers[worker.division_code].append(worker)
        late = {worker.pk for worker in self.overdue([w for ws in workers.values() for w in ws], today)}
        outcomes = {}
        for community in communities:
            staff = workers.get(community.code, [])
            if not staff:
                outcomes[community.code] = Outcome(Status.UNKNOWN, _("no workers registered"), "")
                continue
            overdue = sum(1 for worker in staff if worker.pk in late)
            value = _("{overdue} of {total} overdue").format(overdue=overdue, total=len(staff))
            outcomes[community.code] = Outcome(Status.VIOLATION if overdue else Status.OK, value, _("0 overdue"))
        return outcomes

    def records(self, community, user, today):
        workers = list(CommunityWorker.objects.restrict(user).filter(community=community, active=True))
        return self.overdue(workers, today)
