"""The community-affairs pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.affairs import models
from shequ.core.views import ModelViews

__all__ = ["SentimentEntryViews", "VisitViews"]


class VisitViews(ModelViews):
    model = models.Visit


class SentimentEntryViews(ModelViews):
    model = models.SentimentEntry
