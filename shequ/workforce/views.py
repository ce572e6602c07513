"""Pages of the workforce registers: each declares its form, filterset and table (core.views.ModelViews)."""

from shequ.core.views import ModelViews
from shequ.workforce import filtersets, forms, models, tables

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
    form = forms.CommunityWorkerForm
    filterset = filtersets.CommunityWorkerFilterSet
    table = tables.CommunityWorkerTable


class RecruitmentRoundViews(ModelViews):
    model = models.RecruitmentRound
    form = forms.RecruitmentRoundForm
    filterset = filtersets.RecruitmentRoundFilterSet
    table = tables.RecruitmentRoundTable


class CandidateViews(ModelViews):
    model = models.Candidate
    form = forms.CandidateForm
    filterset = filtersets.CandidateFilterSet
    table = tables.CandidateTable


class TrainingCourseViews(ModelViews):
    model = models.TrainingCourse
    form = forms.TrainingCourseForm
    filterset = filtersets.TrainingCourseFilterSet
    table = tables.TrainingCourseTable


class TrainingAttendanceViews(ModelViews):
    model = models.TrainingAttendance
    form = forms.TrainingAttendanceForm
    filterset = filtersets.TrainingAttendanceFilterSet
    table = tables.TrainingAttendanceTable


class CommendationViews(ModelViews):
    model = models.Commendation
    form = forms.CommendationForm
    filterset = filtersets.CommendationFilterSet
    table = tables.CommendationTable
