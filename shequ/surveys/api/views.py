"""The survey API: each register's serializer and filters come from its declaration (registers.py). Answers are
never served one by one; results are on the survey's page (groups of at least five)."""

from shequ.core.api.viewsets import BaseViewSet, ReadOnlyViewSet
from shequ.surveys import models

__all__ = ["QuestionViewSet", "SampleViewSet", "SurveyViewSet"]


class SurveyViewSet(BaseViewSet):
    queryset = models.Survey.objects.select_related("division")


class QuestionViewSet(BaseViewSet):
    queryset = models.Question.objects.select_related("survey")


class SampleViewSet(ReadOnlyViewSet):
    queryset = models.Sample.objects.select_related("survey", "community")
