"""The facilities API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.facilities import models

__all__ = [
    "FacilityViewSet",
    "FunctionItemViewSet",
    "FunctionStandardViewSet",
    "PlanningProjectViewSet",
    "UpkeepIssueViewSet",
]


class FunctionStandardViewSet(BaseViewSet):
    queryset = models.FunctionStandard.objects.all()


class FunctionItemViewSet(BaseViewSet):
    queryset = models.FunctionItem.objects.select_related("standard")


class FacilityViewSet(BaseViewSet):
    queryset = models.Facility.objects.select_related("community", "building").prefetch_related("uses")


class PlanningProjectViewSet(BaseViewSet):
    queryset = models.PlanningProject.objects.select_related("community", "area")


class UpkeepIssueViewSet(BaseViewSet):
    queryset = models.UpkeepIssue.objects.select_related("area")
