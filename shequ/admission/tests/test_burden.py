"""The burden measured (issue #15, ADM-1): exact counts and hours per community, department and kind for a month,
the trend and the heaviest departments, restricted to the jurisdiction, and the Excel export."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import time_machine
from django.test import TestCase

from shequ.accounts.models import Department
from shequ.admission import burden
from shequ.admission.choices import ItemKind, ItemStatus
from shequ.admission.models import AdmittedItem, CommunityRequest
from shequ.core.testing.fixtures import build_tree


@time_machine.travel(date(2026, 11, 30), tick=False)
class BurdenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        civil = Department.objects.create(division=cls.tree["D1"], name="民政局")
        safety = Department.objects.create(division=cls.tree["city"], name="应急管理局")
        items = {}
        for department, kind in ((civil, ItemKind.LEDGER), (civil, ItemKind.MEETING), (safety, ItemKind.INSPECTION)):
            items[(department.name, kind)] = AdmittedItem.objects.create(
                department=department,
                code=f"{department.pk}-{kind}",
                name=kind,
                kind=kind,
                legal_basis="依据",
                valid_from=date(2025, 1, 1),
                status=ItemStatus.PUBLISHED,
            )
        rows = [  # community, department, kind, sent on, hours
            ("C1", "民政局", ItemKind.LEDGER, date(2026, 10, 3), "2.5"),
            ("C1", "民政局", ItemKind.LEDGER, date(2026, 10, 31), "1.0"),
            ("C1", "民政局", ItemKind.MEETING, date(2026, 10, 15), None),
            ("C1", "应急管理局", ItemKind.INSPECTION, date(2026, 10, 20), "4.0"),
            ("C2", "应急管理局", ItemKind.INSPECTION, date(2026, 10, 1), "6.0"),
            ("C4", "应急管理局", ItemKind.INSPECTION, date(2026, 10, 9), "5.0"),
            ("C1", "民政局", ItemKind.LEDGER, date(2026, 9, 30), "9.0"),  # the month before
            ("C1", "民政局", ItemKind.LEDGER, date(2026, 11, 1), "9.0"),  # the month after
        ]
        for key, department, kind, day, hours in rows:
            CommunityRequest.objects.create(
                community=cls.tree[key],
                item=items[(department, kind)],
                title="事项",
                sent_on=day,
                hours=Decimal(hours) if hours else None,
            )

    def test_counts_and_hours_for_october(self):
        requests = CommunityRequest.objects.restrict(self.tree.users["street"])
        rows = burden.burden(requests, date(2026, 10, 1))
        self.assertEqual(
            [(r.community_code, r.department, r.count_list(), r.total, r.hours) for r in rows],
            [
                ("350203001001", "应急管理局", [0, 1, 0, 0, 0, 0], 1, Decimal("4.0")),
                ("350203001001", "民政局", [0, 0, 0, 1, 2, 0], 3, Decimal("3.5")),
                ("350203001004", "应急管理局", [0, 1, 0, 0, 0, 0], 1, Decimal("6.0")),
            ],
        )
        self.assertEqual(
            burden.heaviest(requests, date(2026, 10, 1)),
            [("民政局", 3, Decimal("3.5")), ("应急管理局", 2, Decimal("10.0"))],
        )
        trend = burden.trend(requests, date(2026, 11, 1), months=3)
        self.assertEqual(
            trend,
            [
                (date(2026, 9, 1), 1, Decimal("9.0")),
                (date(2026, 10, 1), 5, Decimal("13.5")),
                (date(2026, 11, 1), 1, Decimal("9.0")),
            ],
        )

    def test_page_and_excel_hold_only_the_jurisdiction(self):
        self.client.force_login(self.tree.users["street"])
        response = self.client.get("/admission/burden/", {"month": "2026-10"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["rows"]), 3)
        self.assertNotContains(response, "湖里社区")
        response = self.client.get("/admission/burden/", {"month": "2026-10", "division": self.tree["C1"].code})
        self.assertEqual([r.total for r in response.context["rows"]], [1, 3])
        response = self.client.get("/admission/burden/", {"month": "2026-10", "division": self.tree["C4"].code})
        self.assertEqual(response.status_code, 404)
        response = self.client.get("/admission/burden/", {"month": "2026-10", "export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(
            values[0],
            [
                "社区代码",
                "社区",
                "部门",
                "工作任务",
                "检查考核",
                "评比达标",
                "会议",
                "台账",
                "报表",
                "合计",
                "耗用工时（小时）",
            ],
        )
        self.assertEqual(
            values[1:],
            [
                ["350203001001", "鸿山社区居委会", "应急管理局", 0, 1, 0, 0, 0, 0, 1, 4],
                ["350203001001", "鸿山社区居委会", "民政局", 0, 0, 0, 1, 2, 0, 3, 3.5],
                ["350203001004", "蜂巢山社区居委会", "应急管理局", 0, 1, 0, 0, 0, 0, 1, 6],
            ],
        )
        self.client.force_login(self.tree.users["unpermitted"])
        self.assertEqual(self.client.get("/admission/burden/").status_code, 403)


class SeedTests(TestCase):
    def test_seed_publishes_items_and_a_year_of_requests_once(self):
        from django.core.management import call_command

        tree = build_tree()
        with time_machine.travel(date(2026, 11, 30), tick=False):
            call_command("seed_admission", "--city", "350200000000", "--if-empty", stdout=io.StringIO())
            call_command("seed_admission", "--city", "350200000000", "--if-empty", stdout=io.StringIO())
        self.assertEqual(AdmittedItem.objects.published().count(), 6)
        requests = CommunityRequest.objects.restrict(tree.users["city"])
        self.assertEqual(requests.count(), 82)  # every ninth day of a year, in each of 厦港街道's two communities
        self.assertEqual(set(requests.values_list("community__code", flat=True)), {"350203001001", "350203001004"})
        self.assertTrue(all(r.department_id == r.item.department_id for r in requests.select_related("item")))
