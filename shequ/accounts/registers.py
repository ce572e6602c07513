"""The accounts registers, declared once (issue #11, `core.registers`)."""

from django.utils.translation import gettext_lazy as _

from shequ.accounts.filtersets import AssignmentFilterSet, UserFilterSet
from shequ.accounts.forms import AssignmentForm
from shequ.accounts.models import Assignment, User
from shequ.accounts.tables import UserTable
from shequ.core.registers import Register, register


@register
class UserRegister(Register):
    model = User
    list_fields = ("username", "full_name", "roles_display", "is_active", "last_login")
    search_fields = ("username", "full_name")
    natural_key = ("username",)
    table, filterset = UserTable, UserFilterSet
    not_importable = _("Accounts are opened one at a time by an administrator; passwords never travel in files.")


@register
class AssignmentRegister(Register):
    model = Assignment
    fields = ("user", "role", "division", "department")
    list_fields = ("user", "role", "division", "department")
    search_fields = ("user__username", "user__full_name", "division__name")
    natural_key = ("user", "role", "division")
    form, filterset = AssignmentForm, AssignmentFilterSet
    not_importable = _("Roles are granted one at a time, through the separation-of-duties checks.")
