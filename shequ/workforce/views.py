"""The workforce pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.workforce import models

__all__ = [
    "CandidateViews",
    "CommendationViews",
    "CommunityWorkerViews",
    "RecruitmentRoundViews",
    "TrainingAttendanceViews",
    "TrainingCourseViews",
]


class CommunityWorkerViews(ModelViews):
    model = models.CommunityWorker


class RecruitmentRoundViews(ModelViews):
    model = models.RecruitmentRound


class CandidateViews(ModelViews):
    model = models.Candidate


class TrainingCourseViews(ModelViews):
    model = models.TrainingCourse


class TrainingAttendanceViews(ModelViews):
    model = models.TrainingAttendance


class CommendationViews(ModelViews):
    model = models.Commendation
