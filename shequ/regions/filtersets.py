import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.core.filtersets import BaseFilterSet, CodePrefixFilter, DivisionFilter
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division, Grid

__all__ = ["DivisionFilterSet", "GridFilterSet"]


class DivisionFilterSet(BaseFilterSet):
    search_fields = ("name", "code")
    level = django_filters.ChoiceFilter(choices=DivisionLevel.choices, label=_("level"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("parent division code"))
    code = CodePrefixFilter(field_name="code", label=_("code prefix"))
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("name"))

    class Meta:
        model = Division
        fields = ["q", "level", "parent", "code", "name"]


class GridFilterSet(BaseFilterSet):
    search_fields = ("name", "code")
    community = django_filters.CharFilter(field_name="community__code", label=_("community code"))
    code = DivisionFilter()
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("name"))

    class Meta:
        model = Grid
        fields = ["q", "community", "code", "name"]
