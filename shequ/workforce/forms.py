from shequ.core.forms import CommunityRecordForm, ScopedModelForm
from shequ.workforce import models

__all__ = [
    "CandidateForm",
    "CommendationForm",
    "CommunityWorkerForm",
    "RecruitmentRoundForm",
    "TrainingAttendanceForm",
    "TrainingCourseForm",
]


class CommunityWorkerForm(CommunityRecordForm):
    class Meta:
        model = models.CommunityWorker
        fields = [
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
        ]


class RecruitmentRoundForm(ScopedModelForm):
    class Meta:
        model = models.RecruitmentRound
        fields = ["division", "title", "announced_on", "positions", "closed"]


class CandidateForm(ScopedModelForm):
    class Meta:
        model = models.Candidate
        fields = ["round", "name", "background", "score", "result"]


class TrainingCourseForm(ScopedModelForm):
    class Meta:
        model = models.TrainingCourse
        fields = ["division", "title", "starts_on", "hours", "organiser"]


class TrainingAttendanceForm(ScopedModelForm):
    class Meta:
        model = models.TrainingAttendance
        fields = ["course", "worker", "hours"]


class CommendationForm(ScopedModelForm):
    class Meta:
        model = models.Commendation
        fields = ["worker", "title", "awarded_on", "awarded_by"]
