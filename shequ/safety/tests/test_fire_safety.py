"""Fire safety and campaigns (issue #17 item 5, GOV-5): inspections with hazards, rectification deadlines and
re-inspection; legal-publicity activities and campaigns with their reach. Scope matrices, the rules refused in
Chinese naming the field with nothing written, and the open / overdue hazards."""

from datetime import date

import time_machine
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.scope import ScopeMatrix
from shequ.safety import models
from shequ.safety.choices import ReinspectionResult

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"


def inspection_in(community, place="鸿山路 12 号小吃店", **fields):
    values = {"place_kind": "small_venue", "inspected_on": date(2026, 3, 1), "inspectors": "郑警官", **fields}
    return models.FireInspection.objects.create(community=community, place=place, **values)


class FireInspectionScopeTests(ScopeMatrix, TestCase):
    model = models.FireInspection
    export_key = "place"

    @classmethod
    def make_object(cls, community):
        return inspection_in(community, place=f"小吃店{community.pk}")

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "place": "新开小超市",
            "place_kind": "small_venue",
            "inspected_on": "2026-03-05",
            "inspectors": "陈干部",
            "hazard_count": 1,
            "hazards": "灭火器过期",
            "rectify_by": "2026-03-20",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"inspectors": "郑警官、陈干部"}


class SafetyActivityScopeTests(ScopeMatrix, TestCase):
    model = models.SafetyActivity
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return models.SafetyActivity.objects.create(
            community=community, kind="legal_publicity", title=f"宪法宣传{community.pk}", held_on=date(2026, 3, 1)
        )

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "kind": "vice",
            "title": "禁毒知识讲座",
            "held_on": "2026-03-02",
            "reach": 60,
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"reach": 80}


@time_machine.travel(NOW, tick=False)
class FireInspectionRuleTests(BoundsMixin, TestCase):
    model = models.FireInspection
    url = "/api/safety/fire-inspections/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def body(self, **fields):
        return {
            "community": self.tree["C1"].code,
            "place": "鸿山花园",
            "place_kind": "residential_area",
            "inspected_on": "2026-11-01",
            "inspectors": "陈干部",
            **fields,
        }

    def test_hazards_need_a_deadline_not_before_the_inspection(self):
        self.assert_api_refuses(self.url, self.body(hazard_count=2), "rectify_by", "发现隐患时须填写整改期限。")
        self.assert_api_refuses(
            self.url, self.body(hazard_count=2, rectify_by="2026-10-01"), "rectify_by", "整改期限不能早于检查日期。"
        )
        self.assert_api_refuses(self.url, self.body(inspected_on="2099-01-01"), "inspected_on", FUTURE)
        self.assert_api_refuses(self.url, self.body(hazard_count=1000), "hazard_count", "请确保该值小于或者等于 999。")

    def test_reinspection_needs_its_date_result_and_hazards(self):
        with_hazards = self.body(hazard_count=1, rectify_by="2026-11-15")
        self.assert_api_refuses(
            self.url, {**with_hazards, "reinspection_result": "rectified"}, "reinspected_on", "请填写复查日期。"
        )
        self.assert_api_refuses(
            self.url, {**with_hazards, "reinspected_on": "2026-11-10"}, "reinspection_result", "请填写复查结果。"
        )
        self.assert_api_refuses(
            self.url,
            {**with_hazards, "reinspected_on": "2026-10-10", "reinspection_result": "rectified"},
            "reinspected_on",
            "复查日期不能早于检查日期。",
        )
        self.assert_api_refuses(
            self.url,
            self.body(reinspected_on="2026-11-10", reinspection_result="rectified"),
            "reinspected_on",
            "未发现隐患，无需复查。",
        )
        self.assert_api_accepts(
            self.url, {**with_hazards, "reinspected_on": "2026-11-10", "reinspection_result": "rectified"}
        )

    def test_open_and_overdue_hazards(self):
        c1 = self.tree["C1"]
        fixed = inspection_in(
            c1,
            place="甲",
            hazard_count=1,
            rectify_by=date(2026, 3, 10),
            reinspected_on=date(2026, 3, 9),
            reinspection_result=ReinspectionResult.RECTIFIED,
        )
        late = inspection_in(c1, place="乙", hazard_count=2, rectify_by=date(2026, 3, 10))
        failed = inspection_in(
            c1,
            place="丙",
            hazard_count=1,
            rectify_by=date(2026, 12, 10),
            reinspected_on=date(2026, 11, 2),
            reinspection_result=ReinspectionResult.NOT_RECTIFIED,
        )
        inspection_in(c1, place="丁")  # nothing found
        inspections = models.FireInspection.objects.unscoped("test")
        self.assertEqual(set(inspections.open_hazards()), {late, failed})
        self.assertEqual(list(inspections.overdue(date(2026, 11, 30))), [late])
        self.assertNotIn(fixed, inspections.open_hazards())


@time_machine.travel(NOW, tick=False)
class SafetyActivityRuleTests(BoundsMixin, TestCase):
    model = models.SafetyActivity
    url = "/api/safety/activities/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_reach_and_date_are_bounded(self):
        body = {"community": self.tree["C1"].code, "kind": "cults", "title": "反邪教宣传", "held_on": "2026-11-02"}
        self.assert_api_refuses(self.url, {**body, "reach": 1_000_001}, "reach", "请确保该值小于或者等于 1000000。")
        self.assert_api_refuses(self.url, {**body, "reach": -1}, "reach", "请确保该值大于或者等于 0。")
        self.assert_api_refuses(self.url, {**body, "held_on": "2099-01-01"}, "held_on", FUTURE)
        self.assert_api_accepts(self.url, {**body, "reach": 300})
