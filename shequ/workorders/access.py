"""Who may act on a work order: by jurisdiction and by handling unit (issue #5, item 6; SVC-5).

Two kinds of step (`steps.STEPS`, each step's `actor`):

- the handling unit's own (`HANDLER`) — accept, start, return, reply, ask for more time: the unit's staff
  (`HandlingUnit.staff`). A unit with no staff on record is handled by whoever may change orders in the unit's own
  division (a community's staff for the community's unit, the district's administrators for a district
  department), so that a new city works before every unit has named its people;
- the dispatcher's and supervisor's (`SUPERVISOR`) — dispatch, transfer, close, reopen, decide on an extension,
  record the call-back, handle a grid report on the spot, decide on publication: whoever may change orders where
  the order is.

A unit's staff also see the orders now with their unit, wherever those are (`WorkOrderQuerySet.also_visible`): a
water company's clerk sees the leaks of the whole city sent to the company, and nothing else of a district.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from shequ.core.rights import user_may
from shequ.workorders.steps import HANDLER, actor_of

__all__ = ["CHANGE", "StepRights", "handles", "may_act", "refusal", "unit_ids"]

CHANGE = "workorders.change_workorder"


def unit_ids(user) -> frozenset[int]:
    """The handling units `user` works in (read once per request: the user object carries it)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_handling_unit_ids", None)
    if cached is None:
        cached = user._handling_unit_ids = frozenset(user.handling_units.values_list("pk", flat=True))
    return cached


def handles(user, unit) -> bool:
    """Whether `user` may take the handling unit's own steps for `unit`."""
    if unit is None or not user.is_active:
        return False
    if user.is_superuser or unit.pk in unit_ids(user):
        return True
    return not unit.staff.exists() and user_may(user, CHANGE, unit.division_code)


class StepRights:
    """Which steps `user` may take on `order`: `rights(step)`; each side is looked up once, when first asked (a
    page offers a dozen steps)."""

    def __init__(self, user, order):
        self.user, self.order = user, order

    @cached_property
    def handles(self) -> bool:
        return handles(self.user, self.order.unit)

    @cached_property
    def supervises(self) -> bool:
        return user_may(self.user, CHANGE, self.order.division_code)

    def __call__(self, step: str) -> bool:
        return self.handles if actor_of(step) == HANDLER else self.supervises


def may_act(user, order, step: str) -> bool:
    """Whether `user` may take `step` (a `services.perform` name, or "publish") on `order`."""
    return StepRights(user, order)(step)


def refusal(user, order, step: str) -> str | None:
    """Why `user` may not take `step` on `order` (the wrong kind of user), or None if they may."""
    if may_act(user, order, step):
        return None
    if actor_of(step) == HANDLER:
        return _("Only the staff of the order's handling unit may take this step.")
    return _("Only staff with jurisdiction where the order is may take this step.")
