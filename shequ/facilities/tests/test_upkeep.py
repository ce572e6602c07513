"""Upkeep against 路平、灯明、水通、安全、卫生 (issue #16 item 3, FAC-3): rates per area and the monthly trend with
exact values; an issue reported as a work order names a real order of the area's community and is fixed when the order
closes (the hourly job)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.facilities import upkeep
from shequ.facilities.models import UpkeepIssue
from shequ.places.models import ResidentialArea
from shequ.workorders import services as orders
from shequ.workorders.choices import OrderStatus, Source
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk

TODAY = date(2026, 11, 30)
TZ = ZoneInfo("Asia/Shanghai")


@time_machine.travel(datetime(2026, 11, 30, 10, tzinfo=TZ), tick=False)
class UpkeepTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.hongshan = ResidentialArea.objects.create(community=cls.tree["C1"], name="鸿山花园")
        cls.dasheng = ResidentialArea.objects.create(community=cls.tree["C1"], name="大生里")
        issue = UpkeepIssue.objects.create
        issue(
            area=cls.hongshan,
            standard="roads",
            description="路面塌陷",
            found_on=date(2026, 10, 3),
            fixed_on=date(2026, 10, 13),
        )
        issue(
            area=cls.hongshan,
            standard="lights",
            description="路灯不亮",
            found_on=date(2026, 11, 2),
            fixed_on=date(2026, 11, 4),
        )
        issue(area=cls.hongshan, standard="lights", description="楼道灯坏", found_on=date(2026, 11, 20))
        issue(area=cls.dasheng, standard="sanitation", description="垃圾满溢", found_on=date(2026, 11, 5))
        issue(area=cls.dasheng, standard="roads", description="去年的问题", found_on=date(2025, 10, 1))  # outside

    def test_rates_per_area_most_open_first(self):
        rates = upkeep.area_rates(UpkeepIssue.objects.all(), TODAY)
        self.assertEqual(
            [(r.area.name, r.found, r.fixed, r.open, r.rate, r.mean_days) for r in rates],
            [
                ("鸿山花园", 3, 2, 1, Decimal("66.7"), Decimal("6.0")),
                ("大生里", 1, 0, 1, Decimal("0.0"), None),
            ],
        )

    def test_the_monthly_trend_by_standard(self):
        rows = upkeep.trend(UpkeepIssue.objects.all(), TODAY)
        self.assertEqual([r["month"] for r in rows][:2] + [rows[-1]["month"]], ["2025-12", "2026-01", "2026-11"])
        self.assertEqual(rows[-2], {"month": "2026-10", "found": 1, "fixed": 1, "by_standard": [1, 0, 0, 0, 0]})
        self.assertEqual(rows[-1], {"month": "2026-11", "found": 3, "fixed": 1, "by_standard": [0, 2, 0, 0, 1]})

    def test_the_page_shows_them_within_scope(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.get("/facilities/upkeep/")
        self.assertEqual([r.area.name for r in response.context["rates"]], ["鸿山花园", "大生里"])
        self.assertContains(response, "66.7")
        self.client.force_login(self.tree.users["unpermitted"])
        self.assertEqual(self.client.get("/facilities/upkeep/").status_code, 403)

    def test_an_issue_from_a_work_order_follows_it_to_its_closing(self):
        order = orders.submit(
            acting_user=self.tree.users["city"], source=Source.PHONE, request_type="report",
            category=self.desk.child, description="路灯不亮", community=self.tree["C1"], phone="13812345678",
        )[0]  # fmt: skip
        bad = UpkeepIssue(area=self.dasheng, standard="lights", source="work_order", reference="0000",
                          description="x", found_on=TODAY)  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            bad.full_clean()
        self.assertEqual(caught.exception.message_dict, {"reference": ["本小区所在社区没有工单 0000。"]})
        issue = UpkeepIssue(area=self.dasheng, standard="lights", source="work_order", reference=order.number,
                            description="东门路灯不亮", found_on=TODAY)  # fmt: skip
        issue.full_clean()
        issue.save()
        self.assertEqual(upkeep.sync_from_orders(), 0)
        WorkOrder.objects.unscoped("test").filter(pk=order.pk).update(
            status=OrderStatus.CLOSED, closed_at=datetime(2026, 12, 2, 9, tzinfo=TZ)
        )
        self.assertEqual(upkeep.sync_from_orders(), 1)
        issue.refresh_from_db()
        self.assertEqual((issue.fixed_on, issue.fix_note), (date(2026, 12, 2), f"工单 {order.number} 已办结"))
        self.assertEqual(upkeep.sync_from_orders(), 0)
