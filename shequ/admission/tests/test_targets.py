"""Departments' targets toward communities (issue #15 item 4, GUAR-2): scope, status rules, overdue."""

from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase

from shequ.admission import models
from shequ.admission.choices import TargetStatus
from shequ.admission.tests.test_scope import department_in
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.scope import ScopeMatrix


def target_in(division, title="加装电梯", **fields):
    values = {"owner_name": "陈建国", "deadline": date(2026, 12, 31), **fields}
    return models.DepartmentTarget.objects.create(
        department=department_in(division), division=division, title=title, **values
    )


class DepartmentTargetScopeTests(ScopeMatrix, TestCase):
    model = models.DepartmentTarget
    writer_level = "district"
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return target_in(community, title=f"加装电梯{community.pk}")

    def create_payload(self, key):
        return {
            "department": department_in(self.tree[key]).pk,
            "division": self.tree[key].pk,
            "title": "养老服务站建成",
            "owner_name": "李晓梅",
            "deadline": "2027-06-30",
            "status": "under_way",
            "progress": 30,
        }

    form_data = create_payload

    def update_payload(self):
        return {"progress": 60, "progress_note": "已完成 4 栋选址"}


class DepartmentTargetRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def errors_of(self, target) -> dict:
        with self.assertRaises(ValidationError) as raised:
            target.full_clean()
        return raised.exception.message_dict

    def test_overdue_is_not_done_before_the_day(self):
        late = target_in(self.tree["C1"], "甲", deadline=date(2026, 3, 1), status=TargetStatus.UNDER_WAY, progress=50)
        target_in(self.tree["C1"], "乙", deadline=date(2026, 3, 1), status=TargetStatus.DONE, progress=100)
        target_in(self.tree["C1"], "丙", deadline=date(2026, 3, 2))
        overdue = models.DepartmentTarget.objects.unscoped("test").overdue(date(2026, 3, 2))
        self.assertEqual(list(overdue), [late])
        self.assertTrue(late.is_overdue(date(2026, 3, 2)))
        self.assertFalse(late.is_overdue(date(2026, 3, 1)))

    def test_status_and_progress_must_agree(self):
        base = {"department": department_in(self.tree["C1"]), "division": self.tree["C1"], "title": "甲",
                "owner_name": "陈建国", "deadline": date(2026, 12, 31)}  # fmt: skip
        done = models.DepartmentTarget(**base, status=TargetStatus.DONE, progress=90)
        self.assertEqual(self.errors_of(done), {"progress": ["进度：已完成的目标进度为 100%。"]})
        planned = models.DepartmentTarget(**base, status=TargetStatus.PLANNED, progress=10)
        self.assertEqual(self.errors_of(planned), {"progress": ["进度：计划中的目标尚未开始，请标为进行中。"]})
        full = models.DepartmentTarget(**base, status=TargetStatus.UNDER_WAY, progress=100)
        self.assertEqual(self.errors_of(full), {"status": ["状态：进度 100% 的目标即已完成。"]})
        over = models.DepartmentTarget(**base, status=TargetStatus.UNDER_WAY, progress=101)
        self.assertEqual(list(self.errors_of(over)), ["progress"])

    def test_division_outside_the_department_is_refused(self):
        target = models.DepartmentTarget(
            department=department_in(self.tree["S1"]), division=self.tree["C3"], title="甲", owner_name="陈建国",
            deadline=date(2026, 12, 31),
        )  # fmt: skip
        self.assertEqual(self.errors_of(target), {"division": ["区划：不在该部门的管辖范围（厦港街道）内。"]})


class ServicePointScopeTests(ScopeMatrix, TestCase):
    model = models.ServicePoint
    writer_level = "district"
    export_key = "community"

    @classmethod
    def make_object(cls, community):
        return models.ServicePoint.objects.create(
            community=community, utility="electricity", company=f"供电公司{community.pk}", place="党群服务中心一楼",
            contact_name="王志强", contact_phone="0592-2345678", hours="周一至周五 8:30–17:30",
        )  # fmt: skip

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "utility": "water",
            "company": "厦门水务集团",
            "place": "鸿山路 12 号",
            "contact_name": "林秀英",
            "contact_phone": "0592-5550123",
            "hours": "每周三 9:00–11:30",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"hours": "每周四 9:00–11:30"}

    def test_a_bad_phone_is_refused_naming_the_field(self):
        point = models.ServicePoint(
            community=self.tree["C1"], utility="gas", company="华润燃气", place="甲", contact_name="乙",
            contact_phone="12345", hours="全天",
        )  # fmt: skip
        with self.assertRaises(ValidationError) as raised:
            point.full_clean()
        self.assertEqual(list(raised.exception.message_dict), ["contact_phone"])
