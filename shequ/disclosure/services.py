"""Writes of the monthly disclosure (issue #14 item 6; INFO-1): drafts compiled from the data, the street's review,
publication that freezes the content (SM3 hash, a PDF rendered in the background), corrections as new versions.
Each takes `acting_user` (None: the platform's own clock or a command), checks it with `core.rights` and runs in one
transaction."""

import json
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.crypto import sm3_hex
from shequ.core.rights import user_may
from shequ.disclosure.choices import DisclosureStatus
from shequ.disclosure.figures import compile_figures, month_after
from shequ.disclosure.models import TEXT_FIELDS, Disclosure
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

__all__ = [
    "compile_due",
    "compile_month",
    "content_hash",
    "correct",
    "due_date",
    "publish",
    "recompile",
    "review",
    "send_back",
]

S = DisclosureStatus
BATCH = 500


def _require(acting_user, permission: str, code: str) -> None:
    if acting_user is not None and not user_may(acting_user, permission, code):
        raise PermissionDenied


def _locked(disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().select_related("community").get(pk=disclosure.pk)


def due_date(month: date) -> date:
    """The last day a month's disclosure is on time: the due day of the following month."""
    following = month_after(month)
    return following.replace(day=min(settings.SHEQU_DISCLOSURE_DUE_DAY, 28))


def _month(value: date) -> date:
    month = value.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("A month is disclosed once it is over.")})
    return month


# ---- drafts ---------------------------------------------------------------------------------------------------------


def compile_month(*, acting_user, month: date, within: Division | None = None, now: datetime | None = None) -> int:
    """A draft for every community of `within` (the whole platform when None) that has no disclosure of `month`
    yet; drafts already there get fresh figures. Returns the number of drafts made. Batches of 500 communities, one
    transaction each (a city's 7,000 communities never hold one long transaction)."""
    month = _month(month)
    communities = Division.objects.unscoped("compiling disclosures").filter(level=DivisionLevel.COMMUNITY)
    if within is not None:
        _require(acting_user, "disclosure.add_disclosure", within.code)
        communities = communities.filter(code__startswith=within.prefix)
    elif acting_user is not None and not acting_user.is_superuser:
        raise PermissionDenied
    made = 0
    codes = list(communities.order_by("code").values_list("pk", flat=True))
    for start in range(0, len(codes), BATCH):
        batch = list(Division.objects.unscoped("compiling disclosures").filter(pk__in=codes[start : start + BATCH]))
        made += _compile_batch(acting_user, batch, month, now)
    return made


@transaction.atomic
def _compile_batch(acting_user, communities: list, month: date, now) -> int:
    now = now or timezone.now()
    existing = {
        d.community_id: d
        for d in Disclosure.objects.select_for_update()
        .filter(community__in=communities, month=month)
        .current()
        .order_by("version")
    }
    figures = compile_figures(communities, month, now)
    made = 0
    for community in communities:
        found = existing.get(community.pk)
        if found is None:
            Disclosure.objects.create(
                community=community,
                month=month,
                figures=figures[community.pk],
                compiled_at=now,
                created_by=acting_user,
            )
            made += 1
        elif found.status == S.DRAFT:
            found.figures, found.compiled_at = figures[community.pk], now
            found.save(update_fields=["figures", "compiled_at", "last_updated"])
    return made


@transaction.atomic
def recompile(*, acting_user, disclosure: Disclosure) -> Disclosure:
    """Fresh figures for a draft (after late entries of the month)."""
    disclosure = _locked(disclosure)
    _require(acting_user, "disclosure.change_disclosure", disclosure.division_code)
    if disclosure.status != S.DRAFT:
        raise ValidationError(_("Only a draft disclosure can be compiled again."))
    now = timezone.now()
    disclosure.figures = compile_figures([disclosure.community], disclosure.month, now)[disclosure.community_id]
    disclosure.compiled_at = now
    disclosure.save(update_fields=["figures", "compiled_at", "last_updated"])
    return disclosure


def compile_due(today: date | None = None) -> int:
    """The platform's own step, run every hour beside the rollups: from the first of the month, last month's drafts
    for every community that has none (nothing to do once they exist)."""
    today = today or timezone.localdate()
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    communities = Division.objects.unscoped("compiling disclosures").filter(level=DivisionLevel.COMMUNITY).count()
    if Disclosure.objects.filter(month=month, version=1).count() >= communities:
        return 0
    return compile_month(acting_user=None, month=month)


# ---- the street's review and publication ---------------------------------------------------------------------------


@transaction.atomic
def review(*, acting_user, disclosure: Disclosure) -> Disclosure:
    disclosure = _locked(disclosure)
    _require(acting_user, "disclosure.review_disclosure", disclosure.division_code)
    if disclosure.status != S.DRAFT:
        raise ValidationError(_("Only a draft disclosure can be reviewed."))
    disclosure.full_clean(exclude=["month"])  # the text as the page would refuse it (PI-7: no ID or mobile number)
    disclosure.status, disclosure.reviewed_at, disclosure.reviewed_by = S.REVIEWED, timezone.now(), acting_user
    disclosure.save(update_fields=["status", "reviewed_at", "reviewed_by", "last_updated"])
    return disclosure


@transaction.atomic
def send_back(*, acting_user, disclosure: Disclosure) -> Disclosure:
    """The street returns a reviewed disclosure to the community as a draft, to be changed and reviewed again."""
    disclosure = _locked(disclosure)
    _require(acting_user, "disclosure.review_disclosure", disclosure.division_code)
    if disclosure.status != S.REVIEWED:
        raise ValidationError(_("Only a reviewed disclosure can be sent back."))
    disclosure.status, disclosure.reviewed_at, disclosure.reviewed_by = S.DRAFT, None, None
    disclosure.save(update_fields=["status", "reviewed_at", "reviewed_by", "last_updated"])
    return disclosure


def content(disclosure: Disclosure) -> bytes:
    """What publication freezes, as canonical JSON: who, which month and version, the figures and the text."""
    body = {
        "community": disclosure.community.code,
        "month": f"{disclosure.month:%Y-%m}",
        "version": disclosure.version,
        "figures": disclosure.figures,
        **{name: getattr(disclosure, name) for name in TEXT_FIELDS},
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_hash(disclosure: Disclosure) -> str:
    return sm3_hex(content(disclosure))


@transaction.atomic
def publish(*, acting_user, disclosure: Disclosure) -> Disclosure:
    """Freeze a reviewed disclosure: its content's SM3 hash stored, the version it corrects superseded, the PDF
    rendered by the background worker once the transaction commits."""
    from shequ.disclosure import jobs

    disclosure = _locked(disclosure)
    _require(acting_user, "disclosure.publish_disclosure", disclosure.division_code)
    if disclosure.status != S.REVIEWED:
        raise ValidationError(_("A disclosure is published only after the street has reviewed it."))
    now = timezone.now()
    disclosure.status, disclosure.published_at, disclosure.published_by = S.PUBLISHED, now, acting_user
    disclosure.content_hash = content_hash(disclosure)
    disclosure.save(update_fields=["status", "published_at", "published_by", "content_hash", "last_updated"])
    if disclosure.corrects_id:
        Disclosure.objects.filter(pk=disclosure.corrects_id).update(status=S.SUPERSEDED, superseded_at=now)
    transaction.on_commit(lambda: jobs.render_pdf.enqueue(disclosure.pk))
    return disclosure


@transaction.atomic
def correct(*, acting_user, disclosure: Disclosure, reason: str) -> Disclosure:
    """A correction of a published disclosure: a new draft version with its figures and text, to be changed,
    reviewed and published; until then the published version stays in force."""
    disclosure = _locked(disclosure)
    _require(acting_user, "disclosure.add_disclosure", disclosure.division_code)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the disclosure is corrected.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("At most {n} characters.").format(n=300)})
    if disclosure.status != S.PUBLISHED:
        raise ValidationError(_("Only the published version of a disclosure can be corrected."))
    if disclosure.corrections.exists():
        raise ValidationError(_("A correction of this disclosure is already under way."))
    return Disclosure.objects.create(
        community=disclosure.community,
        month=disclosure.month,
        version=disclosure.version + 1,
        figures=disclosure.figures,
        compiled_at=disclosure.compiled_at,
        corrects=disclosure,
        correction_reason=reason,
        created_by=acting_user,
        **{name: getattr(disclosure, name) for name in TEXT_FIELDS},
    )
