from django.contrib.auth.models import UserManager
from django.db import models

from shequ.core.scope import scope_q

__all__ = ["ShequUserManager", "UserQuerySet"]


class UserQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """Users with at least one assignment inside the caller's scope for `accounts.<action>_user`."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        prefixes = user.scope_prefixes(f"accounts.{action}_user")
        if not prefixes:
            return self.none()
        # The assignment model through the user's reverse relation: models.py imports this module, not the reverse.
        assignment = self.model._meta.get_field("assignments").related_model
        inside = assignment.objects.filter(scope_q(prefixes), user=models.OuterRef("pk"))
        return self.filter(models.Exists(inside))


class ShequUserManager(UserManager.from_queryset(UserQuerySet)):
    def _create_user_object(self, username, email, password, **extra_fields):
        """Through `set_password`, so that the password's date and hash are recorded (issue #12, IA-2)."""
        user = super()._create_user_object(username, email, None, **extra_fields)
        user.set_password(password)
        return user
