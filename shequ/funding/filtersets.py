"""Filters beyond the declarations' (issue #15, FIN-3): an audit's findings that are overdue."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["finding_filterset"]


def finding_filterset(base):
    """The declared filterset of audit findings plus `overdue`: yes, past the deadline today and not rectified; no,
    the rest."""

    def overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = queryset.overdue(timezone.localdate())
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    attributes = {
        "overdue": django_filters.BooleanFilter(method="filter_overdue", label=_("overdue")),
        "filter_overdue": overdue,
        "Meta": type("Meta", (base.Meta,), {"fields": [*base.Meta.fields, "overdue"]}),
    }
    return type("AuditFindingFilterSet", (base,), attributes)
