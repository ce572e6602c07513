"""The subsidy standard (issue #15, FIN-2): next year's minimum at the gap's boundaries with rates of 10 % and
20 %, the registered policy checks with their drill-down, and wages and rates outside sane bounds refused."""

from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.core.checks import Status, checks
from shequ.core.testing.fixtures import build_tree
from shequ.funding.models import SocialWage, WorkerPay
from shequ.funding.services import required_minimum
from shequ.workforce.models import CommunityWorker

WAGE = Decimal("120000.00")


class RequiredMinimumTests(TestCase):
    def test_boundaries_at_ten_and_twenty_percent(self):
        cases = [  # subsidy, minimum at 10 %, minimum at 20 %
            ("120000.00", "120000.00", "120000.00"),  # at the wage: nothing to catch up
            ("125000.00", "125000.00", "125000.00"),  # above it
            ("119999.99", "120000.00", "120000.00"),  # a fen below: the share rounds up to the fen
            ("119990.00", "119991.00", "119992.00"),  # ten yuan below
            ("60000.00", "66000.00", "72000.00"),  # far below: half the wage
            ("0.00", "12000.00", "24000.00"),
        ]
        for subsidy, at_ten, at_twenty in cases:
            with self.subTest(subsidy=subsidy):
                self.assertEqual(required_minimum(Decimal(subsidy), WAGE, Decimal("10")), Decimal(at_ten))
                self.assertEqual(required_minimum(Decimal(subsidy), WAGE, Decimal("20")), Decimal(at_twenty))


@time_machine.travel(date(2026, 3, 1), tick=False)
class SubsidyCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        SocialWage.objects.create(division=cls.tree["city"], year=2025, average_wage=WAGE, catch_up_rate=Decimal("15"))
        SocialWage.objects.create(division=cls.tree["city"], year=2027, average_wage=Decimal("999999"))  # not yet

        def pay(key, name, subsidy, insured=True, active=True):
            worker = CommunityWorker.objects.create(
                community=cls.tree[key], name=name, position="worker", active=active
            )
            return WorkerPay.objects.create(
                worker=worker, year=2025, living_subsidy=Decimal(subsidy), social_insurance=insured
            )

        pay("C1", "陈静", "120000.00")
        cls.below = pay("C1", "林海", "119999.99", insured=False)
        pay("C1", "王五", "50000.00", active=False)  # left the post: not counted
        pay("C2", "张三", "130000.00")

    def test_outcomes_and_drill_down(self):
        communities = [self.tree[key] for key in ("C1", "C2", "C3")]
        today = date(2026, 3, 1)
        floor = checks["fin-2-subsidy-floor"].evaluate(communities, today)
        c1 = floor["350203001001"]
        self.assertEqual(
            (c1.status, c1.value, c1.target, c1.detail),
            (
                Status.VIOLATION,
                "2 人中 1 人低于",
                "不低于 120000.00 元（2025 年）",
                ["林海：119999.99 元，明年至少 120000.00 元"],
            ),
        )
        self.assertEqual((floor["350203001004"].status, floor["350203001004"].value), (Status.OK, "1 人中 0 人低于"))
        self.assertEqual(
            (floor["350203003001"].status, floor["350203003001"].value), (Status.UNKNOWN, "未录入 2025 年的生活补贴")
        )
        insurance = checks["fin-2-social-insurance"].evaluate(communities, today)
        self.assertEqual(
            (insurance["350203001001"].status, insurance["350203001001"].detail), (Status.VIOLATION, ["林海"])
        )
        self.assertEqual(insurance["350203001004"].status, Status.OK)
        records = checks["fin-2-subsidy-floor"].records(self.tree["C1"], self.tree.users["community"], today)
        self.assertEqual(list(records), [self.below])
        self.assertEqual(
            list(checks["fin-2-subsidy-floor"].records(self.tree["C1"], self.tree.users["unpermitted"], today)), []
        )

    def test_no_wage_is_unknown(self):
        SocialWage.objects.all().delete()
        outcome = checks["fin-2-subsidy-floor"].evaluate([self.tree["C1"]], date(2026, 3, 1))["350203001001"]
        self.assertEqual((outcome.status, outcome.value), (Status.UNKNOWN, "未录入社会平均工资"))

    def test_wages_and_rates_outside_bounds_are_refused(self):
        api = APIClient()
        api.force_login(self.tree.users["city"])
        body = {"division": self.tree["city"].code, "year": 2024, "average_wage": "118000.00", "catch_up_rate": "10"}
        for field, value, message in (
            ("catch_up_rate", "100.01", "请确保该值小于或者等于 100.00。"),
            ("catch_up_rate", "-1", "请确保该值大于或者等于 0.00。"),
            ("average_wage", "9999.99", "请确保该值大于或者等于 10000.00。"),
            ("average_wage", "1000000.01", "请确保该值小于或者等于 1000000.00。"),
            ("year", 2101, "请确保该值小于或者等于 2100。"),
        ):
            with self.subTest(field=field, value=value):
                response = api.post("/api/funding/social-wages/", {**body, field: value}, format="json")
                self.assertEqual((response.status_code, response.data), (400, {field: [message]}))
        self.assertEqual(SocialWage.objects.count(), 2)
        self.assertEqual(api.post("/api/funding/social-wages/", body, format="json").status_code, 201)
