import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.core.filtersets import BaseFilterSet, ScopedFilterSet
from shequ.onestop import models
from shequ.onestop.choices import AllowanceStatus, CaseStatus, ServiceArea

__all__ = ["AllowanceReviewFilterSet", "ServiceCaseFilterSet", "ServiceItemFilterSet"]


class OverdueFilterSet(ScopedFilterSet):
    """`overdue` yes / no from the model's own `overdue()` queryset method."""

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class ServiceItemFilterSet(BaseFilterSet):
    search_fields = ("name", "department", "conditions")
    area = django_filters.ChoiceFilter(choices=ServiceArea.choices, label=_("area"))

    class Meta:
        model = models.ServiceItem
        fields = ["q", "area", "active"]


class ServiceCaseFilterSet(OverdueFilterSet):
    search_fields = ("number", "applicant_name", "item__name")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = models.ServiceCase
        fields = ["q", "division", "status", "item", "overdue"]


class AllowanceReviewFilterSet(OverdueFilterSet):
    search_fields = ("household__number",)
    status = django_filters.ChoiceFilter(choices=AllowanceStatus.choices, label=_("status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("review overdue"))

    class Meta:
        model = models.AllowanceReview
        fields = ["q", "division", "status", "overdue"]
