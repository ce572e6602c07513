"""Writes of the evaluation (issue #14; EVAL-1, EVAL-4): schemes put in force and versioned, evaluation runs computed
and moved through their workflow. Each takes `acting_user` (None: a command run by the operator), checks it with
`core.rights` and runs in one transaction."""

import calendar
import logging
import math
import random
import secrets
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.models import in_scope
from shequ.core.rights import may, user_may
from shequ.evaluation.choices import (
    AwardLevel,
    AwardStage,
    CaseOrigin,
    CaseStatus,
    Grade,
    IndicatorKind,
    RecheckResult,
    RunStatus,
    SchemeStatus,
    TitleStatus,
)
from shequ.evaluation.indicators import Measure, measure
from shequ.evaluation.models import (
    FULL_WEIGHT,
    Accountability,
    CaseEvidence,
    Deduction,
    Indicator,
    IndicatorValue,
    Inspection,
    Progress,
    Recheck,
    RecheckDraw,
    Rectification,
    Run,
    Scheme,
    Score,
    Title,
)
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = [
    "add_accountability",
    "add_evidence",
    "add_progress",
    "approve",
    "close_case",
    "draw_rechecks",
    "evaluate",
    "name_titles",
    "new_version",
    "open_cases",
    "period",
    "publish",
    "put_in_force",
    "record_recheck",
    "review",
    "schemes_for",
]

log = logging.getLogger(__name__)

CENT = Decimal("0.01")


def _require(acting_user, permission: str, code: str) -> None:
    if acting_user is not None and not user_may(acting_user, permission, code):
        raise PermissionDenied


# ---- schemes --------------------------------------------------------------------------------------------------------


@transaction.atomic
def put_in_force(*, acting_user, scheme: Scheme) -> Scheme:
    """The scheme applies from now on: its weights must sum to 100; the version in force before it is superseded."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if acting_user is not None and not may(acting_user, "change", scheme):
        raise PermissionDenied
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError(_("Only a draft scheme can be put in force."))
    total = scheme.total_weight()
    if total != FULL_WEIGHT:
        raise ValidationError(
            _("The weights of the scheme sum to %(total)s; they must sum to 100.") % {"total": f"{total.normalize():f}"}
        )
    for old in Scheme.objects.filter(division=scheme.division, year=scheme.year, status=SchemeStatus.IN_FORCE):
        old.status = SchemeStatus.SUPERSEDED
        old.save(update_fields=["status", "division_code"])
    scheme.status = SchemeStatus.IN_FORCE
    scheme.save(update_fields=["status", "division_code"])
    return scheme


@transaction.atomic
def new_version(*, acting_user, scheme: Scheme, division=None) -> Scheme:
    """A draft copy of `scheme` with its indicators: the next version of the same division, or (with `division`, a
    division below the scheme's) that division's extension of it, version 1."""
    target = division or scheme.division
    _require(acting_user, "evaluation.add_scheme", target.code)
    if division is not None and (division == scheme.division or not division.code.startswith(scheme.division.prefix)):
        raise ValidationError({"division": _("An extension belongs to a division within the scheme's division.")})
    latest = Scheme.objects.filter(division=target, year=scheme.year).order_by("-version").first()
    copy = Scheme.objects.create(
        division=target,
        year=scheme.year,
        version=(latest.version + 1) if latest else 1,
        name=scheme.name,
        demonstration_threshold=scheme.demonstration_threshold,
        standard_threshold=scheme.standard_threshold,
        demonstration_quota=scheme.demonstration_quota,
        min_coverage=scheme.min_coverage,
        previous=scheme,
        created_by=acting_user,
    )
    for indicator in scheme.indicators.order_by("code"):
        Indicator.objects.create(
            scheme=copy,
            code=indicator.code,
            name=indicator.name,
            kind=indicator.kind,
            source=indicator.source,
            weight=indicator.weight,
            zero_at=indicator.zero_at,
            full_at=indicator.full_at,
            created_by=acting_user,
        )
    return copy


def schemes_for(communities: list, year: int) -> dict[str, Scheme]:
    """Each community's scheme: the one in force of the nearest division above it (or its own)."""
    codes = {c.code for c in communities}
    candidates = list(Scheme.objects.filter(year=year, status=SchemeStatus.IN_FORCE).select_related("division"))
    result = {}
    for code in codes:
        best = None
        for scheme in candidates:
            prefix = scheme.division.prefix
            if code.startswith(prefix) and (best is None or len(prefix) > len(best.division.prefix)):
                best = scheme
        if best is not None:
            result[code] = best
    return result


# ---- evaluation runs ------------------------------------------------------------------------------------------------


def period(year: int, quarter: int | None, today: date | None = None) -> tuple[date, date]:
    """The period scored: the year, or the year to the end of the quarter (the quarterly ranking's scores to date);
    never beyond today."""
    month = 12 if not quarter else quarter * 3
    end = date(year, month, calendar.monthrange(year, month)[1])
    today = today or timezone.localdate()
    return date(year, 1, 1), min(end, today)


def _scored(indicator: Indicator, communities: list, start: date, end: date) -> dict[str, Measure]:
    """A scored indicator's values: the mean of the period's inspections under its code in the year (whichever
    version or extension of the scheme they were recorded under); a deduction indicator (scoring nothing at a higher
    value, e.g. media exposures) sums its records, so none is a known zero."""
    deduction = indicator.zero_at > indicator.full_at
    rows = (
        Inspection.objects.filter(
            indicator__code=indicator.code,
            indicator__scheme__year=indicator.scheme.year,
            inspected_on__range=(start, end),
            community__in=[c.pk for c in communities],
        )
        .values("division_code")
        .annotate(mean=Avg("score"), total=Sum("score"), n=Count("pk"))
        .order_by()
    )
    found = {row["division_code"]: row for row in rows}
    result = {}
    for community in communities:
        row = found.get(community.code)
        link = f"/evaluation/inspections/?division={community.pk}"
        if row is None:
            result[community.code] = (
                Measure(Decimal(0), _("none recorded"), link) if deduction else Measure(None, _("not inspected"), link)
            )
        elif deduction:
            result[community.code] = Measure(Decimal(row["total"]), _("%(n)s records") % {"n": row["n"]}, link)
        else:
            mean = Decimal(row["mean"]).quantize(CENT, ROUND_HALF_UP)
            result[community.code] = Measure(mean, _("mean of %(n)s inspections") % {"n": row["n"]}, link)
    return result


def _grade(scheme: Scheme, total: Decimal | None, known: Decimal) -> str:
    if total is None or known < scheme.min_coverage:
        return Grade.UNKNOWN
    if total >= scheme.demonstration_threshold:
        return Grade.DEMONSTRATION
    if total >= scheme.standard_threshold:
        return Grade.STANDARD
    return Grade.BELOW


def _apply_quota(scores: list[Score]) -> None:
    """At most the scheme's quota (a share of the district's evaluated communities, rounded down) are
    demonstration communities; the rest above the threshold, lowest totals first, are up to standard."""
    by_district: dict[tuple[str, int], list[Score]] = defaultdict(list)
    for score in scores:
        by_district[(score.division_code[:6], score.scheme_id)].append(score)
    for group in by_district.values():
        quota = group[0].scheme.demonstration_quota
        if not quota:
            continue
        allowed = math.floor(len(group) * quota / 100)
        demo = sorted((s for s in group if s.grade == Grade.DEMONSTRATION), key=lambda s: (-s.total, s.division_code))
        for score in demo[allowed:]:
            score.grade = Grade.STANDARD


@transaction.atomic
def evaluate(
    *,
    acting_user,
    division,
    year: int,
    quarter: int | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Run:
    """Score every community of `division` (EVAL-1): each indicator of the scheme that applies to it, each value
    kept with its basis; a community without a scheme in force is left out (`Run.skipped` lists none: the command
    reports them)."""
    _require(acting_user, "evaluation.add_run", division.code)
    start, end = period(year, quarter, today)
    if start > end:
        raise ValidationError({"year": _("The period has not begun yet.")})
    communities = list(
        Division.objects.filter(level=DivisionLevel.COMMUNITY, code__startswith=division.prefix).order_by("code")
    )
    schemes = schemes_for(communities, year)
    if not schemes:
        raise ValidationError(_("No indicator scheme is in force for %(year)s here.") % {"year": year})
    run = Run.objects.create(
        division=division,
        year=year,
        quarter=quarter,
        computed_at=timezone.now(),
        computed_by=acting_user,
        created_by=acting_user,
    )
    groups: dict[int, list] = defaultdict(list)
    by_pk = {}
    for community in communities:
        scheme = schemes.get(community.code)
        if scheme is not None:
            groups[scheme.pk].append(community)
            by_pk[scheme.pk] = scheme
    scores, values = [], []
    done = 0
    for scheme_pk, members in groups.items():
        scheme = by_pk[scheme_pk]
        indicators = list(scheme.indicators.order_by("code"))
        measures = {
            ind.pk: (
                measure(ind.source, members, start, end)
                if ind.kind == IndicatorKind.COMPUTED
                else _scored(ind, members, start, end)
            )
            for ind in indicators
        }
        for community in members:
            earned, known = Decimal(0), Decimal(0)
            score = Score(run=run, community=community, scheme=scheme, known_weight=0, grade=Grade.UNKNOWN)
            for ind in indicators:
                found = measures[ind.pk][community.code]
                points = ind.points(found.value)
                if points is not None:
                    earned += points
                    known += ind.weight
                values.append((score, ind, found, points))
            score.known_weight = known
            score.total = (earned * FULL_WEIGHT / known).quantize(CENT, ROUND_HALF_UP) if known else None
            score.grade = _grade(scheme, score.total, known)
            score.created_by = acting_user
            scores.append(in_scope(score))
        done += len(members)
        if progress:
            progress(done, len(communities))
    _apply_quota(scores)
    Score.objects.bulk_create(scores, batch_size=2000)
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                score=score,
                indicator=ind,
                value=found.value,
                points=points,
                basis=found.basis[:300],
                records_url=found.records_url[:300],
                division_code=score.division_code,
            )
            for score, ind, found, points in values
        ),
        batch_size=5000,
    )
    return run


_STEPS = {
    # action: (required status, new status, permission, the refusal's reason)
    "review": (RunStatus.COMPUTED, RunStatus.REVIEWED, "evaluation.review_run"),
    "approve": (RunStatus.REVIEWED, RunStatus.APPROVED, "evaluation.approve_run"),
    "publish": (RunStatus.APPROVED, RunStatus.PUBLISHED, "evaluation.approve_run"),
}


def _refusal(action: str, status: str) -> str:
    if action == "review":
        return _("Only a computed evaluation can be reviewed; this one is %(status)s.")
    if action == "approve":
        return _("The district has not reviewed this evaluation: it cannot be approved; it is %(status)s.")
    return _("The city has not approved this evaluation: it cannot be published; it is %(status)s.")


@transaction.atomic
def step(*, acting_user, run: Run, action: str) -> Run:
    """Move a run one step: computed → reviewed (district) → approved (city) → published; who and when recorded."""
    if action not in _STEPS:
        raise ValidationError(_("Unknown action."))
    run = Run.objects.select_for_update().get(pk=run.pk)
    required, target, permission = _STEPS[action]
    _require(acting_user, permission, run.division_code)
    if run.status != required:
        raise ValidationError(_refusal(action, run.status) % {"status": run.get_status_display()})
    now = timezone.now()
    field = {"review": "reviewed", "approve": "approved", "publish": "published"}[action]
    setattr(run, f"{field}_at", now)
    setattr(run, f"{field}_by", acting_user)
    run.status = target
    run.save()
    if target == RunStatus.PUBLISHED and run.quarter is None:
        # The annual evaluation published: its demonstration communities are named, its communities below standard
        # get their rectification cases (EVAL-1, EVAL-3).
        name_titles(run=run, acting_user=acting_user, day=timezone.localdate(now))
        open_cases(run=run, acting_user=acting_user)
    return run


def review(*, acting_user, run):
    return step(acting_user=acting_user, run=run, action="review")


def approve(*, acting_user, run):
    return step(acting_user=acting_user, run=run, action="approve")


def publish(*, acting_user, run):
    return step(acting_user=acting_user, run=run, action="publish")


# ---- titles and rectification cases from a published annual evaluation (EVAL-1, EVAL-3) ----------------------------


def _published_annual(run: Run) -> None:
    if run.status != RunStatus.PUBLISHED or run.quarter is not None:
        raise ValidationError(_("Only a published annual evaluation names titles and opens rectification cases."))


@transaction.atomic
def name_titles(*, run: Run, acting_user=None, day: date | None = None) -> int:
    """Name each demonstration community of the published annual run (one title per community and year; running it
    again names none twice). Returns the number of titles named."""
    _published_annual(run)
    day = day or timezone.localdate()
    held = set(Title.objects.filter(year=run.year).values_list("community_id", flat=True))
    made = 0
    for score in run.scores.filter(grade=Grade.DEMONSTRATION).select_related("community").order_by("division_code"):
        if score.community_id in held:
            continue
        Title.objects.create(
            community=score.community, year=run.year, score=score, named_on=day, created_by=acting_user
        )
        made += 1
    return made


@transaction.atomic
def open_cases(*, run: Run, acting_user=None) -> int:
    """Open a rectification case for each community below standard in the published annual run (one per community
    and year; running it again opens none twice). Returns the number of cases opened."""
    _published_annual(run)
    have = set(
        Rectification.objects.filter(year=run.year, origin=CaseOrigin.EVALUATION).values_list("community_id", flat=True)
    )
    made = 0
    for score in run.scores.filter(grade=Grade.BELOW).select_related("community").order_by("division_code"):
        if score.community_id in have:
            continue
        Rectification.objects.create(
            community=score.community, year=run.year, origin=CaseOrigin.EVALUATION, score=score, created_by=acting_user
        )
        made += 1
    return made


# ---- the steps of a rectification case (EVAL-3) -------------------------------------------------------------------


def _open_case(case: Rectification) -> Rectification:
    case = Rectification.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("This rectification case is closed and is no longer changed."))
    return case


@transaction.atomic
def add_progress(*, acting_user, case: Rectification, day: date, text: str) -> Progress:
    """A progress report; the community reports on its own case, the street and district on theirs."""
    _require(acting_user, "evaluation.add_progress", case.division_code)
    case = _open_case(case)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Progress: write what was done.")})
    if day is None or day > timezone.localdate():
        raise ValidationError({"day": _("Progress: the date must not lie in the future.")})
    progress = Progress(case=case, day=day, text=text, reported_by=acting_user)
    progress.full_clean()  # the model's bounds (a day of 0001 is no progress report), from a page or the API
    progress.save()
    return progress


EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def check_evidence(upload) -> None:
    """An evidence file from a page or the API: a PDF, JPEG or PNG of at most 10 MB (served only as a download)."""
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    suffix = ("." + upload.name.rsplit(".", 1)[-1].lower()) if "." in (upload.name or "") else ""
    if suffix not in EVIDENCE_TYPES or upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": _("Evidence must be a PDF, JPEG or PNG file of at most 10 MB.")})


@transaction.atomic
def add_evidence(*, acting_user, case: Rectification, upload, name: str) -> CaseEvidence:
    _require(acting_user, "evaluation.change_rectification", case.division_code)
    check_evidence(upload)
    case = _open_case(case)
    return CaseEvidence.objects.create(case=case, file=upload, name=name[:200], uploaded_by=acting_user)


@transaction.atomic
def add_accountability(*, acting_user, case: Rectification, **fields) -> Accountability:
    """An accountability decision on a named person (the district's or the city's)."""
    _require(acting_user, "evaluation.add_accountability", case.division_code)
    case = Rectification.objects.select_for_update().get(pk=case.pk)
    decision = Accountability(case=case, recorded_by=acting_user, **fields)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def close_case(*, acting_user, case: Rectification, day: date, note: str = "") -> Rectification:
    """Close a case: only once the meeting, causes, measures, responsible persons, deadline and closing evidence are
    recorded, and, for a cause the policy names, an accountability decision (EVAL-3)."""
    _require(acting_user, "evaluation.change_rectification", case.division_code)
    case = _open_case(case)
    missing = []
    if not case.meeting_on:
        missing.append(_("the analysis meeting"))
    if not case.causes:
        missing.append(_("the causes"))
    if not case.measures.strip():
        missing.append(_("the measures"))
    if not case.responsible.strip():
        missing.append(_("the responsible persons"))
    if not case.deadline:
        missing.append(_("the deadline"))
    if not case.evidence.exists():
        missing.append(_("closing evidence"))
    if case.calls_for_accountability and not case.accountability.exists():
        missing.append(_("an accountability decision (the causes call for one)"))
    if missing:
        raise ValidationError(
            _("The case cannot be closed yet: record %(missing)s first.")
            % {"missing": "、".join(str(m) for m in missing)}
        )
    if day is None or day > timezone.localdate():
        raise ValidationError({"closed_on": _("The closing date must not lie in the future.")})
    if day < case.meeting_on:
        raise ValidationError({"closed_on": _("The case cannot close before its analysis meeting.")})
    case.status = CaseStatus.CLOSED
    case.closed_on = day
    case.closing_note = note
    case.save()
    return case


# ---- re-checks of demonstration communities (EVAL-4) ----------------------------------------------------------------


def recheck_candidates(division, year: int) -> list[Title]:
    """The titles a draw chooses among: each community of `division` holding a title named up to `year` (its
    latest), not yet re-checked in `year`; in the order of the community codes, so that a seed draws the same."""
    checked = set(Recheck.objects.filter(year=year).values_list("community_id", flat=True))
    latest: dict[int, Title] = {}
    titles = Title.objects.filter(
        status=TitleStatus.HELD, year__lte=year, division_code__startswith=division.prefix
    ).order_by("division_code", "year")
    for title in titles:
        if title.community_id not in checked:
            latest[title.community_id] = title
    return sorted(latest.values(), key=lambda t: t.division_code)


@transaction.atomic
def draw_rechecks(*, acting_user, division, year: int, size: int, seed: int | None = None) -> RecheckDraw:
    """Draw `size` demonstration communities of `division` to re-check in `year` at random (EVAL-4): the seed is
    stored (random unless given), so the same seed over the same candidates draws the same communities; who drew,
    when and how many is recorded and logged."""
    _require(acting_user, "evaluation.add_recheckdraw", division.code)
    if size is None or size < 1:
        raise ValidationError({"size": _("Draw at least one community.")})
    candidates = recheck_candidates(division, year)
    if not candidates:
        raise ValidationError(
            _("No demonstration community of %(division)s is left to re-check in %(year)s.")
            % {"division": division.name, "year": year}
        )
    seed = secrets.randbits(48) if seed is None else seed
    chosen = random.Random(seed).sample(candidates, min(size, len(candidates)))
    draw = RecheckDraw.objects.create(
        division=division,
        year=year,
        seed=seed,
        size=len(chosen),
        candidates=len(candidates),
        drawn_at=timezone.now(),
        drawn_by=acting_user,
        created_by=acting_user,
    )
    for title in sorted(chosen, key=lambda t: t.division_code):
        Recheck.objects.create(
            draw=draw, title=title, community_id=title.community_id, year=year, created_by=acting_user
        )
    log.info(
        "re-check draw %s: %s of %s in %s for %s, seed %s, by %s",
        draw.pk,
        len(chosen),
        len(candidates),
        division.code,
        year,
        seed,
        getattr(acting_user, "username", "operator"),
    )
    return draw


@transaction.atomic
def record_recheck(
    *,
    acting_user,
    recheck: Recheck,
    passed: bool,
    checked_on: date,
    findings: str = "",
    criticism: str = "",
    deadline: date | None = None,
) -> Recheck:
    """Record a re-check's result (EVAL-4). A failure is criticised and given a deadline: a rectification case opens.
    Failing two years running revokes the community's titles and deducts the city's rewards already paid for them
    from the next year's award-for-subsidy (以奖代补) funds."""
    _require(acting_user, "evaluation.change_recheck", recheck.division_code)
    recheck = Recheck.objects.select_for_update().get(pk=recheck.pk)
    if recheck.result != RecheckResult.PENDING:
        raise ValidationError(
            _("This re-check is already recorded as %(result)s.") % {"result": recheck.get_result_display()}
        )
    if checked_on is None or checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("The date of the re-check must not lie in the future.")})
    if checked_on.year != recheck.year:
        raise ValidationError(
            {"checked_on": _("The re-check must take place in its year (%(year)s).") % {"year": recheck.year}}
        )
    if not passed:
        if not criticism.strip():
            raise ValidationError({"criticism": _("A failed re-check is criticised: write the notice of criticism.")})
        if deadline is None or deadline <= checked_on:
            raise ValidationError({"deadline": _("A failed re-check sets a rectification deadline after its date.")})
        if deadline > checked_on + timedelta(days=731):
            raise ValidationError(
                {"deadline": _("A rectification deadline lies at most two years after the re-check.")}
            )
    recheck.result = RecheckResult.PASSED if passed else RecheckResult.FAILED
    recheck.checked_on = checked_on
    recheck.findings = findings
    recheck.criticism = criticism
    recheck.recorded_by = acting_user
    recheck.save()
    if passed:
        return recheck
    Rectification.objects.create(
        community_id=recheck.community_id,
        year=recheck.year,
        origin=CaseOrigin.RECHECK,
        recheck=recheck,
        deadline=deadline,
        created_by=acting_user,
    )
    failed_before = Recheck.objects.filter(
        community_id=recheck.community_id, year=recheck.year - 1, result=RecheckResult.FAILED
    ).exists()
    if failed_before:
        _revoke(recheck, acting_user)
    return recheck


def _revoke(recheck: Recheck, acting_user) -> None:
    reason = _("Re-checks failed in %(first)s and %(second)s.") % {"first": recheck.year - 1, "second": recheck.year}
    for title in Title.objects.select_for_update().filter(community_id=recheck.community_id, status=TitleStatus.HELD):
        title.status = TitleStatus.REVOKED
        title.revoked_on = recheck.checked_on
        title.revoked_reason = reason
        title.save()
        paid = title.awards.filter(level=AwardLevel.CITY, stage=AwardStage.AWARDED, paid_on__isnull=False).aggregate(
            total=Sum("amount")
        )["total"] or Decimal("0.00")
        Deduction.objects.create(
            community_id=title.community_id,
            title=title,
            year=recheck.year + 1,
            amount=paid,
            reason=reason,
            created_by=acting_user,
        )
        log.info("title %s revoked; %s deducted from the %s award-for-subsidy funds", title.pk, paid, recheck.year + 1)
