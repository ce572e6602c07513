"""Who may act on a work order: by jurisdiction and by handling unit (issue #5, item 6; SVC-5).

Two kinds of step:

- the handling unit's own — accept, start, return, reply, ask for more time: the unit's staff
  (`HandlingUnit.staff`). A unit with no staff on record is handled by whoever may change orders in the unit's own
  division (a community's staff for the community's unit, the district's administrators for a district
  department), so that a new city works before every unit has named its people;
- the dispatcher's and supervisor's — dispatch, transfer, close, reopen, decide on an extension, record the
  call-back, handle a grid report on the spot: whoever may change orders where the order is.

A unit's staff also see the orders now with their unit, wherever those are (`WorkOrderQuerySet.also_visible`): a
water company's clerk sees the leaks of the whole city sent to the company, and nothing else of a district.
"""

from shequ.core.views import user_may

__all__ = ["CHANGE", "HANDLER_STEPS", "handles", "may_act", "unit_ids"]

CHANGE = "workorders.change_workorder"
HANDLER_STEPS = frozenset({"accept", "start", "return", "reply", "extend"})


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


def may_act(user, order, step: str) -> bool:
    """Whether `user` may take `step` (a `services.perform` name) on `order`."""
    if step in HANDLER_STEPS:
        return handles(user, order.unit)
    return user_may(user, CHANGE, order.division_code)
