"""The survey-satisfaction indicator counts satisfaction rounds only (EVAL-1): a democratic evaluation of the
committee (民主评议, SVC-6) runs on the same survey machinery but is not the evaluation's measure."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.evaluation.indicators import survey_satisfaction
from shequ.surveys import models

DAY = date(2026, 6, 30)


class SurveyIndicatorTests(TestCase):
    def round(self, tree, purpose, values):
        survey = models.Survey.objects.create(
            division=tree["S1"], title=f"{purpose} 2026", opens_on=DAY, closes_on=DAY, margin=Decimal(10),
            purpose=purpose,
        )  # fmt: skip
        models.Question.objects.create(survey=survey, number=1, text="满意吗？", kind="scale", satisfaction=True)
        for value in values:
            models.Answer.objects.create(
                survey=survey, division_code=tree["C1"].code, answered_on=DAY, values={"1": value}
            )

    def test_only_satisfaction_rounds_count(self):
        tree = build_tree()
        self.round(tree, "democratic", [5, 5, 5, 5, 5])
        start, end = date(2026, 1, 1), date(2026, 12, 31)
        self.assertIsNone(survey_satisfaction([tree["C1"]], start, end)[tree["C1"].code].value)
        self.round(tree, "satisfaction", [5, 5, 4, 2, 1])
        self.assertEqual(survey_satisfaction([tree["C1"]], start, end)[tree["C1"].code].value, Decimal("60.00"))
