"""三员分立: the system administrator, the security administrator and the auditor are three people (issue #12).

GB/T 22239 level 3 asks that these duties be held by different accounts, so that no one both changes the system
or its rights and reviews the trail of those changes. `roles.EXCLUSIVE_DUTIES` says which roles carry which duty
(the city administrator and the system administrator carry the system duty); every path that adds an assignment
(`services.grant_role`, hence `manage.py grant` and `setup_demo`; `forms.AssignmentForm`, hence the pages) refuses
one that would put two duties in one account.
"""

from django.utils.translation import gettext as _

from shequ.accounts.roles import Role, conflicting_duties

__all__ = ["separation_error"]


def separation_error(held_roles, new_role: str) -> str | None:
    """The error message for giving `new_role` to an account that holds `held_roles`, or None if allowed."""
    conflict = conflicting_duties(set(held_roles), new_role)
    if conflict is None:
        return None
    return _(
        "The roles {new} and {held} cannot be held by one account: the system administrator, the security "
        "administrator and the auditor must be different people."
    ).format(new=Role(new_role).label, held=Role(conflict).label)
