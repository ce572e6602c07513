import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Assignment, User
from shequ.accounts.roles import Role
from shequ.core.filtersets import BaseFilterSet, ScopedFilterSet

__all__ = ["AssignmentFilterSet", "UserFilterSet"]


class UserFilterSet(BaseFilterSet):
    search_fields = ("username", "full_name")
    role = django_filters.ChoiceFilter(
        field_name="assignments__role", choices=Role.choices, label=_("role"), distinct=True
    )

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]


class AssignmentFilterSet(ScopedFilterSet):
    search_fields = ("user__username", "user__full_name", "division__name")
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("role"))

    class Meta:
        model = Assignment
        fields = ["q", "role", "division"]
