"""The visits' yearly coverage check (issue #17 item 6, SVC-6; DESIGN.md §8): exact statuses and values at the
boundaries of the twelve months and of the target, households per worker, the roll-up and the drill-down."""

from datetime import date

import time_machine
from django.test import TestCase, override_settings
from django.urls import reverse

from shequ.affairs.models import Visit
from shequ.core.checks import checks, rollup
from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Household
from shequ.workforce.choices import WorkerPosition
from shequ.workforce.models import CommunityWorker

TODAY = date(2026, 6, 30)
CHECK = "svc-6-visit-coverage"


class VisitCoverageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        c1, c2 = cls.tree["C1"], cls.tree["C2"]
        cls.h = [Household.objects.create(community=c1, number=f"H{i}") for i in range(4)]
        lone = Household.objects.create(community=c2, number="K1")
        for household, day in [
            (cls.h[0], date(2025, 6, 30)),  # the same day a year ago: within the twelve months
            (cls.h[1], date(2025, 6, 29)),  # the day before: not
            (cls.h[2], TODAY),
            (cls.h[2], date(2026, 1, 5)),  # a second visit counts the household once
            (cls.h[3], date(2026, 7, 1)),  # after the day of the check: not
            (lone, date(2026, 1, 1)),
        ]:
            Visit.objects.create(community=household.community, household=household, visited_on=day, visitor_name="陈")
        for name, active in (("甲", True), ("乙", True), ("丙", False)):
            CommunityWorker.objects.create(community=c1, name=name, position=WorkerPosition.WORKER, active=active)
        cls.communities = [cls.tree[key] for key in ("C1", "C2", "C3")]

    def evaluate(self):
        outcomes = checks[CHECK].evaluate(self.communities, TODAY)
        return {key: outcomes[self.tree[key].code] for key in ("C1", "C2", "C3")}

    def test_outcomes_at_the_boundaries(self):
        outcomes = self.evaluate()
        self.assertEqual(
            {key: (o.status, o.value, o.target) for key, o in outcomes.items()},
            {
                "C1": ("violation", "已走访 2 / 4 户（50.0%）；人均 2.0 户（在岗 2 人）", "每年走访 100% 的住户"),
                "C2": ("ok", "已走访 1 / 1 户（100.0%）；无在岗社区工作者", "每年走访 100% 的住户"),
                "C3": ("unknown", "未登记住户", "每年走访 100% 的住户"),
            },
        )
        street = [self.tree["C1"].code, self.tree["C2"].code]
        self.assertEqual(rollup(checks[CHECK].evaluate(self.communities, TODAY), street), {
            "ok": 1, "violation": 1, "unknown": 0,
        })  # fmt: skip

    @override_settings(SHEQU_VISIT_COVERAGE_TARGET=50)
    def test_the_target_is_a_setting_and_met_exactly_at_it(self):
        outcome = self.evaluate()["C1"]
        self.assertEqual((outcome.status, outcome.target), ("ok", "每年走访 50% 的住户"))

    @override_settings(SHEQU_VISIT_COVERAGE_TARGET=51)
    def test_just_below_the_target_breaks_the_rule(self):
        self.assertEqual(self.evaluate()["C1"].status, "violation")

    def test_drill_down_is_the_households_not_visited_within_scope(self):
        check = checks[CHECK]
        c1 = self.tree["C1"]
        self.assertEqual(list(check.records(c1, self.tree.users["community"], TODAY)), [self.h[1], self.h[3]])
        self.assertEqual(list(check.records(c1, self.tree.users["unpermitted"], TODAY)), [])
        self.client.force_login(self.tree.users["community"])
        with time_machine.travel(TODAY, tick=False):
            response = self.client.get(reverse("cockpit:check_detail", args=[CHECK, c1.code]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "已走访 2 / 4 户（50.0%）；人均 2.0 户（在岗 2 人）")
        self.assertContains(response, f'href="{self.h[1].get_absolute_url()}"')
        self.assertNotContains(response, f'href="{self.h[0].get_absolute_url()}"')
