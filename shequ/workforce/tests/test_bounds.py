"""Implausible workforce values are refused (issue #12 "wrong answers", second bullet; WF-1…WF-3, DESIGN.md §11):
hires far ahead, recruitment and awards in the future, courses in 2099, hours of a course not yet started, a round
with 30,000 posts — through the API, the pages and the imports."""

from datetime import date
from decimal import Decimal

import time_machine
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.workforce.importers import CommunityWorkerImporter, TrainingAttendanceImporter
from shequ.workforce.models import (
    Commendation,
    CommunityWorker,
    RecruitmentRound,
    TrainingAttendance,
    TrainingCourse,
)

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"
NOT_STARTED = "培训班尚未开班，不能有已完成学时。"


@time_machine.travel(NOW, tick=False)
class WorkforceBoundTests(BoundsMixin, TestCase):
    level = "street"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.worker = CommunityWorker.objects.create(community=cls.tree["C1"], name="王芳", position="director")
        cls.past = TrainingCourse.objects.create(
            division=cls.tree["S1"], title="社区书记培训班", starts_on=date(2026, 4, 1), hours=Decimal(24)
        )
        cls.coming = TrainingCourse.objects.create(
            division=cls.tree["S1"], title="网格员培训班", starts_on=date(2027, 3, 1), hours=Decimal(24)
        )

    def test_hire_within_three_months(self):
        self.model = CommunityWorker
        url = "/api/workforce/workers/"
        body = {"community": self.tree["C1"].code, "name": "李强", "position": "worker"}
        self.assert_api_refuses(url, {**body, "hired_on": "2027-03-01"}, "hired_on", "不得晚于 2027-02-28。")
        self.assert_api_accepts(url, {**body, "hired_on": "2027-01-01"})

    def test_rounds_courses_awards(self):
        self.model = RecruitmentRound
        url = "/api/workforce/recruitment-rounds/"
        body = {"division": self.tree["S1"].pk, "title": "2026 年社区工作者招聘"}
        self.assert_api_refuses(url, {**body, "announced_on": "2099-01-01", "positions": 10}, "announced_on", FUTURE)
        self.assert_api_refuses(
            url,
            {**body, "announced_on": "2026-06-01", "positions": 30000},
            "positions",
            "请确保该值小于或者等于 1000。",
        )
        self.assert_api_accepts(url, {**body, "announced_on": "2026-06-01", "positions": 10})
        self.model = TrainingCourse
        url = "/api/workforce/training-courses/"
        body = {"division": self.tree["S1"].pk, "title": "新任委员培训", "hours": "20"}
        self.assert_api_refuses(url, {**body, "starts_on": "2099-01-01"}, "starts_on", "不得晚于 2027-11-30。")
        self.assert_api_refuses(url, {**body, "starts_on": "1999-12-31"}, "starts_on", "不得早于 2000-01-01。")
        self.assert_api_accepts(url, {**body, "starts_on": "2027-05-01"})
        self.model = Commendation
        url = "/api/workforce/commendations/"
        body = {"worker": self.worker.pk, "title": "优秀社区工作者", "awarded_by": "思明区民政局"}
        self.assert_api_refuses(url, {**body, "awarded_on": "2099-01-01"}, "awarded_on", FUTURE)
        self.assert_api_accepts(url, {**body, "awarded_on": "2026-05-01"})

    def test_no_hours_of_a_course_not_started(self):
        self.model = TrainingAttendance
        url = "/api/workforce/training-attendance/"
        self.assert_api_refuses(
            url, {"course": self.coming.pk, "worker": self.worker.pk, "hours": "8"}, "hours", NOT_STARTED
        )
        self.assert_api_accepts(url, {"course": self.coming.pk, "worker": self.worker.pk, "hours": "0"})  # enrolled
        page = {"course": self.past.pk, "worker": self.worker.pk, "hours": "20"}
        self.assert_page_accepts("/workforce/training-attendance/add/", page)
        self.assertEqual(TrainingAttendance.objects.count(), 2)

    def test_the_page_refuses_a_course_in_2099(self):
        self.model = TrainingCourse
        page = {
            "division": self.tree["S1"].pk,
            "title": "远期培训",
            "starts_on": "2099-01-01",
            "hours": "20",
            "organiser": "",
        }
        self.assert_page_refuses("/workforce/training-courses/add/", page, "starts_on", "不得晚于 2027-11-30。")

    def test_imports(self):
        self.model = CommunityWorker
        header = ["社区代码", "姓名", "职务", "来源", "社工职业资格", "聘用日期"]
        result, errors = self.run_import(
            CommunityWorkerImporter, [header, ["350203001001", "李强", "委员", "", "", "9999-12-31"]]
        )
        self.assertEqual(errors, [(2, "聘用日期", "不得晚于 2027-02-28。")])
        self.assertEqual(CommunityWorker.objects.count(), 1)
        result, errors = self.run_import(
            CommunityWorkerImporter, [header, ["350203001001", "李强", "委员", "", "", "2026-11-01"]]
        )
        self.assertEqual((errors, result.job.created_count), ([], 1))

        self.model = TrainingAttendance
        header = ["培训班名称", "开班日期", "社区代码", "姓名", "完成学时"]
        result, errors = self.run_import(
            TrainingAttendanceImporter,
            [
                header,
                ["网格员培训班", "2027-03-01", "350203001001", "王芳", "8"],
                ["社区书记培训班", "2099-04-01", "350203001001", "王芳", "8"],
            ],
        )
        self.assertEqual(errors, [(2, "完成学时", NOT_STARTED), (3, "开班日期", "不得晚于 2027-11-30。")])
        self.assertFalse(TrainingAttendance.objects.exists())
        result, errors = self.run_import(
            TrainingAttendanceImporter, [header, ["社区书记培训班", "2026-04-01", "350203001001", "王芳", "20"]]
        )
        self.assertEqual((errors, TrainingAttendance.objects.get().hours), ([], Decimal("20.0")))
