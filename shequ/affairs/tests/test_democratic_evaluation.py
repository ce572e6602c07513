"""The residents' democratic evaluation of the committee (民主评议, issue #17 item 6, SVC-6) on the survey machinery:
a survey's purpose and its filter, and on the community's affairs page exactly the closed evaluations of that
community with at least five answers from it, without free text."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.affairs.public import evaluations
from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Household
from shequ.surveys import models, services

# A fixed day at local noon: a module-level "today" read at import went stale when a run crossed midnight in
# Asia/Shanghai (16:00 UTC), and the survey of "today" was closed by the time its test ran.
TODAY = date(2026, 11, 16)
NOON = datetime(2026, 11, 16, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def survey(tree, title, purpose, closes_on):
    made = models.Survey.objects.create(
        division=tree["S1"], title=title, purpose=purpose, opens_on=closes_on - timedelta(days=20),
        closes_on=closes_on, margin=Decimal(10),
    )  # fmt: skip
    question = models.Question.objects.create
    question(survey=made, number=1, text="您对居委会工作满意吗？", kind="scale", satisfaction=True)
    question(survey=made, number=2, text="居委会最需改进", kind="single", choices="办事效率\n公开")
    question(survey=made, number=3, text="意见建议", kind="text")
    for key in ("C1", "C2"):
        services.draw_sample(acting_user=None, survey=made, community=tree[key], seed=7)
    return made


def answers(made, community, scale_values):
    for index, value in enumerate(scale_values):
        models.Answer.objects.create(
            survey=made, division_code=community.code, answered_on=made.closes_on,
            values={"1": value, "2": "办事效率" if index % 2 else "公开", "3": "居委会主任电话 13812345678"},
        )  # fmt: skip


@time_machine.travel(NOON, tick=True)
class DemocraticEvaluationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        for key in ("C1", "C2"):
            for n in range(10):
                Household.objects.create(community=cls.tree[key], number=f"{key}-{n}")
        c1, c2 = cls.tree["C1"], cls.tree["C2"]
        cls.closed = survey(cls.tree, "2026 年居委会民主评议", "democratic", TODAY - timedelta(days=1))
        answers(cls.closed, c1, [5, 4, 4, 3, 2])  # five from C1: shown
        answers(cls.closed, c2, [5, 5, 5, 5])  # four from C2: not
        cls.still_open = survey(cls.tree, "下半年民主评议", "democratic", TODAY)
        answers(cls.still_open, c1, [1, 1, 1, 1, 1])
        cls.satisfaction = survey(cls.tree, "物业满意度调查", "satisfaction", TODAY - timedelta(days=3))
        answers(cls.satisfaction, c1, [1, 1, 1, 1, 1])

    def page(self, key):
        return self.client.get("/portal/affairs/", {"community": self.tree[key].code})

    def test_only_closed_evaluations_with_five_answers_from_the_community(self):
        shown = evaluations(self.tree["C1"], TODAY)
        self.assertEqual([(s.title, n) for s, n, _rows in shown], [("2026 年居委会民主评议", 5)])
        rows = shown[0][2]
        self.assertEqual(
            [(r.question.number, r.counts, r.satisfied, r.mean) for r in rows],
            [
                (1, {5: 1, 4: 2, 3: 1, 2: 1}, Decimal("60.0"), Decimal("3.60")),
                (2, {"公开": 3, "办事效率": 2}, None, None),
            ],
        )
        self.assertEqual(evaluations(self.tree["C2"], TODAY), [])
        self.assertEqual(evaluations(self.tree["C3"], TODAY), [])  # not sampled

    def test_the_affairs_page_shows_them_in_chinese_without_free_text(self):
        response = self.page("C1")
        self.assertContains(response, "居民对居委会的民主评议")
        self.assertContains(response, f'data-survey="{self.closed.pk}"')
        self.assertContains(response, "答卷：5 份")
        self.assertContains(response, "满意 60.0%")
        for hidden in ("下半年民主评议", "物业满意度调查", "意见建议", "13812345678"):
            self.assertNotContains(response, hidden)
        response = self.page("C2")
        self.assertNotContains(response, "居民对居委会的民主评议")
        self.assertNotContains(response, "data-survey=")

    def test_surveys_are_filtered_by_purpose(self):
        api = APIClient()
        api.force_login(self.tree.users["street"])
        response = api.get("/api/surveys/surveys/", {"purpose": "democratic"})
        self.assertEqual(response.status_code, 200)
        titles = {row["title"] for row in response.data["results"]}
        self.assertEqual(titles, {"2026 年居委会民主评议", "下半年民主评议"})
        self.client.force_login(self.tree.users["street"])
        response = self.client.get("/surveys/surveys/", {"purpose": "satisfaction"})
        self.assertEqual([s.title for s in response.context["page"].object_list], ["物业满意度调查"])
