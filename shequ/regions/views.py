"""Pages of the regions app: the division browser and the Division / Grid registers (issue #2)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from shequ.core.registry import division_panels
from shequ.core.scope import minimal_prefixes
from shequ.core.views import ModelViews, ObjectDetailView
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division, Grid

__all__ = [
    "DivisionBrowserView",
    "DivisionChildrenView",
    "DivisionViews",
    "GridViews",
    "children_with_counts",
    "resolve_division",
]


def children_with_counts(user, division: Division) -> list[dict]:
    """The visible children of `division`, each with the number of communities and grids at or below it.

    Three queries whatever the number of children: the children, then one grouped count per register.
    """
    children = list(Division.objects.restrict(user).filter(parent=division).order_by("code"))
    if not children:
        return []
    length = DivisionLevel(children[0].level).prefix_length
    communities = dict(
        Division.objects.restrict(user)
        .communities()
        .within(division.prefix)
        .annotate(key=Substr("code", 1, length))
        .values("key")
        .annotate(n=Count("id"))
        .values_list("key", "n")
    )
    grids = dict(
        Grid.objects.restrict(user)
        .within(division.prefix)
        .annotate(key=Substr("division_code", 1, length))
        .values("key")
        .annotate(n=Count("id"))
        .values_list("key", "n")
    )
    return [
        {"division": child, "communities": communities.get(child.prefix, 0), "grids": grids.get(child.prefix, 0)}
        for child in children
    ]


def top_divisions(user):
    """The highest divisions `user` may browse: the ones their assignments name (the city for a superuser)."""
    queryset = Division.objects.restrict(user)
    if user.is_superuser:
        return list(queryset.filter(parent__isnull=True))
    prefixes = minimal_prefixes(user.scope_prefixes("regions.view_division"))
    return list(queryset.filter(code__in=[p.ljust(12, "0") for p in prefixes]))


def ancestors(user, division: Division) -> list[Division]:
    """The visible divisions above `division`, top first (a street user's trail starts at the street)."""
    codes = [division.code[:n].ljust(12, "0") for n in (4, 6, 9) if n < len(division.prefix)]
    return list(Division.objects.restrict(user).filter(code__in=codes).order_by("code"))


def resolve_division(user, code: str | None) -> Division:
    """The division a page asks about (`?division=CODE`), or the user's highest one; anything outside the
    jurisdiction is not found. The compliance, supervision and statistics pages start here."""
    divisions = Division.objects.restrict(user)
    if code:
        division = divisions.filter(code=code).first()
    else:
        order = list(DivisionLevel.values)
        division = min(
            divisions.filter(pk__in=user.assignments.values("division")),
            default=None,
            key=lambda d: order.index(d.level),
        )
    if division is None:
        raise Http404
    return division


class DivisionDetailView(ObjectDetailView):
    """A division's page is the browser: trail, facts, and its children with counts."""

    def extra_context(self, obj):
        return {
            **super().extra_context(obj),
            "trail": ancestors(self.request.user, obj),
            "children": children_with_counts(self.request.user, obj),
            "grids": Grid.objects.restrict(self.request.user).in_community(obj)
            if obj.level == DivisionLevel.COMMUNITY
            else None,
            "tops": top_divisions(self.request.user),
            "panels": [panel for make in division_panels if (panel := make(obj, self.request.user))],
        }


class DivisionViews(ModelViews):
    model = Division
    detail_view = DivisionDetailView


class GridViews(ModelViews):
    model = Grid


class DivisionBrowserView(LoginRequiredMixin, View):
    """The division browser's start: the user's own divisions as tree roots."""

    def get(self, request):
        tops = top_divisions(request.user)
        return render(
            request,
            "regions/browser.html",
            {
                "tops": tops,
                "nodes": [{"division": d, "children": children_with_counts(request.user, d)} for d in tops],
            },
        )


class DivisionChildrenView(LoginRequiredMixin, View):
    """htmx partial: one tree node's children, fetched when the node is opened."""

    def get(self, request, pk):
        division = get_object_or_404(Division.objects.restrict(request.user), pk=pk)
        return render(request, "regions/tree_children.html", {"children": children_with_counts(request.user, division)})
