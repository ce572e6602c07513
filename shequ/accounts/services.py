"""Account writes: assignments and tokens. Each runs in one transaction and writes the access log (AU-1)."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.accounts.models import ApiToken, Assignment, Department, User
from shequ.accounts.roles import ROLE_LEVELS, Role
from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.regions.models import Division

__all__ = ["GrantError", "GrantResult", "grant_role", "issue_token", "revoke_role"]


class GrantError(ValueError):
    """A grant that cannot be made; the message says why, in the user's language."""


class GrantResult:
    def __init__(self, user: User, assignment: Assignment, created_user: bool, password: str | None):
        self.user, self.assignment, self.created_user, self.password = user, assignment, created_user, password


def generate_password() -> str:
    """A random initial password of 16 URL-safe characters (IA-2: issued passwords are random)."""
    return secrets.token_urlsafe(12)


@transaction.atomic
def grant_role(
    *,
    acting_user,
    username: str,
    role: str,
    division_code: str,
    department: str | None = None,
    password: str | None = None,
    create_user: bool = True,
    full_name: str = "",
) -> GrantResult:
    """Give `username` the `role` in a division, creating the user if needed (with `password` or a random one).

    Validates everything before writing anything: an unknown role, division or (without `create_user`) user raises
    GrantError and changes nothing.
    """
    if role not in Role.values:
        raise GrantError(
            _("Unknown role {role}; valid roles: {roles}.").format(role=role, roles=", ".join(Role.values))
        )
    division = Division.objects.unscoped("grant").filter(code=division_code).first()
    if division is None:
        raise GrantError(_("Division {code} does not exist.").format(code=division_code))
    if division.level not in ROLE_LEVELS[Role(role)]:
        levels = "、".join(str(level.label) for level in ROLE_LEVELS[Role(role)])
        raise GrantError(_("The role {role} is held at level: {levels}.").format(role=Role(role).label, levels=levels))
    user = User.objects.filter(username=username).first()
    if user is None and not create_user:
        raise GrantError(_("User {username} does not exist.").format(username=username))
    department_obj = None
    if department:
        department_obj, _created = Department.objects.get_or_create(division=division, name=department)

    generated = None
    created_user = user is None
    if created_user:
        if password is None:
            password = generated = generate_password()
        user = User(username=username, full_name=full_name)
        user.set_password(password)
        user.save()
    elif password is not None:
        user.set_password(password)
        user.save()

    assignment, created = Assignment.objects.update_or_create(
        user=user, role=role, division=division, defaults={"department": department_obj}
    )
    log_access(
        AccessEvent.PERMISSION_CHANGE,
        user=acting_user,
        obj=assignment,
        target=user.username,
        role=role,
        action="grant" if created else "update",
    )
    return GrantResult(user, assignment, created_user, generated)


@transaction.atomic
def revoke_role(*, acting_user, assignment: Assignment) -> None:
    log_access(
        AccessEvent.PERMISSION_CHANGE,
        user=acting_user,
        obj=assignment,
        target=assignment.user.username,
        role=assignment.role,
        action="revoke",
    )
    assignment.delete()


@transaction.atomic
def issue_token(*, acting_user, user: User, name: str) -> str:
    """Create an API token for `user` and return it; only its digest is kept, so this is the one time it is seen."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(raw))
    log_access(AccessEvent.TOKEN_ISSUED, user=acting_user, obj=token, target=user.username, name=name)
    return raw
