"""The steps that move a work order (issue #5; SVC-5; DESIGN.md §9; PP-1…PP-8), and the publication decision.

Every step is a function here: it locks the order (`select_for_update`), checks the move is legal from the current
state (else `IllegalTransition`, HTTP 409), writes the change, one `OrderEvent` and, where someone must be told, an
`OutboxMessage` — all in one transaction. Which step may run from which state, who takes it and what it needs is the
table in `steps.py`, which the guards (`_require`, `_need`) and `perform` read.

Who may take a step is enforced in one place, `perform`, which the pages and the API call (they also ask
`access.may_act` first, to offer only the user's buttons and to answer 403 before reading a body). The step functions
check the state and the inputs, not the user: the seed, the tests and the resident's survey call them directly.

    submitted ─dispatch→ dispatched ─accept→ accepted ─start→ in_progress ─reply→ replied ─close→ closed
                  ↑  returned ←return─┘ (reason; the second return escalates to the unit above)
                  ↑  escalated, reopened (closed ─reopen→ reopened; a call-back "not solved" reopens too)
"""

from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.bulk import append
from shequ.core.errors import IllegalTransition
from shequ.core.text import has_control_characters
from shequ.workorders import access, outbox
from shequ.workorders.choices import OrderAction, OrderStatus, Publication, Satisfaction
from shequ.workorders.models import MAX_DESCRIPTION, HandlingUnit, OrderEvent, WorkOrder
from shequ.workorders.services.clock import set_clock
from shequ.workorders.services.intake import CONTROL_CHARACTERS
from shequ.workorders.services.survey import survey_url
from shequ.workorders.steps import RETURNS_BEFORE_ESCALATION, STEPS

__all__ = [
    "SERVICES",
    "IllegalTransition",
    "accept",
    "close",
    "decide_extension",
    "dispatch",
    "handle_on_spot",
    "perform",
    "record_callback",
    "reopen",
    "reply",
    "request_extension",
    "return_order",
    "review_publication",
    "start",
    "transfer",
]

MAX_EXTENSION = timedelta(days=365)

S = OrderStatus


# Events are only ever appended: `append` writes them without the ORM's statement compiler.


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


def _dispatch(order, unit, *, actor=None, now=None, action=OrderAction.DISPATCH, note="") -> None:
    now = now or timezone.now()
    previous = order.status
    order.unit = unit
    order.status = S.DISPATCHED
    order.dispatched_at = now
    order.accepted_at = None
    set_clock(order, "accept", now)  # the clock starts at dispatch
    order.save()
    _event(order, action, previous, actor=actor, note=note, now=now)
    outbox.notify(order, "dispatch", unit_name=unit.name)


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
    set_clock(order, "handle", order.dispatched_at)
    order.save()
    _event(order, OrderAction.ACCEPT, S.DISPATCHED, actor=actor, now=now)
    return order


@transaction.atomic
def urge(order, *, actor, note: str = "") -> WorkOrder:
    """Press the handling unit (催办, PP-3): the order stays where it is; the urging is on its record and goes to the
    unit through the outbox."""
    order = _locked(order)
    _require(order, "urge")
    _event(order, OrderAction.URGE, order.status, actor=actor, note=note)
    outbox.notify(order, "urge", unit_name=order.unit.name if order.unit else "", note=note[:200])
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
    outbox.notify(order, "reply")
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
        outbox.notify(order, "survey", survey=survey_url(order))
    return order


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
    or when a required input is missing (by the service); else its service function runs with the inputs it takes."""
    entry = STEPS.get(step)
    if entry is None:
        raise ValidationError(_("Unknown action."))
    refusal = access.refusal(actor, order, step)
    if refusal is not None:
        raise PermissionDenied(refusal)
    values = dict(text=text, unit=unit, until=until, approve=approve, satisfaction=satisfaction, solved=solved)
    # A missing input is refused by the service itself (`_need`), so that a page, the API and this dispatcher meet
    # the same check; a second one here could be deleted with no test noticing (issue #20).
    service = SERVICES[entry.name]
    return service(order, actor=actor, **{spec.keyword: values[spec.name] for spec in entry.inputs})


# ---- publication (issue #12) -----------------------------------------------------------------------------------------


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


# The function behind each step of the table, by the step's name: `Step.service` names a function of this module
# (the table holds names only; a name with no function here fails at import).
SERVICES: dict[str, Callable[..., WorkOrder]] = {name: globals()[step.service] for name, step in STEPS.items()}
