"""The grid-work pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.gridwork import models

__all__ = ["GridWorkerViews", "PatrolLogViews"]


class GridWorkerViews(ModelViews):
    model = models.GridWorker


class PatrolLogViews(ModelViews):
    model = models.PatrolLog
