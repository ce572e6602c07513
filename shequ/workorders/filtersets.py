import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.core.filtersets import BaseFilterSet, ScopedFilterSet
from shequ.workorders import models
from shequ.workorders.choices import Alert, OrderStatus, Publication, RequestType, Source, UnitKind

__all__ = ["CategoryFilterSet", "HandlingUnitFilterSet", "RoutingRuleFilterSet", "WorkOrderFilterSet"]


class CategoryFilterSet(BaseFilterSet):
    search_fields = ("code", "name")

    class Meta:
        model = models.Category
        fields = ["q", "active", "public", "parent"]


class HandlingUnitFilterSet(ScopedFilterSet):
    search_fields = ("name", "contact")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("kind"))

    class Meta:
        model = models.HandlingUnit
        fields = ["q", "division", "kind", "active"]


class RoutingRuleFilterSet(ScopedFilterSet):
    search_fields = ("category__name", "unit__name")

    class Meta:
        model = models.RoutingRule
        fields = ["q", "division", "category", "unit"]


class WorkOrderFilterSet(ScopedFilterSet):
    search_fields = ("number", "description", "address")
    status = django_filters.MultipleChoiceFilter(choices=OrderStatus.choices, label=_("status"))
    alert = django_filters.ChoiceFilter(
        choices=[(c or "none", label) for c, label in Alert.choices], method="filter_alert", label=_("time limit")
    )
    request_type = django_filters.ChoiceFilter(choices=RequestType.choices, label=_("request type"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("source"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("open"))
    publication = django_filters.ChoiceFilter(
        choices=[(c or "none", label) for c, label in Publication.choices],
        method="filter_publication",
        label=_("publication"),
    )

    class Meta:
        model = models.WorkOrder
        fields = [
            *("q", "division", "status", "alert", "open", "request_type", "category", "unit", "source"),
            *("emergency", "publication"),
        ]

    def filter_alert(self, queryset, name, value):
        return queryset.with_alert("" if value == "none" else value)

    def filter_publication(self, queryset, name, value):
        return queryset.filter(publication="" if value == "none" else value)

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset.filter(status=OrderStatus.CLOSED)
