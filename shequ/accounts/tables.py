from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import User
from shequ.core.tables import Table

__all__ = ["UserTable"]


class UserTable(Table):
    model = User
    fields = ("username", "full_name", "roles_display", "is_active", "last_login")
    extra_labels = {"roles_display": _("roles")}
    prefetch_related = ("assignments",)

    def render_roles_display(self, obj):
        return "、".join(sorted(a.get_role_display() for a in obj.assignments.all()))
