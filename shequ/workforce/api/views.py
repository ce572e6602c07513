from shequ.core.api.viewsets import BaseViewSet
from shequ.workforce import filtersets, models
from shequ.workforce.api import serializers

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
    serializer_class = serializers.CommunityWorkerSerializer
    filterset_class = filtersets.CommunityWorkerFilterSet


class RecruitmentRoundViewSet(BaseViewSet):
    queryset = models.RecruitmentRound.objects.all()
    serializer_class = serializers.RecruitmentRoundSerializer
    filterset_class = filtersets.RecruitmentRoundFilterSet


class CandidateViewSet(BaseViewSet):
    queryset = models.Candidate.objects.all()
    serializer_class = serializers.CandidateSerializer
    filterset_class = filtersets.CandidateFilterSet


class TrainingCourseViewSet(BaseViewSet):
    queryset = models.TrainingCourse.objects.all()
    serializer_class = serializers.TrainingCourseSerializer
    filterset_class = filtersets.TrainingCourseFilterSet


class TrainingAttendanceViewSet(BaseViewSet):
    queryset = models.TrainingAttendance.objects.all()
    serializer_class = serializers.TrainingAttendanceSerializer
    filterset_class = filtersets.TrainingAttendanceFilterSet


class CommendationViewSet(BaseViewSet):
    queryset = models.Commendation.objects.all()
    serializer_class = serializers.CommendationSerializer
    filterset_class = filtersets.CommendationFilterSet
