"""The community-affairs API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.affairs import models
from shequ.core.api.viewsets import BaseViewSet

__all__ = ["SentimentEntryViewSet", "VisitViewSet"]


class VisitViewSet(BaseViewSet):
    queryset = models.Visit.objects.select_related("community", "household")


class SentimentEntryViewSet(BaseViewSet):
    queryset = models.SentimentEntry.objects.select_related("community")
