"""The API's filter backend: the register's filterset, from the query string or, for `search/`, the body."""

from django_filters.rest_framework import DjangoFilterBackend

__all__ = ["FilterBackend"]


class FilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if getattr(view, "action", None) == "search":
            kwargs["data"] = request.data
        return kwargs

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            # ID and phone numbers are searched only from a POST body (BaseFilterSet.is_private).
            filterset.private_allowed = getattr(view, "action", None) == "search"
        return filterset
