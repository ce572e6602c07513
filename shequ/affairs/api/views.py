"""The community-affairs API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.affairs import models
from shequ.core.api.viewsets import BaseViewSet

__all__ = [
    "AffairsDisclosureViewSet",
    "DeliberationTopicViewSet",
    "MeetingViewSet",
    "ResolutionViewSet",
    "SentimentEntryViewSet",
    "VisitViewSet",
    "WorkAssessmentViewSet",
]


class VisitViewSet(BaseViewSet):
    queryset = models.Visit.objects.select_related("community", "household")


class SentimentEntryViewSet(BaseViewSet):
    queryset = models.SentimentEntry.objects.select_related("community")


class DeliberationTopicViewSet(BaseViewSet):
    queryset = models.DeliberationTopic.objects.select_related("community")


class MeetingViewSet(BaseViewSet):
    queryset = models.Meeting.objects.select_related("community")


class ResolutionViewSet(BaseViewSet):
    queryset = models.Resolution.objects.select_related("meeting", "topic")


class AffairsDisclosureViewSet(BaseViewSet):
    queryset = models.AffairsDisclosure.objects.select_related("community")


class WorkAssessmentViewSet(BaseViewSet):
    queryset = models.WorkAssessment.objects.select_related("community")
