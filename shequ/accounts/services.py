"""Account writes: assignments, tokens, reset links, unlocking. Each runs in one transaction and writes the access
log (AU-1)."""

import secrets
from datetime import timedelta

from axes.utils import reset as reset_axes
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import ApiToken, Assignment, Department, PasswordResetLink, User
from shequ.accounts.roles import ROLE_LEVELS, Role
from shequ.accounts.separation import separation_error
from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.regions.models import Division

__all__ = [
    "GrantError",
    "GrantResult",
    "create_reset_link",
    "find_reset_link",
    "grant_role",
    "issue_token",
    "remove_two_factor",
    "revoke_role",
    "unlock_user",
    "use_reset_link",
]


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

    Validates everything before writing anything: an unknown role, division or (without `create_user`) user, a
    password the validators refuse (IA-2), or a role that would combine separated duties (三员分立) raises
    GrantError and changes nothing. A password set here was chosen by someone else: the user must change it at the
    next login (issue #12).
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
    if user is not None:
        held = user.assignments.exclude(role=role, division=division).values_list("role", flat=True)
        message = separation_error(held, role)
        if message:
            raise GrantError(message)
    if password is not None:
        try:
            validate_password(password, user or User(username=username, full_name=full_name))
        except ValidationError as error:
            raise GrantError(" ".join(error.messages)) from error
    department_obj = None
    if department:
        department_obj, _created = Department.objects.get_or_create(division=division, name=department)

    generated = None
    created_user = user is None
    if created_user:
        if password is None:
            password = generated = generate_password()
        user = User(username=username, full_name=full_name, must_change_password=True)
        user.set_password(password)
        user.save()
    elif password is not None:
        user.set_password(password)
        user.must_change_password = True
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


def _digest(raw: str) -> str:
    return ApiToken.digest_of(raw)


@transaction.atomic
def create_reset_link(*, acting_user, user: User) -> str:
    """A one-time link token for `user` to set a new password, valid `SHEQU_PASSWORD_RESET_HOURS` (IA-2).

    Earlier unused links of the user stop working. Only the token's digest is stored: the caller shows the link once.
    """
    now = timezone.now()
    PasswordResetLink.objects.filter(user=user, used__isnull=True).update(expires=now)
    raw = secrets.token_urlsafe(32)
    link = PasswordResetLink.objects.create(
        user=user,
        digest=_digest(raw),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
        expires=now + timedelta(hours=settings.SHEQU_PASSWORD_RESET_HOURS),
    )
    log_access(
        AccessEvent.PERMISSION_CHANGE,
        user=acting_user,
        obj=user,
        target=user.username,
        action="password_reset_link",
        expires=link.expires.isoformat(timespec="seconds"),
    )
    return raw


def find_reset_link(raw: str) -> PasswordResetLink | None:
    """The usable link for a token, or None (unknown, used or expired: all refused alike)."""
    link = PasswordResetLink.objects.select_related("user").filter(digest=_digest(raw)).first()
    if link is None or not link.usable or not link.user.is_active:
        return None
    return link


@transaction.atomic
def use_reset_link(raw: str, form) -> bool:
    """Set the password of a valid `form` (a ResetPasswordForm of the link's user) and spend the link.

    The row is locked, so two concurrent uses cannot both succeed; False if the link was spent meanwhile.
    """
    link = PasswordResetLink.objects.select_for_update().filter(digest=_digest(raw)).first()
    if link is None or not link.usable:
        return False
    form.save()
    link.used = timezone.now()
    link.save(update_fields=["used"])
    log_access(
        AccessEvent.PERMISSION_CHANGE, user=link.user, obj=link.user, target=link.user.username, action="password_reset"
    )
    return True


@transaction.atomic
def unlock_user(*, acting_user, user: User) -> int:
    """Clear every recorded login failure of `user` (django-axes), from every address (IA-3); access-logged."""
    count = reset_axes(username=user.username)
    log_access(AccessEvent.LOCKOUT, user=acting_user, obj=user, target=user.username, action="unlock", cleared=count)
    return count


@transaction.atomic
def remove_two_factor(*, acting_user, user: User) -> int:
    """Remove every TOTP device of `user` (a lost phone): the next sign-in enrols again (IA-1); access-logged."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    count, _ = TOTPDevice.objects.filter(user=user).delete()
    log_access(
        AccessEvent.PERMISSION_CHANGE,
        user=acting_user,
        obj=user,
        target=user.username,
        action="otp_remove",
        removed=count,
    )
    return count
