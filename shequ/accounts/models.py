"""Users, their jurisdiction assignments, departments and API tokens (issue #2); password history and one-time
reset links (issue #12, IA-2)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.accounts.querysets import ShequUserManager
from shequ.accounts.roles import Role, role_grants
from shequ.core.models import ChangeLoggedModel, Linked, ScopedModel
from shequ.core.scope import code_prefix, minimal_prefixes

__all__ = ["ApiToken", "Assignment", "Department", "PasswordHistory", "PasswordResetLink", "User"]


class User(Linked, AbstractUser, ChangeLoggedModel):
    """A staff account. What it may see comes only from its assignments (and `is_superuser` for operators)."""

    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    # Set when an account is created or its password set by someone else; cleared when the user sets their own
    # (issue #12, IA-2): until then every page leads to the password-change page (accounts.middleware).
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed = models.DateTimeField(_("password changed"), null=True, blank=True, editable=False)

    objects = ShequUserManager()
    changelog_exclude = ("password", "last_login", "password_changed")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def _assignment_pairs(self) -> list[tuple[str, str]]:
        if not hasattr(self, "_assignment_cache"):
            self._assignment_cache = list(self.assignments.values_list("role", "division_code"))
        return self._assignment_cache

    def has_role(self, role: str) -> bool:
        return self.is_active and any(held == role for held, _code in self._assignment_pairs())

    def scope_prefixes(self, permission: str) -> list[str]:
        """The code prefixes within which this user holds `permission` (empty: nowhere)."""
        if not self.is_active:
            return []
        return minimal_prefixes(
            code_prefix(code) for role, code in self._assignment_pairs() if role_grants(role, permission)
        )

    @property
    def roles(self) -> set[str]:
        return {role for role, _code in self._assignment_pairs()}

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed = timezone.now()

    @property
    def password_expired(self) -> bool:
        """Whether the password is older than `SHEQU_PASSWORD_MAX_AGE_DAYS` (0: passwords never expire; IA-2)."""
        days = settings.SHEQU_PASSWORD_MAX_AGE_DAYS
        if not days:
            return False
        changed = self.password_changed or self.date_joined
        return timezone.now() - changed > timedelta(days=days)


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, which a new password may not repeat (issue #12, IA-2).

    Written by `passwords.PasswordHistoryValidator.password_changed`, i.e. on every save of a new password.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.user_id} @ {self.created:%Y-%m-%d %H:%M}"


class PasswordResetLink(models.Model):
    """A one-time, time-limited link an administrator gives a user to set a new password (issue #12, IA-2).

    Only the SHA-256 digest of the link's token is stored; the link is shown once, to the administrator.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_reset_links")
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.user_id} until {self.expires:%Y-%m-%d %H:%M}"

    @property
    def usable(self) -> bool:
        return self.used is None and self.expires > timezone.now()


class Department(ScopedModel):
    """A government department or other unit whose staff use Shequ (e.g. a district's civil-affairs bureau)."""

    name = models.CharField(_("name"), max_length=100)
    division = models.ForeignKey(
        "regions.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="departments"
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["division_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="accounts_department_unique_division_name"),
        ]

    def __str__(self):
        return self.name

    def scope_code(self) -> str:
        return self.division.code


class Assignment(Linked, ScopedModel):
    """One role held by one user in one division (and, for department staff, one department)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    division = models.ForeignKey(
        "regions.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="assignments"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "division"], name="accounts_assignment_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.division}"

    def scope_code(self) -> str:
        return self.division.code


class ApiToken(models.Model):
    """An API client's token. Only its SHA-256 digest is stored; the token itself is shown once when issued."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.user.username}: {self.name}"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
