"""Base filterset: each register's filters are declared once and serve its list page and its API."""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.forms import NullBooleanSelect
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from shequ.core.choices import AccessEvent, ChangeAction
from shequ.core.forms import style_widgets
from shequ.core.models import AccessLog, ObjectChange
from shequ.core.scope import scope_q

__all__ = [
    "AccessLogFilterSet", "BaseFilterSet", "CodePrefixFilter", "DivisionFilter", "ObjectChangeFilterSet",
    "ScopedFilterSet",
]  # fmt: skip


class CodePrefixFilter(django_filters.CharFilter):
    """Codes starting with the given digits, as an index-friendly range (see core/scope.py)."""

    def filter(self, qs, value):
        if not value:
            return qs
        if not (value.isascii() and value.isdigit()):
            return qs.none()
        return qs.filter(scope_q([value], self.field_name))


@extend_schema_field(OpenApiTypes.STR)  # the division's 12-digit code
class DivisionFilter(django_filters.ModelChoiceFilter):
    """Records at or below one division the user may see (issue #13: a clerk chooses 厦港街道 by name — a search
    picker at city scale — instead of typing a "division code prefix"). The API takes the division's code; the
    choice is restricted to the user's jurisdiction like every related choice (BaseFilterSet)."""

    def __init__(self, field_name: str = "division_code", **kwargs):
        from shequ.regions.models import Division  # the foundation's division model (ADR 0010)

        kwargs.setdefault("label", _("division"))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("queryset", Division.objects.unscoped("restricted per request by BaseFilterSet"))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(scope_q([value.prefix], self.field_name))


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q`: a case-insensitive search over the register's `search_fields`.

    A register whose search takes personal identifiers (ID or phone numbers) says so in `is_private`; such a
    search must arrive in a POST body, never in a URL, where proxies and server logs would keep it (DESIGN.md §5,
    AU-5). `private_allowed` is set by the list page's POST and the API's `search/` action.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()
    private_allowed = False

    @staticmethod
    def is_private(value: str) -> bool:
        return False

    def is_valid(self):
        valid = super().is_valid()
        if valid and not self.private_allowed and self.is_private(self.form.cleaned_data.get("q") or ""):
            self.form.add_error("q", _("Search for ID and phone numbers with the search box, never in the address."))
            return False
        return valid

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filter options are a read path too (AC-1): choices of related records come from the restricted queryset.
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None and not callable(queryset) and hasattr(queryset, "restrict"):
                filter_.queryset = lambda request, queryset=queryset: queryset.restrict(
                    getattr(request, "user", None), "view"
                )

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field.widget, NullBooleanSelect):  # "any", not django-filter's "unknown" (issue #13)
                field.widget.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
        style_widgets(form)
        return form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": value}) for f in self.search_fields)))


class ScopedFilterSet(BaseFilterSet):
    """For registers of scoped records: adds `division`, a division-code prefix within the user's scope."""

    division = DivisionFilter()


class ObjectChangeFilterSet(ScopedFilterSet):
    search_fields = ("object_repr", "user_name")
    action = django_filters.ChoiceFilter(choices=ChangeAction.choices, label=_("action"))
    request_id = django_filters.UUIDFilter(label=_("request id"))

    class Meta:
        model = ObjectChange
        fields = ["q", "action", "division", "request_id"]


class AccessLogFilterSet(BaseFilterSet):
    search_fields = ("username",)
    event = django_filters.ChoiceFilter(choices=AccessEvent.choices, label=_("event"))
    success = django_filters.BooleanFilter(label=_("success"))

    class Meta:
        model = AccessLog
        fields = ["q", "event", "success"]
