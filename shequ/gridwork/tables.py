from shequ.core.tables import Table
from shequ.gridwork import models

__all__ = ["GridWorkerTable", "PatrolLogTable"]


class GridWorkerTable(Table):
    model = models.GridWorker
    fields = ("user", "grid", "since", "active")


class PatrolLogTable(Table):
    model = models.PatrolLog
    fields = ("grid", "started_at", "worker", "ended_at", "findings")
