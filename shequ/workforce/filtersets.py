import django_filters
from django.utils.translation import gettext_lazy as _

from shequ.core.filtersets import ScopedFilterSet
from shequ.workforce import choices, models

__all__ = [
    "CandidateFilterSet",
    "CommendationFilterSet",
    "CommunityWorkerFilterSet",
    "RecruitmentRoundFilterSet",
    "TrainingAttendanceFilterSet",
    "TrainingCourseFilterSet",
]


class CommunityWorkerFilterSet(ScopedFilterSet):
    search_fields = ("name",)
    position = django_filters.ChoiceFilter(choices=choices.WorkerPosition.choices, label=_("position"))
    background = django_filters.ChoiceFilter(choices=choices.Background.choices, label=_("background"))

    class Meta:
        model = models.CommunityWorker
        fields = ["q", "division", "position", "background", "active"]


class RecruitmentRoundFilterSet(ScopedFilterSet):
    search_fields = ("title",)

    class Meta:
        model = models.RecruitmentRound
        fields = ["q", "division", "closed"]


class CandidateFilterSet(ScopedFilterSet):
    search_fields = ("name",)
    result = django_filters.ChoiceFilter(choices=choices.CandidateResult.choices, label=_("result"))

    class Meta:
        model = models.Candidate
        fields = ["q", "division", "round", "result"]


class TrainingCourseFilterSet(ScopedFilterSet):
    search_fields = ("title", "organiser")

    class Meta:
        model = models.TrainingCourse
        fields = ["q", "division"]


class TrainingAttendanceFilterSet(ScopedFilterSet):
    search_fields = ("worker__name", "course__title")

    class Meta:
        model = models.TrainingAttendance
        fields = ["q", "division", "course"]


class CommendationFilterSet(ScopedFilterSet):
    search_fields = ("title", "worker__name", "awarded_by")

    class Meta:
        model = models.Commendation
        fields = ["q", "division"]
