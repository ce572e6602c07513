"""Intake (issue #5; ADR 0006: the hot path of the hotline): every channel's request in through `submit` — the staff
page, the REST API, the portal and Open311. Each value is bounded, a replayed idempotency key answers with the first
order, a likely duplicate is linked, anything else is routed and dispatched, with the clock started.

`submit` checks who takes the request in (issue #11), so that no channel can skip it: its `acting_user` is a user,
who may submit where they may add work orders, or `PUBLIC` — the resident on the portal, an Open311 client —, which
may submit for any community of the city. There is no default and no other way in: an anonymous user, None or a
user out of their jurisdiction is refused (`PermissionDenied`, HTTP 403) before anything is read or written.
"""

import hashlib
import json
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.bulk import append, insert_unless_taken
from shequ.core.personal import mask_phone, normalise_phone, store_protected, validate_phone
from shequ.core.rights import user_may
from shequ.core.scope import code_prefix
from shequ.core.text import has_control_characters
from shequ.regions.models import Division
from shequ.workorders import outbox
from shequ.workorders.catalogue import route
from shequ.workorders.choices import OrderAction, OrderStatus
from shequ.workorders.models import MAX_DESCRIPTION, Category, OrderEvent, WorkOrder
from shequ.workorders.publication import initial_state
from shequ.workorders.services.clock import set_clock

__all__ = [
    "CONTROL_CHARACTERS",
    "DUPLICATE_WINDOW",
    "IDEMPOTENCY_KEY",
    "NUMBER_ATTEMPTS",
    "PUBLIC",
    "IdempotencyConflict",
    "PublicActor",
    "mask_email",
    "may_submit",
    "request_digest",
    "submit",
]

DUPLICATE_WINDOW = timedelta(hours=72)
NUMBER_ATTEMPTS = 3
# A client's Idempotency-Key header (API, Open311): the column holds 100 characters with the channel's prefix (#12).
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,64}")

S = OrderStatus


class IdempotencyConflict(Exception):
    """An idempotency key seen before, with a different request body (HTTP 422)."""


class PublicActor(AnonymousUser):
    """Who takes a request in without an account: a resident on the portal, an Open311 client (the client itself is
    stored on the order), a resident answering the survey. Like every anonymous user it holds no permission and is
    never stored as an order's creator or an event's actor; `may_submit` knows it by identity: only the one
    instance, `PUBLIC`, counts."""

    def __str__(self) -> str:
        return "public"


PUBLIC = PublicActor()
ADD = "workorders.add_workorder"


def may_submit(acting_user, community: Division | None) -> bool:
    """Whether `acting_user` may take a request in for `community` (None: the place is not known and the city's
    hotline takes it): `PUBLIC` anywhere in the city; a user where they may add work orders (`core.rights`), or, for
    no known place, if they may add them at all. No query: the user's rights are read once per request."""
    if acting_user is PUBLIC:
        return community is None or community.code.startswith(code_prefix(settings.SHEQU_CITY_CODE))
    if community is None:
        return bool(getattr(acting_user, "is_active", False)) and acting_user.has_perm(ADD)
    return user_may(acting_user, ADD, community.code)


def _next_number(now) -> str:
    """Receipt numbers: the date and a random part (no sequence to race on; unique by constraint)."""
    return f"{now:%y%m%d}{secrets.randbelow(10**8):08d}"


def request_digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


CONTROL_CHARACTERS = _("Contains control characters; remove them and try again.")


def _validate(*, category, description, phone, community, address="", caller_name=""):
    """Every value bounded before use (issue #12): nothing is cut silently, no control character is stored."""
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = _("Describe the request.")
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = _("At most {n} characters.").format(n=MAX_DESCRIPTION)
    elif has_control_characters(description):
        errors["description"] = CONTROL_CHARACTERS
    for name, value, limit in (("address", address, 200), ("caller_name", caller_name, 50)):
        if len(value or "") > limit:
            errors[name] = _("At most {n} characters.").format(n=limit)
        elif has_control_characters(value):
            errors[name] = CONTROL_CHARACTERS
    if category is None or not category.active:
        errors["category"] = _("Unknown category.")
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            errors["phone"] = error.messages[0]
    if community is not None and community.level != "community":
        errors["community"] = _("Choose a community.")
    if errors:
        raise ValidationError(errors)
    return description


def submit(
    *,
    acting_user,
    source: str,
    request_type: str,
    category: Category | None,
    description: str,
    community: Division | None = None,
    address: str = "",
    caller_name: str = "",
    phone: str = "",
    emergency: bool = False,
    idempotency_key: str | None = None,
    privacy_notice_version: str = "",
    client=None,
    latitude=None,
    longitude=None,
    publish: bool = True,
    email: str = "",
    media_url: str = "",
) -> tuple[WorkOrder, bool]:
    """Take a request in: validate, de-duplicate by idempotency key, link likely duplicates, else route and
    dispatch. Returns (order, created); a replayed key with the same body returns the first order.

    `publish=False` is the resident's opt-out: the order is never published. Otherwise an order that may become
    public waits for staff review (`review_publication`; issue #12).

    `acting_user`: the user taking the request in, or `PUBLIC`; refused unless `may_submit`."""
    if not may_submit(acting_user, community):
        raise PermissionDenied
    phone = normalise_phone(phone) if phone else ""
    address, caller_name = address or "", caller_name or ""
    description = _validate(
        category=category,
        description=description,
        phone=phone,
        community=community,
        address=address,
        caller_name=caller_name,
    )
    body = {
        "source": source,
        "type": request_type,
        "category": category.code,
        "description": description,
        "community": community.code if community else "",
        "address": address,
        "name": caller_name,
        "phone": phone,
        "emergency": emergency,
        "client": client.pk if client else None,
    }
    # Only when not the default, so that the digests of orders taken before these existed stay the same.
    if not publish:
        body["publish"] = False
    if email:
        body["email"] = email
    if media_url:
        body["media_url"] = media_url
    digest = request_digest(body)
    if idempotency_key:
        existing = WorkOrder.objects.unscoped("idempotency").filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replayed(existing, digest)
    fields = {
        "request_type": request_type,
        "category": category,
        "source": source,
        "emergency": emergency,
        "description": description,
        "community": community,
        "address": address,
        "caller_name": caller_name,
        "media_url": media_url,
        "publication": initial_state(source=source, request_type=request_type, publish=publish),
        "privacy_notice_version": privacy_notice_version,
        "idempotency_key": idempotency_key or None,
        "client": client,
        "latitude": latitude,
        "longitude": longitude,
    }
    for _attempt in range(NUMBER_ATTEMPTS):
        # No savepoint: a taken receipt number or key writes nothing (`insert_unless_taken`), any other error
        # rolls the caller's transaction back.
        with transaction.atomic(savepoint=False):
            order = _create(acting_user, fields, phone=phone, email=email, digest=digest, now=timezone.now())
        if order is not None:
            return order, True
        if idempotency_key:
            # A concurrent submission with the same key won the race: answer as for a replay.
            existing = WorkOrder.objects.unscoped("idempotency").filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return _replayed(existing, digest)
        # Else the random receipt number was taken — about 18 times a day at 60,000 orders — draw another.
    raise IntegrityError(f"No free receipt number in {NUMBER_ATTEMPTS} draws.")


def _replayed(existing: WorkOrder, digest: str):
    if existing.request_digest != digest:
        raise IdempotencyConflict(_("This idempotency key was used for a different request."))
    return existing, False


def _create(acting_user, fields: dict, *, phone: str, email: str = "", digest: str, now) -> WorkOrder | None:
    """Save the new order and its first event; then link it to a likely duplicate, or route and dispatch it.
    None, with nothing written, when its receipt number or idempotency key is taken."""
    community = fields["community"]
    order = WorkOrder(
        number=_next_number(now),
        request_digest=digest,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        **fields,
    )
    order.division_code = order.scope_code()  # as save() would (the raw insert below skips it)
    if phone:
        store_protected(order, "caller_phone", phone, kind="phone", masker=mask_phone)
    if email:
        store_protected(order, "caller_email", email, kind="email", masker=mask_email, indexed=False)
    # Decided before the first save, so that intake writes the order once (the hot path of the hotline).
    steps = [(OrderAction.SUBMIT, "", S.SUBMITTED, "")]
    primary = _likely_duplicate(order, now)
    unit = None if primary else route(order.category, community)
    if primary is not None:
        order.duplicate_of, order.status, order.closed_at = primary, S.CLOSED, now
        order.reply = _("Linked to order {number}, which handles the same request.").format(number=primary.number)
        steps.append((OrderAction.LINK, S.SUBMITTED, S.CLOSED, primary.number))
    elif unit is not None:
        order.unit, order.status, order.dispatched_at = unit, S.DISPATCHED, now
        set_clock(order, "accept", now)  # the clock starts at dispatch
        steps.append((OrderAction.DISPATCH, S.SUBMITTED, S.DISPATCHED, ""))
    if not insert_unless_taken(order):
        return None
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    append(
        OrderEvent,
        [
            OrderEvent(
                order=order,
                action=action,
                from_status=before,
                to_status=after,
                actor=actor,
                unit=order.unit if action == OrderAction.DISPATCH else None,
                note=note,
                at=now,
            )
            for action, before, after, note in steps
        ],
    )
    if unit is not None:
        outbox.notify(order, "dispatch", unit_name=unit.name)
    return order


def _likely_duplicate(order: WorkOrder, now):
    """The same caller (phone blind index), category and community within 72 hours, still open (issue #5)."""
    if not order.caller_phone_digest:
        return None
    return (
        WorkOrder.objects.unscoped("duplicate check")
        .open()
        .filter(
            caller_phone_digest=order.caller_phone_digest,
            category=order.category,
            community=order.community,
            duplicate_of__isnull=True,
            created__gte=now - DUPLICATE_WINDOW,
        )
        .order_by("created")
        .first()
    )


def mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
