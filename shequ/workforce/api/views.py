"""The workforce API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.workforce import models

__all__ = [
    "CandidateViewSet",
    "CommendationViewSet",
    "CommunityWorkerViewSet",
    "RecruitmentRoundViewSet",
    "TrainingAttendanceViewSet",
    "TrainingCourseViewSet",
]


class CommunityWorkerViewSet(BaseViewSet):
    queryset = models.CommunityWorker.objects.all()


class RecruitmentRoundViewSet(BaseViewSet):
    queryset = models.RecruitmentRound.objects.all()


class CandidateViewSet(BaseViewSet):
    queryset = models.Candidate.objects.all()


class TrainingCourseViewSet(BaseViewSet):
    queryset = models.TrainingCourse.objects.all()


class TrainingAttendanceViewSet(BaseViewSet):
    queryset = models.TrainingAttendance.objects.all()


class CommendationViewSet(BaseViewSet):
    queryset = models.Commendation.objects.all()
