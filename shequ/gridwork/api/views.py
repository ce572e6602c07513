"""The grid-work API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.gridwork import models

__all__ = ["GridWorkerViewSet", "PatrolLogViewSet"]


class GridWorkerViewSet(BaseViewSet):
    queryset = models.GridWorker.objects.all()


class PatrolLogViewSet(BaseViewSet):
    queryset = models.PatrolLog.objects.all()
