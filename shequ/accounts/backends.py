from django.contrib.auth.backends import ModelBackend

__all__ = ["AssignmentBackend"]


class AssignmentBackend(ModelBackend):
    """Passwords as usual; permissions from the roles of the user's assignments (accounts/roles.py).

    A user holds a permission iff some assignment's role grants it, i.e. iff its scope for it is not empty, so
    `has_perm()` and `restrict()` can never disagree.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or obj is not None:
            return False
        if user_obj.is_superuser:
            return True
        return bool(user_obj.scope_prefixes(perm))

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and (user_obj.is_superuser or bool(user_obj.roles))
