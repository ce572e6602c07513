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
