from shequ.core.tables import Table
from shequ.workforce import models

__all__ = [
    "CandidateTable",
    "CommendationTable",
    "CommunityWorkerTable",
    "RecruitmentRoundTable",
    "TrainingAttendanceTable",
    "TrainingCourseTable",
]


class CommunityWorkerTable(Table):
    model = models.CommunityWorker
    fields = ("name", "position", "community", "background", "certificate", "hired_on", "active")


class RecruitmentRoundTable(Table):
    model = models.RecruitmentRound
    fields = ("title", "division", "announced_on", "positions", "closed")


class CandidateTable(Table):
    model = models.Candidate
    fields = ("name", "round", "background", "score", "result")


class TrainingCourseTable(Table):
    model = models.TrainingCourse
    fields = ("title", "division", "starts_on", "hours", "organiser")


class TrainingAttendanceTable(Table):
    model = models.TrainingAttendance
    fields = ("worker", "course", "hours")


class CommendationTable(Table):
    model = models.Commendation
    fields = ("title", "worker", "awarded_on", "awarded_by")
