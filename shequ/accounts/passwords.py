"""Password rules beyond Django's own validators (issue #12, IA-2; GB/T 22239 level 3).

`PasswordHistoryValidator` is listed in `AUTH_PASSWORD_VALIDATORS`, so every place that sets a password through
`validate_password` (the password-change page, the one-time reset link, `manage.py grant`) refuses the user's last
`history` passwords, and every save of a new password records its hash (Django calls `password_changed` of every
configured validator from `AbstractBaseUser.save`).
"""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["PasswordHistoryValidator"]


class PasswordHistoryValidator:
    """Refuse any of the user's last `history` passwords (the current one included)."""

    def __init__(self, history: int = 5):
        self.history = history

    def _recent_hashes(self, user) -> list[str]:
        from shequ.accounts.models import PasswordHistory

        hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.history])
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        return hashes[: self.history]

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        if any(check_password(password, encoded) for encoded in self._recent_hashes(user)):
            raise ValidationError(
                _("This password was used recently; choose one that differs from your last %(count)d passwords.")
                % {"count": self.history},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        from shequ.accounts.models import PasswordHistory

        if user is None or user.pk is None or not user.has_usable_password():
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.history :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("Your password cannot be one of your last %(count)d passwords.") % {"count": self.history}
