from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.workforce import models

__all__ = ["CommunityWorkerSerializer", "RecruitmentRoundSerializer", "TrainingCourseSerializer"]


# The API also links a worker to the resident register (`resident`), which the page and the import do not.
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


# A round and a course name their division by its id here (a derived serializer would take its 12-digit code).
class RecruitmentRoundSerializer(ScopedModelSerializer):
    class Meta:
        model = models.RecruitmentRound
        fields = ["id", "division", "title", "announced_on", "positions", "closed", "division_code"]
        read_only_fields = ["division_code"]


class TrainingCourseSerializer(ScopedModelSerializer):
    class Meta:
        model = models.TrainingCourse
        fields = ["id", "division", "title", "starts_on", "hours", "organiser", "division_code"]
        read_only_fields = ["division_code"]
