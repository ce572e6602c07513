"""Implausible volunteer dates are refused (issue #12 "wrong answers", second bullet: "service on 9999-12-31";
ORG-5, DESIGN.md §11) through the API, the pages and the imports, which name the row and column."""

from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.volunteers.importers import ServiceRecordImporter, VolunteerImporter
from shequ.volunteers.models import ServiceRecord, Volunteer, VolunteerActivity

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"


@time_machine.travel(NOW, tick=False)
class VolunteerBoundTests(BoundsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.volunteer = Volunteer.objects.create(community=cls.tree["C1"], name="陈静", registered_on=date(2025, 3, 1))

    def test_registration(self):
        self.model = Volunteer
        body = {"community": self.tree["C1"].code, "name": "林海"}
        url = "/api/volunteers/volunteers/"
        self.assert_api_refuses(url, {**body, "registered_on": "2099-01-01"}, "registered_on", FUTURE)
        self.assert_api_refuses(url, {**body, "registered_on": "1989-12-31"}, "registered_on", "不得早于 1990-01-01。")
        self.assert_api_accepts(url, {**body, "registered_on": "2026-11-30"})
        page = {"community": self.tree["C1"].pk, "name": "王五", "skills": "", "registered_on": "2099-01-01"}
        self.assert_page_refuses("/volunteers/volunteers/add/", page, "registered_on", FUTURE)
        self.assert_page_accepts("/volunteers/volunteers/add/", {**page, "registered_on": "2026-01-01", "active": "on"})

    def test_service_and_activity(self):
        self.model = ServiceRecord
        url = "/api/volunteers/service-records/"
        body = {"volunteer": self.volunteer.pk, "hours": "2.5"}
        self.assert_api_refuses(url, {**body, "served_on": "9999-12-31"}, "served_on", FUTURE)
        self.assert_api_refuses(
            url, {**body, "served_on": "2026-05-01", "hours": "25"}, "hours", "请确保该值小于或者等于 24。"
        )
        self.assert_api_accepts(url, {**body, "served_on": "2026-05-01"})
        self.model = VolunteerActivity
        url = "/api/volunteers/activities/"
        body = {"community": self.tree["C1"].code, "title": "义诊"}
        self.assert_api_refuses(url, {**body, "held_on": "2099-01-01"}, "held_on", "不得晚于 2027-11-30。")
        self.assert_api_accepts(url, {**body, "held_on": "2027-03-05"})  # planned

    def test_imports_name_row_and_column(self):
        self.model = Volunteer
        header = ["社区代码", "姓名", "注册日期", "特长", "在册"]
        result, errors = self.run_import(
            VolunteerImporter,
            [header, ["350203001001", "林海", "2099-01-01", "", ""], ["350203001001", "王五", "1900-01-01", "", ""]],
        )
        self.assertEqual(errors, [(2, "注册日期", FUTURE), (3, "注册日期", "不得早于 1990-01-01。")])
        self.assertEqual(Volunteer.objects.count(), 1)
        result, errors = self.run_import(VolunteerImporter, [header, ["350203001001", "林海", "2026-11-30", "", ""]])
        self.assertEqual((errors, result.job.created_count), ([], 1))

        hours = ["社区代码", "志愿者姓名", "服务日期", "时长", "活动名称"]
        result, errors = self.run_import(
            ServiceRecordImporter, [hours, ["350203001001", "陈静", "9999-12-31", "2", ""]]
        )
        self.assertEqual(errors, [(2, "服务日期", FUTURE)])
        self.assertFalse(ServiceRecord.objects.exists())
        result, errors = self.run_import(
            ServiceRecordImporter, [hours, ["350203001001", "陈静", "2026-11-29", "2", ""]]
        )
        self.assertEqual((errors, ServiceRecord.objects.get().hours), ([], Decimal("2.0")))
