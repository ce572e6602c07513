"""The work-order steps in one table (issue #11, item 4; DESIGN.md §9; ADR 0004).

One row per step `services.perform` takes: from which states, to which state, who may take it, what it needs, its
label, and the name of the function of `services.transitions` that performs it. The table is data: it imports no
service, page or view, and everything that asks "may this step run here, by whom, with what?" reads it and nothing
else:

- `services.transitions` — each step's guard (`_require`: source, state and conditions; `_need`: required inputs),
  and `perform`, which refuses a user of the wrong kind and runs the function the row names (`SERVICES`);
- `access` — handler (the staff of the order's handling unit) or supervisor (the jurisdiction of the place);
- the order page — its buttons, and which of its own forms it shows;
- the API — the step names it accepts (`/api/workorders/orders/<id>/<name>/`) and the inputs it passes on.

The domain — the clock, events, notifications, escalation — stays in `services`. The table says which step may run
from which state, who may run it, and what it needs; `tests/test_steps.py` holds an independent matrix of the
outcome of every state × step pair.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from shequ.workorders.choices import OrderStatus, Source

__all__ = [
    "DECISIONS",
    "HANDLER",
    "KINDS",
    "RETURNS_BEFORE_ESCALATION",
    "STEPS",
    "SUPERVISOR",
    "Condition",
    "Input",
    "Step",
    "actor_of",
]

S = OrderStatus

HANDLER = "handler"  # the staff of the order's handling unit (`access.handles`)
SUPERVISOR = "supervisor"  # whoever may change orders where the order is (the place's jurisdiction)
KINDS = (HANDLER, SUPERVISOR)

RETURNS_BEFORE_ESCALATION = 2  # the second return escalates to the unit above (PP-3)


@dataclass(frozen=True)
class Input:
    """A value a step takes: its name in `perform` (the API body and the page's forms use the same names), the
    keyword of the service function it is passed to, and — if the step cannot run without it — the field and the
    message of the error when it is missing or blank."""

    name: str
    keyword: str
    required: bool = False
    field: str = ""
    missing: Promise | str = ""

    def given(self, value) -> bool:
        return bool(value.strip()) if isinstance(value, str) else value is not None


@dataclass(frozen=True)
class Condition:
    """A precondition beyond the state, refused with `refusal` (an `IllegalTransition`) when it does not hold.
    `first`: checked before the state (what the order is, rather than where it stands)."""

    holds: Callable[[Any], bool]
    refusal: Promise | str
    first: bool = False


@dataclass(frozen=True)
class Step:
    """One step. `target` is the state the order ends in: a state, None for "stays where it is" (a request or a
    decision about time), or a rule `(order, inputs) -> state` read off the order before the step."""

    name: str  # the name `perform` takes; the API's path is the same with hyphens
    label: Promise | str  # the button, or the title of the step's own form
    verb: Promise | str  # "A work order that is “…” cannot be {verb}."
    states: frozenset[str]  # the from-states
    target: str | Callable[[Any, dict], str] | None
    actor: str  # HANDLER or SUPERVISOR
    service: str  # the name of the function of `services.transitions` that performs it
    inputs: tuple[Input, ...] = ()
    conditions: tuple[Condition, ...] = ()
    form: str = ""  # "": a button of the order page's action form; else the name of the page's own form for it
    api: bool = True  # taken through the API too

    @property
    def api_name(self) -> str:
        return self.name.replace("_", "-")

    def takes(self, name: str) -> bool:
        return any(spec.name == name for spec in self.inputs)

    def refusal(self, order) -> str | None:
        """Why the step may not run on `order` as it is now (the `IllegalTransition` message), or None."""
        for condition in self.conditions:
            if condition.first and not condition.holds(order):
                return str(condition.refusal)
        if order.status not in self.states:
            return _("A work order that is “{status}” cannot be {action}.").format(
                status=order.get_status_display(), action=self.verb
            )
        for condition in self.conditions:
            if not condition.first and not condition.holds(order):
                return str(condition.refusal)
        return None

    def open_to(self, order) -> bool:
        """Whether the step may run on `order` now: what the page offers."""
        return self.refusal(order) is None

    def missing(self, values: dict) -> dict[str, str]:
        """The error of the first required input missing from `values` (by `perform` name), else {}."""
        for spec in self.inputs:
            if spec.required and spec.name in values and not spec.given(values[spec.name]):
                return {spec.field: str(spec.missing)}
        return {}

    def target_for(self, order, inputs: dict | None = None) -> str:
        """The state `order` ends in if the step runs now with `inputs`."""
        if self.target is None:
            return order.status
        if callable(self.target):
            return self.target(order, inputs or {})
        return self.target


# ---- computed targets ------------------------------------------------------------------------------------------


def _returned(order, inputs) -> str:
    """The second return escalates to the unit above, which receives the order dispatched; without a unit above it
    stays returned."""
    escalates = order.return_count + 1 >= RETURNS_BEFORE_ESCALATION and order.unit and order.unit.parent_id
    return S.DISPATCHED if escalates else S.RETURNED


def _reopened(order, inputs=None) -> str:
    """A reopened order goes straight back to its unit, if it had one."""
    return S.DISPATCHED if order.unit_id else S.REOPENED


def _called_back(order, inputs) -> str:
    """A call-back "not solved" reopens the order."""
    return S.CLOSED if inputs.get("solved", True) else _reopened(order)


# ---- inputs and conditions -------------------------------------------------------------------------------------

UNIT = Input("unit", "unit", True, "unit", gettext_lazy("Choose a handling unit."))
NOTE = Input("text", "note")

NOT_PENDING = Condition(
    lambda order: order.extension_until is None,
    gettext_lazy("An extension request is already waiting for a decision."),
)
PENDING = Condition(lambda order: order.extension_until is not None, gettext_lazy("No extension request is waiting."))
FROM_GRID = Condition(
    lambda order: order.source == Source.GRID,
    gettext_lazy("Only orders reported from the grid are handled on the spot."),
    first=True,
)
NOT_CALLED_BACK = Condition(
    lambda order: order.callback_at is None, gettext_lazy("The call-back of this order is already recorded.")
)
NOT_DUPLICATE = Condition(
    lambda order: not order.duplicate_of_id, gettext_lazy("A linked duplicate has no call-back of its own.")
)


# ---- the table -------------------------------------------------------------------------------------------------
# In the order of the page's buttons.

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "accept",
            gettext_lazy("Accept"),
            pgettext_lazy("work order", "accept"),
            frozenset({S.DISPATCHED}),
            S.ACCEPTED,
            HANDLER,
            "accept",
        ),
        Step(
            "return",
            gettext_lazy("Return"),
            pgettext_lazy("work order", "return"),
            frozenset({S.DISPATCHED}),
            _returned,
            HANDLER,
            "return_order",
            inputs=(Input("text", "reason", True, "reason", gettext_lazy("Say why the order is returned.")),),
        ),
        Step(
            "start",
            gettext_lazy("Start handling"),
            pgettext_lazy("work order", "start"),
            frozenset({S.ACCEPTED}),
            S.IN_PROGRESS,
            HANDLER,
            "start",
        ),
        Step(
            "transfer",
            gettext_lazy("Transfer"),
            pgettext_lazy("work order", "transfer"),
            frozenset({S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS}),
            S.DISPATCHED,
            SUPERVISOR,
            "transfer",
            inputs=(UNIT, Input("text", "note", True, "note", gettext_lazy("Say why the order is transferred."))),
        ),
        Step(
            # 催办: the place's jurisdiction presses the unit that holds the order (PP-3, issue #13); the order stays
            # where it is, the urging is on its record and goes to the unit through the outbox.
            "urge",
            gettext_lazy("Urge"),
            pgettext_lazy("work order", "urge"),
            frozenset({S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS}),
            None,
            SUPERVISOR,
            "urge",
            inputs=(NOTE,),
        ),
        Step(
            "dispatch",
            gettext_lazy("Dispatch"),
            pgettext_lazy("work order", "dispatch"),
            frozenset({S.SUBMITTED, S.RETURNED, S.ESCALATED, S.REOPENED}),
            S.DISPATCHED,
            SUPERVISOR,
            "dispatch",
            inputs=(UNIT, NOTE),
        ),
        Step(
            "reply",
            gettext_lazy("Reply"),
            pgettext_lazy("work order", "reply to"),
            frozenset({S.ACCEPTED, S.IN_PROGRESS}),
            S.REPLIED,
            HANDLER,
            "reply",
            inputs=(Input("text", "text", True, "reply", gettext_lazy("Write the reply to the resident.")),),
        ),
        Step(
            "close",
            gettext_lazy("Close"),
            pgettext_lazy("work order", "close"),
            frozenset({S.REPLIED}),
            S.CLOSED,
            SUPERVISOR,
            "close",
        ),
        Step(
            "handle_on_spot",
            gettext_lazy("Handled on the spot"),
            pgettext_lazy("work order", "close"),
            frozenset({S.SUBMITTED, S.DISPATCHED, S.ACCEPTED, S.IN_PROGRESS}),
            S.CLOSED,
            SUPERVISOR,
            "handle_on_spot",
            inputs=(Input("text", "evidence", True, "evidence", gettext_lazy("Say what was done on the spot.")),),
            conditions=(FROM_GRID,),
            api=False,  # the grid worker's, on the page
        ),
        Step(
            "reopen",
            gettext_lazy("Reopen"),
            pgettext_lazy("work order", "reopen"),
            frozenset({S.CLOSED}),
            _reopened,
            SUPERVISOR,
            "reopen",
            inputs=(Input("text", "reason", True, "reason", gettext_lazy("Say why the order is reopened.")),),
        ),
        Step(
            "extend",
            gettext_lazy("Ask for more time"),
            pgettext_lazy("work order", "extend"),
            frozenset({S.ACCEPTED, S.IN_PROGRESS}),
            None,
            HANDLER,
            "request_extension",
            inputs=(
                Input("until", "until", True, "until", gettext_lazy("Give the new limit.")),
                Input("text", "reason", True, "reason", gettext_lazy("Say why more time is needed.")),
            ),
            conditions=(NOT_PENDING,),
            form="extension",
        ),
        Step(
            "decide_extension",
            gettext_lazy("Decide on the extension"),
            pgettext_lazy("work order", "extend"),
            frozenset(S.values),  # a request once made is decided wherever the order has gone since
            None,
            SUPERVISOR,
            "decide_extension",
            inputs=(Input("approve", "approve"), NOTE),
            conditions=(PENDING,),
            form="decision",
        ),
        Step(
            "callback",
            gettext_lazy("Satisfaction call-back"),
            pgettext_lazy("work order", "call back"),
            frozenset({S.CLOSED}),
            _called_back,
            SUPERVISOR,
            "record_callback",
            inputs=(
                Input(
                    "satisfaction",
                    "satisfaction",
                    True,
                    "satisfaction",
                    gettext_lazy("Choose satisfied, basically satisfied or unsatisfied."),
                ),
                Input("solved", "solved"),
                NOTE,
            ),
            conditions=(NOT_CALLED_BACK, NOT_DUPLICATE),
            form="callback",
        ),
    )
}

# Decisions about an order outside its steps, and who takes them.
DECISIONS = {"publish": SUPERVISOR}  # the publication review (issue #12): `review_publication`


def actor_of(name: str) -> str:
    """Who takes the step or decision `name`; an unknown name is the place's (who then hears "Unknown action.")."""
    step = STEPS.get(name)
    return step.actor if step is not None else DECISIONS.get(name, SUPERVISOR)
