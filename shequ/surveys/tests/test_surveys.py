"""Satisfaction surveys (issue #14 item 2): the sample size for a margin, the reproducible draw, single-use tokens,
answering without an account, answers never linkable, results only from five answers with their margin of error, and
survey satisfaction as an evaluation indicator."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.evaluation.indicators import measure
from shequ.people.models import Household
from shequ.surveys import models, services

# A fixed day at local noon: a module-level "today" read at import went stale when a run crossed midnight in
# Asia/Shanghai (16:00 UTC), and the survey of "today" was closed by the time its test ran.
TODAY = date(2026, 11, 16)
NOON = datetime(2026, 11, 16, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class SampleSizeTests(TestCase):
    def test_sample_size_for_a_margin_of_error(self):
        # n₀ = 1.96² × 0.25 / 0.05² = 384.16; n = 384.16 / (1 + 383.16 / N)
        self.assertEqual(services.sample_size(1000, Decimal(5)), 278)
        self.assertEqual(services.sample_size(100, Decimal(5)), 80)
        self.assertEqual(services.sample_size(100_000, Decimal(5)), 383)
        self.assertEqual(services.sample_size(500, Decimal(10)), 81)
        self.assertEqual(services.sample_size(3, Decimal(5)), 3)
        self.assertEqual(services.sample_size(0, Decimal(5)), 0)

    def test_margin_of_error(self):
        # 1.96 × √(0.5 × 0.5 / 100) = 9.8 points; with N = 1000: × √(900 / 999) = 9.3
        self.assertEqual(services.margin_of_error(0.5, 100, None), Decimal("9.8"))
        self.assertEqual(services.margin_of_error(0.5, 100, 1000), Decimal("9.3"))


@time_machine.travel(NOON, tick=True)
class SurveyTests(TestCase):
    def setUp(self):
        self.tree = build_tree()
        self.users = self.tree.users
        for n in range(1, 21):
            Household.objects.create(community=self.tree["C1"], number=f"1-{n:03d}")
        self.survey = models.Survey.objects.create(
            division=self.tree["S1"], title="2026 年满意度测评", opens_on=TODAY, closes_on=TODAY, margin=Decimal(10)
        )
        self.q1 = models.Question.objects.create(
            survey=self.survey, number=1, text="您对社区工作总体满意吗？", kind="scale", satisfaction=True
        )
        models.Question.objects.create(
            survey=self.survey, number=2, text="最满意的服务", kind="single", choices="环境卫生\n治安巡逻"
        )
        models.Question.objects.create(survey=self.survey, number=3, text="意见建议", kind="text")

    def draw(self, seed=42):
        return services.draw_sample(
            acting_user=self.users["street"], survey=self.survey, community=self.tree["C1"], seed=seed
        )

    def test_the_draw_is_reproducible_from_its_seed(self):
        sample = self.draw()
        # 20 households at ±10 %: n₀ = 96.04, n = 96.04 / (1 + 95.04 / 20) = 16.7 → 17
        self.assertEqual((sample.population, sample.size, sample.seed, len(sample.households)), (20, 17, 42, 17))
        self.assertEqual(
            models.Token.objects.filter(survey=self.survey, division_code=self.tree["C1"].code).count(), 17
        )
        first = list(sample.households)
        sample.delete()
        models.Token.objects.all().delete()
        self.assertEqual(self.draw().households, first)
        models.Sample.objects.all().delete()
        self.assertNotEqual(self.draw(seed=43).households, first)

    def test_a_community_outside_the_survey_or_drawn_twice_is_refused(self):
        self.draw()
        with self.assertRaises(services.ValidationError):
            self.draw()
        with self.assertRaises(services.ValidationError):
            services.draw_sample(acting_user=None, survey=self.survey, community=self.tree["C3"])

    def answer(self, code, scale, choice="环境卫生", text=""):
        return self.client.post(f"/portal/answer/{code}/", {"q1": str(scale), "q2": choice, "q3": text})

    def test_answering_by_token_once_and_never_linkable(self):
        self.draw()
        code = models.Token.objects.first().code
        response = self.client.get(f"/portal/answer/{code}/")
        self.assertContains(response, "您对社区工作总体满意吗？")
        response = self.answer(code, 5, text="路灯坏了")
        self.assertContains(response, "感谢您的参与")
        answer = models.Answer.objects.get()
        self.assertEqual(
            (answer.division_code, answer.values), (self.tree["C1"].code, {"1": 5, "2": "环境卫生", "3": "路灯坏了"})
        )
        self.assertEqual(
            {f.name for f in models.Answer._meta.fields}, {"id", "survey", "division_code", "answered_on", "values"}
        )  # no token, household or time
        response = self.answer(code, 1)  # the same token again: refused, nothing recorded
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "该答题码已使用", status_code=410)
        response = self.answer("no-such-code", 1)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(models.Answer.objects.count(), 1)

    def test_a_closed_survey_and_bad_answers_record_nothing(self):
        self.draw()
        code = models.Token.objects.first().code
        response = self.answer(code, 9)  # off the 1–5 scale
        self.assertEqual(response.status_code, 400)
        response = self.answer(code, 3, choice="不存在的选项")
        self.assertEqual(response.status_code, 400)
        models.Survey.objects.filter(pk=self.survey.pk).update(opens_on=date(2026, 1, 1), closes_on=date(2026, 1, 2))
        response = self.answer(code, 3)
        self.assertContains(response, "该调查已于 2026-01-02 截止", status_code=410)
        self.assertEqual((models.Answer.objects.count(), models.Token.objects.filter(used=True).count()), (0, 0))

    def test_five_answers_show_a_result_four_do_not(self):
        self.draw()
        codes = list(models.Token.objects.values_list("code", flat=True))
        for code, scale in zip(codes[:4], (5, 4, 2, 5), strict=True):
            self.answer(code, scale)
        answered, rows = services.results(self.survey, self.tree["C1"].prefix)
        self.assertEqual((answered, [r.shown for r in rows]), (4, [False, False, False]))
        self.client.force_login(self.users["street"])
        response = self.client.get(f"/surveys/surveys/{self.survey.pk}/")
        self.assertNotContains(response, 'class="result-shown"')
        self.answer(codes[4], 3)
        answered, rows = services.results(self.survey, self.tree["C1"].prefix)
        scale = rows[0]
        # 3 of 5 at 4 or above: 60 %; ± 1.96 × √(0.6 × 0.4 / 5) × √(15 / 19) = 38.2
        self.assertEqual(
            (answered, scale.shown, scale.satisfied, scale.mean, scale.margin, scale.counts),
            (5, True, Decimal("60.0"), Decimal("3.80"), Decimal("38.2"), {5: 2, 4: 1, 2: 1, 3: 1}),
        )
        self.assertEqual(rows[1].counts, {"环境卫生": 5})
        response = self.client.get(f"/surveys/surveys/{self.survey.pk}/")
        self.assertContains(response, "60.0% ± 38.2")

        result = measure("survey-satisfaction", [self.tree["C1"], self.tree["C2"]], date(TODAY.year, 1, 1), TODAY)
        self.assertEqual(
            (result[self.tree["C1"].code].value, result[self.tree["C2"].code].value), (Decimal("60.00"), None)
        )

    def test_charts_show_only_the_results_shown(self):
        self.draw()
        codes = list(models.Token.objects.values_list("code", flat=True))
        for code, scale in zip(codes[:4], (5, 4, 2, 5), strict=True):
            self.answer(code, scale)
        self.client.force_login(self.users["street"])
        response = self.client.get(f"/surveys/surveys/{self.survey.pk}/")
        self.assertEqual((response.context["charts"], response.context["chart_list"]), ({}, []))
        self.assertNotContains(response, "survey-charts-data")
        self.answer(codes[4], 3)  # the fifth answer: 5, 4, 2, 5, 3 — 3 of 5 satisfied, 60.0 % ± 38.2
        response = self.client.get(f"/surveys/surveys/{self.survey.pk}/")
        street, community = self.tree["S1"].name, self.tree["C1"].name
        self.assertEqual(
            response.context["charts"],
            {
                "q1": {
                    "names": ["1", "2", "3", "4", "5"],
                    "series": [{"name": "答卷", "type": "bar", "data": [0, 1, 1, 1, 2]}],
                    "integer": True,
                },
                "q2": {
                    "names": ["环境卫生", "治安巡逻"],
                    "series": [{"name": "答卷", "type": "bar", "data": [5, 0]}],
                    "integer": True,
                },
                "s1": {
                    "names": [street, community],
                    "series": [
                        {"name": "满意率（%）", "type": "bar", "data": [60.0, 60.0]},
                        {"name": "误差下限", "type": "scatter", "data": [21.8, 21.8]},
                        {"name": "误差上限", "type": "scatter", "data": [98.2, 98.2]},
                    ],
                    "max": 100,
                },
            },
        )  # question 3 (free text): no chart
        self.assertEqual(
            response.context["chart_list"],
            [
                ("q1", "各选项答卷数：1. 您对社区工作总体满意吗？"),
                ("s1", "满意率及误差范围：1. 您对社区工作总体满意吗？"),
                ("q2", "各选项答卷数：2. 最满意的服务"),
            ],
        )
        self.assertContains(response, '<script id="survey-charts-data" type="application/json">')
        self.assertContains(response, 'data-source="survey-charts-data" data-chart="s1"')
        self.assertContains(response, "shequ/charts.js")

    def test_slips_carry_a_qr_code_of_the_answering_link(self):
        sample = self.draw()
        self.client.force_login(self.users["street"])
        response = self.client.get(f"/surveys/samples/{sample.pk}/slips/")
        self.assertEqual(len(response.context["slips"]), 17)
        code, url, svg = response.context["slips"][0]
        self.assertEqual(url, f"http://testserver/portal/answer/{code}/")
        self.assertTrue(svg.startswith("<svg"))
        self.client.force_login(self.users["community"])  # a community does not survey itself
        self.assertEqual(self.client.get(f"/surveys/samples/{sample.pk}/slips/").status_code, 403)
