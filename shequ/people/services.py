"""Writes to the population register: personal data, unmasking and moves (issue #3; SVC-4, SVC-7).

Every function takes `acting_user`, runs in one transaction, and is the only place its kind of write happens.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.personal import (
    mask_address,
    mask_id_number,
    mask_phone,
    store_protected,
    validate_id_number,
    validate_phone,
)
from shequ.core.rights import user_may
from shequ.people import lookups
from shequ.people.choices import MoveKind, Relation, ResidenceStatus
from shequ.people.models import Household, Resident, ResidentMove
from shequ.regions.choices import DivisionLevel

__all__ = [
    "UNMASKABLE",
    "UnmaskLimitReached",
    "address_columns",
    "apply_identity",
    "move_resident",
    "record_death",
    "record_move_out",
    "set_address",
    "set_phone",
    "unmask",
]

# Alerts for the security administrator (issue #12): no personal data in them (AU-5).
security_log = logging.getLogger("shequ.security")

# Protected resident fields a permitted user may unmask, with their display names for the access log.
UNMASKABLE = ("id_number", "phone", "address")


def apply_identity(resident: Resident, id_number: str) -> bool:
    """Validate and store an ID number; sex and birth date follow from it. Returns whether the birthplace is known.

    Raises ValidationError (in the user's language) for a malformed number, wrong check digit or impossible date.
    """
    info = validate_id_number(id_number)
    store_protected(resident, "id_number", info.number, kind="id_number", masker=mask_id_number, indexed=True)
    resident.sex, resident.birth_date = info.sex, info.birth_date
    return info.birthplace_known


def ensure_unregistered(resident: Resident, acting_user=None) -> None:
    """Refuse an ID number another resident already holds (the register holds each person once).

    With `acting_user`, a holder the user cannot see is not confirmed: `HiddenRegistration` with a neutral message,
    counted towards the user's hourly limit, after which every ID number is refused (issue #12, leak 6). The
    caller writes the access-log row (`lookups.log`) where it will commit.
    """
    if acting_user is not None and lookups.limit_reached(acting_user):
        raise ValidationError(lookups.limit_message(), code="id_lookup_limit")
    duplicate = (
        Resident.objects.unscoped("uniqueness check")
        .filter(id_number_digest=resident.id_number_digest)
        .exclude(pk=resident.pk)
        .values_list("division_code", flat=True)
        .first()
    )
    if duplicate is None:
        return
    if acting_user is None or user_may(acting_user, "people.view_resident", duplicate):
        raise ValidationError(_("This ID number is already in the register."), code="duplicate")
    lookups.count(acting_user)
    raise lookups.HiddenRegistration(lookups.not_here_message(), code="not_here")


def set_phone(resident: Resident, phone: str) -> None:
    phone = validate_phone(phone) if phone else ""
    store_protected(resident, "phone", phone, kind="phone", masker=mask_phone, indexed=True)


def set_address(obj, address: str, name: str = "address") -> None:
    """Store an address (or other free text, such as care details) encrypted, with its first third shown."""
    store_protected(obj, name, (address or "").strip(), kind=name, masker=mask_address, indexed=False)


def address_columns(model, address: str, name: str = "address") -> dict[str, str]:
    """The stored columns of an address for `model`, ready to pass to save() or create()."""
    probe = model()
    set_address(probe, address, name=name)
    return {
        f"{name}_encrypted": getattr(probe, f"{name}_encrypted"),
        f"{name}_masked": getattr(probe, f"{name}_masked"),
    }


class UnmaskLimitReached(ValidationError):
    """The user has unmasked `SHEQU_UNMASK_PER_HOUR` values within the hour; refused, and the alert raised."""


UNMASK_WINDOW = 60 * 60  # the hour of SHEQU_UNMASK_PER_HOUR


def _unmask_key(user) -> str:
    return f"people:unmasks:{user.pk}"


def unmask_limit_message() -> str:
    return _(
        "You have viewed the maximum of {limit} personal data values this hour; viewing is paused and the security "
        "administrator has been notified. Try again later."
    ).format(limit=settings.SHEQU_UNMASK_PER_HOUR)


def _unmask_limit_alert(user, resident: Resident, field: str) -> None:
    """The alert to the security administrators (issue #12, AU-1): an access-log row of the refused unmask, which
    the access-log page lists under its own event, and, once per user and window, a WARNING on the `shequ.security`
    logger (the platform has no notification channel outside the call centre's outbox, which core and people may
    not use; operators route that logger to the security administrator's mail or monitoring)."""
    limit = settings.SHEQU_UNMASK_PER_HOUR
    log_access(AccessEvent.UNMASK_LIMIT, user=user, success=False, obj=resident, field=field, limit=limit)
    if cache.add(f"people:unmask-alerted:{user.pk}", True, UNMASK_WINDOW):
        security_log.warning(
            "unmask limit exceeded: user %s (id %s) reached %s unmaskings within the hour; further ones are refused",
            user.get_username(),
            user.pk,
            limit,
        )


def _count_unmask(user) -> None:
    key = _unmask_key(user)
    cache.add(key, 0, UNMASK_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, UNMASK_WINDOW)


def unmask(*, acting_user, resident: Resident, field: str, reason: str) -> str:
    """Plaintext of one protected field of one resident, for a permitted user with a reason; access-logged (§5).

    At most `SHEQU_UNMASK_PER_HOUR` per user an hour (issue #12, AU-1): beyond, `UnmaskLimitReached` and an alert.
    The alert's row is written outside the unmask's own transaction, so that refusing does not roll it back."""
    if field not in UNMASKABLE:
        raise ValidationError(_("This field cannot be unmasked."))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": _("Give the reason for viewing this record's personal data.")})
    if not user_may(acting_user, "people.unmask_resident", resident.division_code):
        raise PermissionDenied
    if cache.get(_unmask_key(acting_user), 0) >= settings.SHEQU_UNMASK_PER_HOUR:
        _unmask_limit_alert(acting_user, resident, field)
        raise UnmaskLimitReached(unmask_limit_message(), code="unmask_limit")
    with transaction.atomic():
        log_access(AccessEvent.UNMASK, user=acting_user, obj=resident, field=field, reason=reason[:200])
        value = resident.reveal(field)
    _count_unmask(acting_user)
    return value


def _require_current(resident: Resident) -> None:
    if resident.residence_status in (ResidenceStatus.MOVED_OUT, ResidenceStatus.DECEASED):
        raise ValidationError(_("Only a current resident can move or be recorded as deceased."))


def _entry(resident: Resident, kind: str, day: date, community_code: str, other: str = "", note: str = ""):
    return ResidentMove.objects.create(
        resident=resident,
        kind=kind,
        date=day,
        division_code=community_code,
        other_community_code=other,
        note=note,
        resident_name=resident.name,
    )


@transaction.atomic
def move_resident(*, acting_user, resident: Resident, to_household: Household, day: date, note: str = "") -> Resident:
    """Move a resident to a household of another (or the same) community.

    The old community keeps a "moved out" entry and loses the current record; the new one sees the resident from
    the move on, with a "moved in" entry. The acting user must be allowed to change both ends.
    """
    source = resident.community
    target = to_household.community
    for code in (source.code, target.code):
        if not user_may(acting_user, "people.change_resident", code):
            raise PermissionDenied
    _require_current(resident)
    if target.level != DivisionLevel.COMMUNITY:
        raise ValidationError(_("A resident moves into a community's household."))
    if source.code != target.code:
        _entry(resident, MoveKind.MOVE_OUT, day, source.code, other=target.code, note=note)
        _entry(resident, MoveKind.MOVE_IN, day, target.code, other=source.code, note=note)
    else:
        households = f"{resident.household.number if resident.household else '—'} → {to_household.number}"
        note = f"{households}；{note}" if note else households
        _entry(resident, MoveKind.CHANGE_HOUSEHOLD, day, source.code, note=note[:200])
    resident.household, resident.community = to_household, target
    resident.grid = to_household.grid
    if resident.relation == Relation.HEAD and to_household.members.filter(relation=Relation.HEAD).exists():
        resident.relation = Relation.OTHER
    resident.save()
    return resident


@transaction.atomic
def record_move_out(*, acting_user, resident: Resident, day: date, destination: str = "", note: str = "") -> Resident:
    """The resident leaves the city's register: kept as "moved out" in the community's history."""
    if not user_may(acting_user, "people.change_resident", resident.division_code):
        raise PermissionDenied
    _require_current(resident)
    _entry(resident, MoveKind.MOVE_OUT, day, resident.division_code, other=destination, note=note)
    resident.residence_status = ResidenceStatus.MOVED_OUT
    resident.save()
    return resident


@transaction.atomic
def record_death(*, acting_user, resident: Resident, day: date, note: str = "") -> Resident:
    if not user_may(acting_user, "people.change_resident", resident.division_code):
        raise PermissionDenied
    _require_current(resident)
    _entry(resident, MoveKind.DEATH, day, resident.division_code, note=note)
    resident.residence_status = ResidenceStatus.DECEASED
    resident.save()
    return resident
