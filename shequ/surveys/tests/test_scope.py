"""Scope matrix over the survey registers (issue #14 item 2; AC-1, AC-3)."""

from datetime import date

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.surveys import models


def survey_in(division):
    return models.Survey.objects.get_or_create(
        division=division,
        title=f"满意度测评{division.pk}",
        defaults={"opens_on": date(2026, 11, 1), "closes_on": date(2026, 11, 30)},
    )[0]


class SurveyScopeTests(ScopeMatrix, TestCase):
    model = models.Survey
    writer_level = "street"
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return survey_in(community)

    def create_payload(self, key):
        return {"division": self.tree[key].code, "title": "新测评", "opens_on": "2026-12-01", "closes_on": "2026-12-20"}

    def form_data(self, key):
        return {**self.create_payload(key), "division": self.tree[key].pk, "margin": "5", "purpose": "democratic"}

    def update_payload(self):
        return {"intro": "请如实填写"}


class QuestionScopeTests(ScopeMatrix, TestCase):
    model = models.Question
    writer_level = "street"
    export_key = "number"

    @classmethod
    def make_object(cls, community):
        return models.Question.objects.create(survey=survey_in(community), number=1, text="总体满意吗？", kind="scale")

    def create_payload(self, key):
        return {
            "survey": self.objects[key].survey_id,
            "number": 2,
            "text": "最满意的服务",
            "kind": "single",
            "choices": "环境\n治安",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "scale_max": 5, "satisfied_from": 4}

    def update_payload(self):
        return {"text": "您对社区工作总体满意吗？"}


class SampleScopeTests(ScopeMatrix, TestCase):
    model = models.Sample
    read_only = True
    export_key = "survey"

    @classmethod
    def make_object(cls, community):
        return models.Sample.objects.create(
            survey=survey_in(community), community=community, seed=7, population=0, size=0
        )
