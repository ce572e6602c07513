from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.workforce import models

__all__ = [
    "CandidateSerializer",
    "CommendationSerializer",
    "CommunityWorkerSerializer",
    "RecruitmentRoundSerializer",
    "TrainingAttendanceSerializer",
    "TrainingCourseSerializer",
]


class CommunityWorkerSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.CommunityWorker
        fields = [
            "id",
            "community",
            "name",
            "position",
            "background",
            "certificate",
            "hired_on",
            "in_party_committee",
            "in_residents_committee",
            "in_owners_committee",
            "active",
            "resident",
            "division_code",
        ]
        read_only_fields = ["division_code"]


class RecruitmentRoundSerializer(ScopedModelSerializer):
    class Meta:
        model = models.RecruitmentRound
        fields = ["id", "division", "title", "announced_on", "positions", "closed", "division_code"]
        read_only_fields = ["division_code"]


class CandidateSerializer(ScopedModelSerializer):
    class Meta:
        model = models.Candidate
        fields = ["id", "round", "name", "background", "score", "result", "division_code"]
        read_only_fields = ["division_code"]


class TrainingCourseSerializer(ScopedModelSerializer):
    class Meta:
        model = models.TrainingCourse
        fields = ["id", "division", "title", "starts_on", "hours", "organiser", "division_code"]
        read_only_fields = ["division_code"]


class TrainingAttendanceSerializer(ScopedModelSerializer):
    class Meta:
        model = models.TrainingAttendance
        fields = ["id", "course", "worker", "hours", "division_code"]
        read_only_fields = ["division_code"]


class CommendationSerializer(ScopedModelSerializer):
    class Meta:
        model = models.Commendation
        fields = ["id", "worker", "title", "awarded_on", "awarded_by", "division_code"]
        read_only_fields = ["division_code"]
