"""Restricted registers: records seen only with a stated reason, every view written to the access log (GOV-4;
DESIGN.md §5 and §6; reliability-security.md AC-4, AU-1).

A register declared `restricted = True` (the help-and-education records of people released from prison, in
community corrections, or at-risk youth) is, beyond its model permissions and jurisdiction:

- **asked for a reason** before any of its pages opens: the reason is kept in the session for `REASON_TTL` for that
  register only, and the API takes it per request in the `X-Access-Reason` header (a request without one is
  refused with 403 and a Chinese message);
- **logged on every view**: each page (list, detail, edit, history, export) and each API request writes an
  access-log row with the reason, the page and, for one record, the record and its division.

A role without the register's permissions never reaches any of this: its pages answer 403, its records are outside
every queryset, search, picker and count, as for any register (`RestrictedQuerySet`).
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.registers import declaration_of
from shequ.core.text import has_control_characters

__all__ = [
    "MIN_REASON_LENGTH",
    "REASON_HEADER",
    "REASON_TTL",
    "SESSION_KEY",
    "clean_reason",
    "give_reason",
    "is_restricted",
    "log_restricted_view",
    "reason_url",
    "safe_next",
    "session_reason",
]

REASON_TTL = timedelta(minutes=30)
MIN_REASON_LENGTH = 4  # "例行走访" — a purpose, not a keystroke
MAX_REASON_LENGTH = 200
REASON_HEADER = "X-Access-Reason"
SESSION_KEY = "restricted_reasons"


def is_restricted(model) -> bool:
    declaration = declaration_of(model)
    return bool(declaration is not None and declaration.restricted)


def _label(model) -> str:
    return model._meta.label_lower


def session_reason(request, model) -> str | None:
    """The reason the user gave for this register in this session, while it is fresh; else None."""
    entry = request.session.get(SESSION_KEY, {}).get(_label(model))
    if not entry:
        return None
    given = datetime.fromisoformat(entry["at"])
    if timezone.now() - given > REASON_TTL:
        return None
    return entry["reason"]


def give_reason(request, model, reason: str) -> None:
    reasons = dict(request.session.get(SESSION_KEY, {}))
    reasons[_label(model)] = {"reason": reason, "at": timezone.now().isoformat()}
    request.session[SESSION_KEY] = reasons
    log_access(
        AccessEvent.RESTRICTED_REASON,
        user=request.user,
        register=_label(model),
        reason=reason,
    )


def clean_reason(value) -> str:
    """The reason as given, or "" when it is not one: too short, too long, or holding control characters."""
    reason = str(value or "").strip()
    if has_control_characters(reason) or not MIN_REASON_LENGTH <= len(reason) <= MAX_REASON_LENGTH:
        return ""
    return reason


def reason_url(request, model) -> str:
    return reverse("core:restricted_reason", args=[_label(model)]) + "?" + urlencode({"next": request.get_full_path()})


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def log_restricted_view(request, model, reason: str, *, object_id=None, page: str = "") -> None:
    """One access-log row for one view of a restricted register: who, why, which page, which record (its division
    too, so that the auditors of that jurisdiction see the row)."""
    record = None
    if object_id is not None:
        record = (
            model.objects.unscoped("the access log of a restricted view")
            .filter(pk=object_id)
            .only("pk", "division_code")
            .first()
        )
    log_access(
        AccessEvent.RESTRICTED_VIEW,
        user=request.user,
        obj=record,
        register=_label(model),
        reason=reason,
        page=page,
        path=request.path,
    )
