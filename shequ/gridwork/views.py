from shequ.core.views import ModelViews
from shequ.gridwork import filtersets, forms, models, tables

__all__ = ["GridWorkerViews", "PatrolLogViews"]


class GridWorkerViews(ModelViews):
    model = models.GridWorker
    form = forms.GridWorkerForm
    filterset = filtersets.GridWorkerFilterSet
    table = tables.GridWorkerTable


class PatrolLogViews(ModelViews):
    model = models.PatrolLog
    form = forms.PatrolLogForm
    filterset = filtersets.PatrolLogFilterSet
    table = tables.PatrolLogTable
