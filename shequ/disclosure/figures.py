"""What a monthly disclosure reports, compiled from the platform's data (INFO-1; issue #14 item 6).

For a month and many communities at once (a city's 7,000 on the first of the month: a handful of grouped queries,
not queries per community), each community's figures as plain JSON:

    work       orders received and closed in the month, one-stop cases completed, volunteer activities and
               residents' meetings held, verified volunteer hours
    open       orders still open when compiled, and of them overdue, by top-level category
    services   per public service (物业、水、电、气、暖): orders received, closed in the month, still open
    surveys    each survey of the community that closed in the month: answers and, with at least five answers,
               the share satisfied and its margin of error (fewer: only the count, as the survey pages do)
    funds      the monthly statement: what the street's earmarks paid for the community, by fund and by line of
               expenditure (FIN-3, `funding.statements`)
    burden     the requests departments sent the community through the admission gate, by kind and by department,
               and the hours they took (ADM-1, `admission.burden`)

Only aggregates: no name, address, phone or text of any order or answer enters a disclosure (PI-7).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, Sum, Value, When
from django.utils import timezone

from shequ.admission.burden import burden
from shequ.admission.choices import ItemKind
from shequ.admission.models import CommunityRequest
from shequ.affairs.choices import MeetingKind
from shequ.affairs.models import Meeting
from shequ.funding.statements import disclosed
from shequ.onestop.models import ServiceCase
from shequ.regions.models import Division
from shequ.surveys.choices import SurveyPurpose
from shequ.surveys.models import MIN_GROUP, Sample
from shequ.surveys.services import results
from shequ.volunteers.models import ServiceRecord, VolunteerActivity
from shequ.workorders.choices import OrderStatus, PublicService
from shequ.workorders.models import Category, WorkOrder
from shequ.workorders.querysets import overdue_q

__all__ = ["compile_figures", "month_after", "month_bounds"]

REASON = "the monthly disclosure: aggregates of the community's month"
# Residents' affairs are disclosed; the party's joint meetings are the party's (as on the portal's resolutions page).
PUBLIC_MEETINGS = (MeetingKind.RESIDENTS, MeetingKind.REPRESENTATIVES, MeetingKind.DELIBERATION)


def month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as an aware half-open interval in the platform's time zone."""
    tz = timezone.get_current_timezone()
    return datetime.combine(month, time.min, tz), datetime.combine(month_after(month), time.min, tz)


def _counts(queryset, key: str) -> dict:
    return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def compile_figures(communities: list, month: date, now: datetime | None = None) -> dict[int, dict]:
    """{community pk: figures} for `month` (its first day), the open problems as of `now`."""
    now = now or timezone.now()
    start, end = month_bounds(month)
    last_day = month_after(month) - timedelta(days=1)
    ids = [c.pk for c in communities]
    codes = {c.pk: c.code for c in communities}
    orders = WorkOrder.objects.unscoped(REASON).filter(community_id__in=ids)
    received = orders.filter(created__gte=start, created__lt=end)
    closed = orders.filter(closed_at__gte=start, closed_at__lt=end)
    still_open = orders.exclude(status=OrderStatus.CLOSED)

    work = {
        "orders_received": _counts(received, "community_id"),
        "orders_closed": _counts(closed, "community_id"),
        "onestop_completed": _counts(
            ServiceCase.objects.unscoped(REASON).filter(community_id__in=ids, completed_on__range=(month, last_day)),
            "community_id",
        ),
        "activities": _counts(
            VolunteerActivity.objects.unscoped(REASON).filter(community_id__in=ids, held_on__range=(month, last_day)),
            "community_id",
        ),
        "meetings": _counts(
            Meeting.objects.unscoped(REASON).filter(
                community_id__in=ids, kind__in=PUBLIC_MEETINGS, held_on__range=(month, last_day)
            ),
            "community_id",
        ),
    }
    hours = dict(
        ServiceRecord.objects.unscoped(REASON)
        .filter(division_code__in=list(codes.values()), verified=True, served_on__range=(month, last_day))
        .values_list("division_code")
        .annotate(h=Sum("hours"))
        .values_list("division_code", "h")
    )

    # Open problems by top-level category (a child category counts under its parent).
    catalogue = list(Category.objects.values_list("pk", "parent_id", "name", "public_service"))  # one read
    top = {pk: parent or pk for pk, parent, _name, _service in catalogue}
    names = {pk: name for pk, _parent, name, _service in catalogue}
    service_of = {pk: service for pk, _parent, _name, service in catalogue if service}
    open_by: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    overdue = overdue_q(now)
    for community_id, category_id, late, n in (
        still_open.annotate(late=_flag(overdue))
        .values_list("community_id", "category_id", "late")
        .annotate(n=Count("pk"))
        .values_list("community_id", "category_id", "late", "n")
    ):
        cell = open_by[community_id][top.get(category_id, category_id)]
        cell[0] += n
        cell[1] += n if late else 0

    services: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for column, queryset in enumerate((received, closed, still_open)):
        rows = queryset.filter(category_id__in=list(service_of)).values_list("community_id", "category_id")
        for community_id, category_id, n in rows.annotate(n=Count("pk")).values_list(
            "community_id", "category_id", "n"
        ):
            services[community_id][service_of[category_id]][column] += n

    surveys = _surveys(codes, month, last_day)
    funds = disclosed(ids, month, REASON)
    burdens = _burden(ids, month)

    figures = {}
    for pk in ids:
        problems = sorted(
            ([names.get(category, "?"), n, late] for category, (n, late) in open_by[pk].items()),
            key=lambda row: (-row[1], row[0]),
        )
        figures[pk] = {
            "period": f"{month:%Y-%m}",
            "compiled_at": timezone.localtime(now).isoformat(timespec="seconds"),
            "work": {
                **{key: values.get(pk, 0) for key, values in work.items()},
                "volunteer_hours": str(hours.get(codes[pk]) or Decimal("0")),
            },
            "open": {
                "orders": sum(row[1] for row in problems),
                "overdue": sum(row[2] for row in problems),
                "by_category": problems,
            },
            "services": [[service, *services[pk].get(service, [0, 0, 0])] for service in PublicService.values],
            "surveys": surveys.get(codes[pk], []),
            "funds": funds[pk],
            "burden": burdens.get(pk, {"requests": 0, "hours": "0.0", "by_kind": [], "by_department": []}),
        }
    return figures


def _burden(ids: list[int], month: date) -> dict[int, dict]:
    """{community pk: the month's requests through the gate}: counts by kind (in the kinds' order), by department
    (the most first) and the hours the community reported."""
    rows = burden(CommunityRequest.objects.unscoped(REASON).filter(community_id__in=ids), month)
    pks = dict(Division.objects.filter(pk__in=ids).values_list("code", "pk"))
    out: dict[int, dict] = {}
    for row in rows:
        pk = pks[row.community_code]
        entry = out.setdefault(
            pk, {"requests": 0, "hours": Decimal("0.0"), "kinds": defaultdict(int), "by_department": []}
        )
        entry["requests"] += row.total
        entry["hours"] += row.hours
        for kind, n in row.counts.items():
            entry["kinds"][kind] += n
        entry["by_department"].append([row.department, row.total, str(row.hours)])
    for entry in out.values():
        entry["by_kind"] = [[kind, entry["kinds"][kind]] for kind in ItemKind.values if entry["kinds"][kind]]
        entry["by_department"].sort(key=lambda row: (-row[1], row[0]))
        entry["hours"] = str(entry["hours"])
        del entry["kinds"]
    return out


def _flag(q):
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def _surveys(codes: dict[int, str], month: date, last_day: date) -> dict[str, list[dict]]:
    """{community code: [survey result]} for the surveys that closed in the month and sampled the community."""
    out: dict[str, list[dict]] = defaultdict(list)
    samples = (
        Sample.objects.unscoped(REASON)
        .filter(
            division_code__in=list(codes.values()),
            survey__closes_on__range=(month, last_day),
            survey__purpose=SurveyPurpose.SATISFACTION,  # INFO-1: residents' satisfaction surveys
        )
        .select_related("survey")
        .order_by("survey__closes_on", "survey_id")
    )
    for sample in samples:
        answers, per_question = results(sample.survey, sample.division_code)
        entry = {"title": sample.survey.title, "answers": answers, "shown": answers >= MIN_GROUP, "questions": []}
        if entry["shown"]:
            for result in per_question:
                if result.satisfied is not None:
                    entry["questions"].append(
                        {
                            "text": result.question.text,
                            "satisfied": str(result.satisfied),
                            "margin": str(result.margin) if result.margin is not None else "",
                        }
                    )
        out[sample.division_code].append(entry)
    return out
