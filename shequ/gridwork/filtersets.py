from shequ.core.filtersets import ScopedFilterSet
from shequ.gridwork import models

__all__ = ["GridWorkerFilterSet", "PatrolLogFilterSet"]


class GridWorkerFilterSet(ScopedFilterSet):
    search_fields = ("user__username", "user__full_name", "grid__name")

    class Meta:
        model = models.GridWorker
        fields = ["q", "division", "grid", "active"]


class PatrolLogFilterSet(ScopedFilterSet):
    search_fields = ("notes", "findings", "grid__name")

    class Meta:
        model = models.PatrolLog
        fields = ["q", "division", "grid"]
