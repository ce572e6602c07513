"""The work-order state machine and intake (issue #5; SVC-5; DESIGN.md §9; PP-1…PP-8, RL-3).

Every transition is a function here: it locks the order (`select_for_update`), checks the move is legal from the
current state (else `IllegalTransition`, HTTP 409), writes the change, one `OrderEvent` and, where someone must be
told, an `OutboxMessage` — all in one transaction. Pages, the API, Open311 and the portal only call these. Which
step may run from which state, who takes it and what it needs is the table in `steps.py`, which the guards
(`_require`, `_need`) and `perform` read.

    submitted ─dispatch→ dispatched ─accept→ accepted ─start→ in_progress ─reply→ replied ─close→ closed
                  ↑  returned ←return─┘ (reason; the second return escalates to the unit above)
                  ↑  escalated, reopened (closed ─reopen→ reopened; a call-back "not solved" reopens too)
"""

import hashlib
import json
import secrets
import time
from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.bulk import append, insert_unless_taken
from shequ.core.errors import IllegalTransition
from shequ.core.personal import mask_phone, normalise_phone, store_protected, validate_phone
from shequ.core.text import has_control_characters
from shequ.regions.models import Division
from shequ.workorders import access
from shequ.workorders.catalogue import ancestor_codes, route
from shequ.workorders.choices import Alert, OrderAction, OrderStatus, Publication, Satisfaction
from shequ.workorders.models import (
    MAX_DESCRIPTION,
    Category,
    HandlingUnit,
    OrderEvent,
    OutboxMessage,
    SweepRun,
    UnitLoad,
    WorkOrder,
)
from shequ.workorders.publication import initial_state
from shequ.workorders.steps import RETURNS_BEFORE_ESCALATION, STEPS

__all__ = [
    "DUPLICATE_WINDOW",
    "IdempotencyConflict",
    "IllegalTransition",
    "accept",
    "ancestor_codes",
    "close",
    "decide_extension",
    "dispatch",
    "handle_on_spot",
    "perform",
    "record_callback",
    "reopen",
    "reply",
    "request_digest",
    "request_extension",
    "return_order",
    "review_publication",
    "route",
    "start",
    "submit",
    "survey_token",
    "surveyed_order",
    "sweep",
    "transfer",
]

DUPLICATE_WINDOW = timedelta(hours=72)
MAX_EXTENSION = timedelta(days=365)
NUMBER_ATTEMPTS = 3
SWEEP_RUNS_KEPT = timedelta(days=7)


class IdempotencyConflict(Exception):
    """An idempotency key seen before, with a different request body (HTTP 422)."""


S = OrderStatus


# Events and outbox messages are only ever appended: `append` writes them without the ORM's statement compiler.


def _event(order, action, from_status, *, actor=None, note="", now=None):
    append(
        OrderEvent,
        [
            OrderEvent(
                order=order,
                action=action,
                from_status=from_status,
                to_status=order.status,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                unit=order.unit,
                note=note,
                at=now or timezone.now(),
            )
        ],
    )


def _notify(order, kind: str, **payload) -> None:
    append(
        OutboxMessage,
        [
            OutboxMessage(
                kind=kind,
                order=order,
                payload={"order": order.number, "unit": order.unit_id, **payload},
                next_attempt_at=timezone.now(),
            )
        ],
    )


def _locked(order) -> WorkOrder:
    return WorkOrder.objects.unscoped("state machine").select_for_update().get(pk=order.pk)


def _require(order, step: str) -> None:
    """Refuse `step` unless the table lets it run on `order` as it is now (source, state, conditions)."""
    refusal = STEPS[step].refusal(order)
    if refusal is not None:
        raise IllegalTransition(refusal)


def _need(step: str, **values) -> None:
    """Refuse a missing or blank required input of `step` (`values` by the service's keywords) with the table's
    error."""
    inputs = STEPS[step].inputs
    error = STEPS[step].missing({spec.name: values[spec.keyword] for spec in inputs if spec.keyword in values})
    if error:
        raise ValidationError(error)


def _next_number(now) -> str:
    """Receipt numbers: the date and a random part (no sequence to race on; unique by constraint)."""
    return f"{now:%y%m%d}{secrets.randbelow(10**8):08d}"


def request_digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


# ---- intake ----------------------------------------------------------------------------------------------------


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
    acting_user=None,
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
    public waits for staff review (`review_publication`; issue #12)."""
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
    from django.conf import settings

    community = fields["community"]
    order = WorkOrder(
        number=_next_number(now),
        request_digest=digest,
        division_code=community.code if community else settings.SHEQU_CITY_CODE,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        **fields,
    )
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
        _set_clock(order, "accept", now)  # the clock starts at dispatch
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
        _notify(order, "dispatch", unit_name=unit.name)
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


# ---- transitions -----------------------------------------------------------------------------------------------


def _set_clock(order, stage: str, start) -> None:
    yellow, red = order.category.limits(order.emergency)[stage]
    order.yellow_at = start + timedelta(minutes=yellow)
    order.red_at = start + timedelta(minutes=red)


def _dispatch(order, unit, *, actor=None, now=None, action=OrderAction.DISPATCH, note="") -> None:
    now = now or timezone.now()
    previous = order.status
    order.unit = unit
    order.status = S.DISPATCHED
    order.dispatched_at = now
    order.accepted_at = None
    _set_clock(order, "accept", now)  # the clock starts at dispatch
    order.save()
    _event(order, action, previous, actor=actor, note=note, now=now)
    _notify(order, "dispatch", unit_name=unit.name)


@transaction.atomic
def dispatch(order, unit: HandlingUnit, *, actor, note: str = "") -> WorkOrder:
    _need("dispatch", unit=unit)
    order = _locked(order)
    _require(order, "dispatch")
    _dispatch(order, unit, actor=actor, note=note)
    return order


@transaction.atomic
def accept(order, *, actor) -> WorkOrder:
    """Exactly one of two users accepting at once wins: the row lock serialises them, the second finds it
    accepted and gets IllegalTransition."""
    order = _locked(order)
    _require(order, "accept")
    now = timezone.now()
    order.status = S.ACCEPTED
    order.accepted_at = now
    _set_clock(order, "handle", order.dispatched_at)
    order.save()
    _event(order, OrderAction.ACCEPT, S.DISPATCHED, actor=actor, now=now)
    return order


@transaction.atomic
def start(order, *, actor) -> WorkOrder:
    order = _locked(order)
    _require(order, "start")
    order.status = S.IN_PROGRESS
    order.save(update_fields=["status", "last_updated"])
    _event(order, OrderAction.START, S.ACCEPTED, actor=actor)
    return order


@transaction.atomic
def return_order(order, *, actor, reason: str) -> WorkOrder:
    """A unit sends an order back (not its business), with a reason; the second return escalates it to the unit
    above, which receives it dispatched (PP-3: never bounced around without end)."""
    _need("return", reason=reason)
    order = _locked(order)
    _require(order, "return")
    now = timezone.now()
    order.status = S.RETURNED
    order.return_count += 1
    order.save()
    _event(order, OrderAction.RETURN, S.DISPATCHED, actor=actor, note=reason, now=now)
    if order.return_count >= RETURNS_BEFORE_ESCALATION:
        above = order.unit.parent if order.unit else None
        if above is not None:
            order.status = S.ESCALATED
            order.escalations += 1
            order.save()
            _event(order, OrderAction.ESCALATE, S.RETURNED, actor=actor, note=above.name, now=now)
            _dispatch(order, above, actor=actor, now=now)
    return order


@transaction.atomic
def transfer(order, unit: HandlingUnit, *, actor, note: str) -> WorkOrder:
    _need("transfer", unit=unit, note=note)
    order = _locked(order)
    _require(order, "transfer")
    _dispatch(order, unit, actor=actor, action=OrderAction.TRANSFER, note=note)
    return order


@transaction.atomic
def request_extension(order, *, actor, until, reason: str) -> WorkOrder:
    _need("extend", until=until, reason=reason)
    order = _locked(order)
    _require(order, "extend")
    if until <= (order.red_at or timezone.now()):
        raise ValidationError({"until": _("The new limit must be later than the current one.")})
    if until > (order.red_at or timezone.now()) + MAX_EXTENSION:  # no extension to 9999-12-31 (issue #12)
        raise ValidationError({"until": _("The new limit may be at most a year after the current one.")})
    order.extension_until, order.extension_reason = until, reason
    order.save(update_fields=["extension_until", "extension_reason", "last_updated"])
    _event(order, OrderAction.REQUEST_EXTENSION, order.status, actor=actor, note=reason)
    return order


@transaction.atomic
def decide_extension(order, *, actor, approve: bool, note: str = "") -> WorkOrder:
    order = _locked(order)
    _require(order, "decide_extension")
    if approve:
        shift = order.extension_until - order.red_at
        order.red_at = order.extension_until
        order.yellow_at = order.yellow_at + shift if order.yellow_at else None
    action = OrderAction.APPROVE_EXTENSION if approve else OrderAction.REJECT_EXTENSION
    order.extension_until, order.extension_reason = None, ""
    order.save()
    _event(order, action, order.status, actor=actor, note=note)
    return order


@transaction.atomic
def reply(order, *, actor, text: str) -> WorkOrder:
    _need("reply", text=text)
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError({"reply": _("At most {n} characters.").format(n=MAX_DESCRIPTION)})
    if has_control_characters(text):
        raise ValidationError({"reply": CONTROL_CHARACTERS})
    order = _locked(order)
    _require(order, "reply")
    previous, now = order.status, timezone.now()
    order.status, order.reply, order.replied_at = S.REPLIED, text.strip(), now
    order.save()
    _event(order, OrderAction.REPLY, previous, actor=actor, note=text.strip(), now=now)
    _notify(order, "reply")
    return order


@transaction.atomic
def handle_on_spot(order, *, actor, evidence: str) -> WorkOrder:
    """A grid worker's own report settled where it was found (自办自结, SVC-8): closed at once, with what was
    done as the evidence and the reply."""
    _need("handle_on_spot", evidence=evidence)
    order = _locked(order)
    _require(order, "handle_on_spot")
    previous, now = order.status, timezone.now()
    order.status, order.reply, order.replied_at, order.closed_at = S.CLOSED, evidence.strip(), now, now
    order.save()
    _event(order, OrderAction.HANDLE_ON_SPOT, previous, actor=actor, note=evidence.strip(), now=now)
    return order


@transaction.atomic
def close(order, *, actor) -> WorkOrder:
    """Only a replied order closes: closing without a reply is refused. A caller who left a phone is sent the
    survey of this closure (through the outbox, for the SMS gateway; PP-7)."""
    order = _locked(order)
    _require(order, "close")
    order.status, order.closed_at = S.CLOSED, timezone.now()
    order.save()
    _event(order, OrderAction.CLOSE, S.REPLIED, actor=actor)
    if order.caller_phone_digest:
        _notify(order, "survey", survey=reverse("portal:survey", args=[survey_token(order)]))
    return order


# ---- publication (issue #12) -----------------------------------------------------------------------------------


def mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


@transaction.atomic
def review_publication(order, *, actor, publish: bool, note: str = "") -> WorkOrder:
    """Staff's decision on an order awaiting publication review: publish it (only a public request type in a
    public category) or keep it private. Either way the decision, who took it and when are recorded (an event and
    the change log); an order the resident opted out of, or one not eligible, can never be published."""
    order = _locked(order)
    if order.publication != Publication.PENDING:
        raise IllegalTransition(_("This request is not awaiting publication review."))
    if publish and not order.category.public:
        raise IllegalTransition(_("Requests of this category are not published."))
    now = timezone.now()
    order.publication = Publication.PUBLISHED if publish else Publication.PRIVATE
    order.publication_reviewed_at, order.publication_reviewed_by = now, actor
    order.save(update_fields=["publication", "publication_reviewed_at", "publication_reviewed_by", "last_updated"])
    _event(order, OrderAction.PUBLISH if publish else OrderAction.KEEP_PRIVATE, order.status, actor=actor, note=note)
    return order


# ---- the resident's own survey (PP-7) ---------------------------------------------------------------------------

SURVEY_SALT = "shequ.portal.survey"
SURVEY_MAX_AGE = 30 * 24 * 3600


def survey_token(order) -> str:
    """The signed token of one closure's survey: it names the order and the moment it closed, so a reopened and
    closed again order has a new survey and the old token answers nothing."""
    return signing.dumps({"o": order.pk, "c": order.closed_at.isoformat()}, salt=SURVEY_SALT)


def surveyed_order(token: str) -> tuple[WorkOrder | None, bool]:
    """(the order, whether its survey is open now) for a token; (None, False) for a forged or expired one."""
    try:
        claim = signing.loads(token, salt=SURVEY_SALT, max_age=SURVEY_MAX_AGE)
    except signing.BadSignature:
        return None, False
    order = WorkOrder.objects.unscoped("survey token").filter(pk=claim.get("o")).first()
    if order is None:
        return None, False
    closure = order.closed_at.isoformat() if order.closed_at else None
    is_open = order.status == S.CLOSED and closure == claim.get("c") and order.callback_at is None
    return order, is_open


def _reopen(order, *, actor, reason: str) -> None:
    order.status = S.REOPENED
    order.closed_at = order.replied_at = None
    order.save()
    _event(order, OrderAction.REOPEN, S.CLOSED, actor=actor, note=reason)
    if order.unit is not None:
        _dispatch(order, order.unit, actor=actor)


@transaction.atomic
def reopen(order, *, actor, reason: str) -> WorkOrder:
    _need("reopen", reason=reason)
    order = _locked(order)
    _require(order, "reopen")
    _reopen(order, actor=actor, reason=reason)
    return order


@transaction.atomic
def record_callback(order, *, actor, satisfaction: str, solved: bool, note: str = "", closed_at=None) -> WorkOrder:
    """The satisfaction call-back of a closed order, once, by staff or by the resident's survey (then `closed_at`
    is the closure the survey was sent for); "not solved" reopens it (issue #5, PP-7). Answers are immutable."""
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose satisfied, basically satisfied or unsatisfied.")})
    order = _locked(order)
    _require(order, "callback")  # closed, not called back yet, not a linked duplicate
    if closed_at is not None and order.closed_at != closed_at:
        raise IllegalTransition(_("This survey was sent for an earlier closing of the order."))
    order.satisfaction, order.solved, order.callback_at = satisfaction, solved, timezone.now()
    order.save()
    label = Satisfaction(satisfaction).label
    _event(order, OrderAction.CALLBACK, S.CLOSED, actor=actor, note=f"{label}；{note}".rstrip("；"))
    if not solved:
        _reopen(order, actor=actor, reason=_("Call-back: not solved."))
    return order


def perform(
    order,
    step: str,
    *,
    actor,
    text: str = "",
    unit=None,
    until=None,
    approve: bool = False,
    satisfaction: str | None = None,
    solved: bool = True,
) -> WorkOrder:
    """One named step, as the pages and the API ask for it, dispatched by the table (`steps.STEPS`): refused when
    unknown, when `actor` is not of the kind that takes it (the handling unit's staff or the place's jurisdiction),
    or when a required input is missing; else its service function runs with the inputs it takes."""
    entry = STEPS.get(step)
    if entry is None:
        raise ValidationError(_("Unknown action."))
    refusal = access.refusal(actor, order, step)
    if refusal is not None:
        raise PermissionDenied(refusal)
    values = dict(text=text, unit=unit, until=until, approve=approve, satisfaction=satisfaction, solved=solved)
    error = entry.missing(values)
    if error:
        raise ValidationError(error)
    return entry.function(order, actor=actor, **{spec.keyword: values[spec.name] for spec in entry.inputs})


def sweep(now=None) -> dict[str, int]:
    """One pass of the clock: count the orders that turned yellow or red since the previous pass and alarm each
    unit concerned with one outbox message (RL-3: delivered with retries), then recount the supervision figures
    (`UnitLoad`). Nothing is written to the orders: yellow and red are read off `yellow_at` / `red_at` wherever
    they are shown (ADR 0005). The first pass alarms everything already late.

    Returns how many orders turned red and yellow in this pass."""
    now = now or timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        # One pass at a time: the latest pass's row is the lock (a second clock waits, then starts after it).
        previous = SweepRun.objects.select_for_update().order_by("-until").first()
        since = previous.until if previous else None
        if since is not None and now <= since:
            return {"red": 0, "yellow": 0}
        orders = WorkOrder.objects.unscoped("sweep")
        red, yellow = orders.overdue(now), orders.warned(now)
        if since is not None:
            red, yellow = red.filter(red_at__gt=since), yellow.filter(yellow_at__gt=since)
        per_unit: dict[int | None, dict] = {}
        for level, crossed in ((Alert.RED, red), (Alert.YELLOW, yellow)):
            for row in crossed.values("unit", "unit__name").annotate(n=Count("pk")).order_by():
                unit = per_unit.setdefault(row["unit"], {"unit": row["unit"], "unit_name": row["unit__name"] or ""})
                unit[level] = row["n"]
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                kind="alarm",
                payload={
                    "unit": alarm["unit"],
                    "unit_name": alarm["unit_name"],
                    "red": alarm.get(Alert.RED, 0),
                    "yellow": alarm.get(Alert.YELLOW, 0),
                    "since": since.isoformat() if since else None,
                    "until": now.isoformat(),
                },
                next_attempt_at=now,
            )
            for alarm in per_unit.values()
        )
        counts = {level: sum(alarm.get(level, 0) for alarm in per_unit.values()) for level in (Alert.RED, Alert.YELLOW)}
        # The supervision counts as of this pass, in its transaction: readers see the previous set or this one.
        UnitLoad.objects.all().delete()
        UnitLoad.objects.bulk_create(
            (
                UnitLoad(
                    division_code=row["division_code"],
                    unit_id=row["unit"],
                    status=row["status"],
                    open=row["n"],
                    yellow=row["yellow"],
                    red=row["red"],
                )
                for row in orders.load(now, "division_code", "unit")
            ),
            batch_size=5000,
        )
        SweepRun.objects.filter(until__lt=now - SWEEP_RUNS_KEPT).delete()  # a pass every 30 s: a week is plenty
        SweepRun.objects.create(
            until=now,
            red=counts[Alert.RED],
            yellow=counts[Alert.YELLOW],
            units=len(per_unit),
            seconds=time.perf_counter() - started,
        )
    return {"red": counts[Alert.RED], "yellow": counts[Alert.YELLOW]}
