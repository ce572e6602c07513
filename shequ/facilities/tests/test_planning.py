"""Planning acceptance (FAC-1) and upkeep (FAC-3): the four same-time steps in order and complete, the supporting
fee only where community housing falls short and never more collected than assessed, upkeep issues fixed after they
were found — each refused in Chinese on its field, in files with the row (issue #16 "Bad input")."""

from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase

from shequ.core.registers import declaration_of
from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.facilities.models import PlanningProject, UpkeepIssue
from shequ.places.models import ResidentialArea
from shequ.workorders import services
from shequ.workorders.models import Category
from shequ.workorders.testing import make_desk

URL = "/api/facilities/planning-projects/"


@time_machine.travel(NOW, tick=False)
class PlanningProjectTests(BoundsMixin, TestCase):
    model = PlanningProject

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.elsewhere = ResidentialArea.objects.create(community=cls.tree["C2"], name="蜂巢新村")

    def body(self, **changes):
        return {"community": self.tree["C1"].code, "name": "鸿山新苑", "required_area": "300", **changes}

    def test_the_four_steps_in_order_and_their_completeness(self):
        self.assert_api_refuses(
            URL,
            self.body(designed_on="2024-05-01", approved_on="2024-04-30"),
            "approved_on",
            "不得早于上一环节（2024-05-01）。",
        )
        self.assert_api_refuses(
            URL, self.body(built_on="2025-01-01", handed_over_on="2025-02-01"), "handed_over_on", "项目须先验收后移交。"
        )
        self.assert_api_refuses(URL, self.body(designed_on="2099-01-01"), "designed_on", "不得晚于 2031-11-30。")
        self.assert_api_refuses(URL, self.body(area=self.elsewhere.pk), "area", "该小区属于其他社区。", level="street")
        self.assert_api_refuses(URL, self.body(required_area="-1"), "required_area", "请确保该值大于或者等于 0。")
        steps = {"designed_on": "2024-01-10", "approved_on": "2024-03-01", "built_on": "2025-06-30"}
        response = self.assert_api_accepts(URL, self.body(**steps))
        project = PlanningProject.objects.get(pk=response.data["id"])
        self.assertEqual(project.steps_done, 3)
        project.accepted_on = date(2025, 9, 1)
        self.assertEqual(project.steps_done, 4)

    def test_the_supporting_fee(self):
        self.assert_api_refuses(
            URL,
            self.body(planned_area="300", fee_assessed="100000"),
            "fee_assessed",
            "已按要求规划社区用房的项目不收缴基础设施配套费。",
        )
        short = self.body(planned_area="0", fee_assessed="600000")
        self.assert_api_refuses(
            URL,
            {**short, "fee_collected": "600000.01", "fee_collected_on": "2026-01-05", "fee_account": "专户"},
            "fee_collected",
            "超过应缴配套费。",
        )
        self.assert_api_refuses(
            URL, {**short, "fee_collected": "1000", "fee_account": "专户"}, "fee_collected_on", "请填写配套费缴纳日期。"
        )
        self.assert_api_refuses(
            URL,
            {**short, "fee_collected": "1000", "fee_collected_on": "2026-01-05"},
            "fee_account",
            "请填写配套费缴入的专户。",
        )
        response = self.assert_api_accepts(
            URL, {**short, "fee_collected": "600000", "fee_collected_on": "2026-01-05", "fee_account": "市财政局专户"}
        )
        project = PlanningProject.objects.get(pk=response.data["id"])
        self.assertTrue(project.housing_short)
        self.assertEqual(project.fee_collected, Decimal("600000.00"))

    def test_imports_name_row_and_column(self):
        importer = declaration_of(PlanningProject).importer_class()
        headers = [column.header for column in importer.columns]
        row = dict.fromkeys(headers, "")
        row.update({"社区代码": "350203001001", "名称": "鸿山新苑", "社区用房应配建面积（平方米）": "300"})
        bad = {**row, "同步设计日期": "2024-05-01", "同步审批日期": "2024-04-01"}
        result, errors = self.run_import(importer, [headers, [bad[h] for h in headers]])
        self.assertEqual(errors, [(2, "同步审批日期", "不得早于上一环节（2024-05-01）。")])
        self.assertFalse(PlanningProject.objects.exists())
        result, errors = self.run_import(importer, [headers, [row[h] for h in headers]])
        self.assertEqual((errors, result.job.created_count), ([], 1))


@time_machine.travel(NOW, tick=False)
class UpkeepIssueTests(BoundsMixin, TestCase):
    model = UpkeepIssue

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.area = ResidentialArea.objects.create(community=cls.tree["C1"], name="鸿山花园")

    def test_fixed_after_found_and_work_orders_named(self):
        url = "/api/facilities/upkeep-issues/"
        body = {"area": self.area.pk, "standard": "water", "description": "水管漏水", "found_on": "2026-05-01"}
        self.assert_api_refuses(url, {**body, "fixed_on": "2026-04-30"}, "fixed_on", "不得早于发现日期（2026-05-01）。")
        self.assert_api_refuses(
            url, {**body, "found_on": "2099-01-01"}, "found_on", "不得是将来的日期（晚于 2026-11-30）。"
        )
        self.assert_api_refuses(url, {**body, "source": "work_order"}, "reference", "请填写工单编号。")
        self.assert_api_refuses(url, {**body, "standard": "weather"}, "standard", "“weather” 不是合法选项。")
        self.assert_api_refuses(
            url, {**body, "source": "work_order", "reference": "GD001"}, "reference", "本小区所在社区没有工单 GD001。"
        )
        make_desk(self.tree)
        number = services.submit(
            acting_user=self.tree.users["city"], source="phone", request_type="report",
            category=Category.objects.get(code="0101"), description="水管漏水", community=self.tree["C1"],
            phone="13812345678",
        )[0].number  # fmt: skip
        response = self.assert_api_accepts(url, {**body, "source": "work_order", "reference": number})
        self.assertEqual(response.data["division_code"], self.tree["C1"].code)
        self.assert_api_refuses(
            url, {**body, "source": "work_order", "reference": number}, "non_field_errors", "该问题已登记。"
        )
