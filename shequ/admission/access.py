"""Who may send what through the gate (ADM-1): a department's staff cite only their own department's items."""

from django.utils.translation import gettext as _

from shequ.accounts.roles import Role

__all__ = ["own_departments", "sender_refusal"]


def own_departments(user) -> frozenset[int]:
    """The departments whose staff `user` is (department-staff assignments naming a department). Empty for
    administrators and street staff, who send on behalf of any department within their jurisdiction."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_admission_departments", None)
    if cached is None:
        cached = user._admission_departments = frozenset(
            user.assignments.filter(role=Role.DEPARTMENT_STAFF, department__isnull=False).values_list(
                "department_id", flat=True
            )
        )
    return cached


def sender_refusal(user, item) -> str | None:
    """Why `user` may not cite `item` (an item of another department), or None."""
    departments = own_departments(user)
    if item is None or not departments or item.department_id in departments:
        return None
    return _("Refused: the admitted item “{item}” is {department}'s, not your department's.").format(
        item=item, department=item.department
    )
