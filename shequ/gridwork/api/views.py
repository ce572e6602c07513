from shequ.core.api.viewsets import BaseViewSet
from shequ.gridwork import filtersets, models
from shequ.gridwork.api import serializers

__all__ = ["GridWorkerViewSet", "PatrolLogViewSet"]


class GridWorkerViewSet(BaseViewSet):
    queryset = models.GridWorker.objects.all()
    serializer_class = serializers.GridWorkerSerializer
    filterset_class = filtersets.GridWorkerFilterSet


class PatrolLogViewSet(BaseViewSet):
    queryset = models.PatrolLog.objects.all()
    serializer_class = serializers.PatrolLogSerializer
    filterset_class = filtersets.PatrolLogFilterSet
