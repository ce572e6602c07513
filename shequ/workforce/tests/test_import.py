"""Imports of issue #4's registers: committee members, volunteers, service hours, workers, training attendance."""

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.test import TestCase

from shequ.core.importing import importers, run_import
from shequ.core.testing.fixtures import build_tree
from shequ.organizations.models import CommitteeMember, ResidentsCommittee
from shequ.volunteers.models import ServiceRecord, Volunteer
from shequ.workforce.models import CommunityWorker, TrainingAttendance, TrainingCourse


def csv_file(rows) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".csv", delete=False, mode="w", encoding="utf-8")
    handle.write("\n".join(",".join(row) for row in rows) + "\n")
    handle.close()
    return Path(handle.name)


class RegisterImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        ResidentsCommittee.objects.create(community=cls.tree["C1"], term_number=11, term_start=date(2024, 1, 1))
        TrainingCourse.objects.create(
            division=cls.tree["S1"], title="社区书记培训班", starts_on=date(2026, 4, 1), hours=Decimal(24)
        )

    def run_kind(self, kind, rows, level="street"):
        return run_import(importers[kind](self.tree.users[level]), csv_file(rows), "file.csv", dry_run=False)

    def errors(self, result):
        return [(e.row, e.column, e.message) for e in result.errors]

    def assert_idempotent(self, kind, rows, model, expected):
        first = self.run_kind(kind, rows)
        self.assertEqual((first.job.status, first.job.created_count), ("committed", expected), self.errors(first))
        again = self.run_kind(kind, rows)
        self.assertEqual((again.job.created_count, again.job.unchanged_count), (0, expected))
        self.assertEqual(model.objects.count(), expected)

    def test_committee_members(self):
        header = ["社区代码", "届次", "姓名", "职务", "党员", "专职"]
        rows = [
            header,
            ["350203001001", "11", "王芳", "主任", "是", ""],
            ["350203001001", "11", "李强", "委员", "否", "否"],
        ]
        self.assert_idempotent("committee-members", rows, CommitteeMember, 2)
        self.assertEqual(
            sorted(CommitteeMember.objects.values_list("name", "position", "party_member", "full_time")),
            [("李强", "member", False, False), ("王芳", "director", True, True)],
        )
        bad = self.run_kind("committee-members", [header, ["350203001004", "3", "赵", "主席", "", ""]])
        self.assertEqual(
            self.errors(bad),
            [
                (2, "届次", "本社区第 3 届居委会未登记。"),
                (2, "职务", "“主席”不是可选值之一：主任、副主任、委员。"),
            ],
        )

    def test_volunteers_and_service_hours(self):
        header = ["社区代码", "姓名", "注册日期", "特长", "在册"]
        rows = [
            header,
            ["350203001001", "陈静", "2025-03-01", "急救", ""],
            ["350203001004", "林海", "2025/4/2", "", "否"],
        ]
        self.assert_idempotent("volunteers", rows, Volunteer, 2)
        self.assertFalse(Volunteer.objects.get(name="林海").active)
        hours = [
            ["社区代码", "志愿者姓名", "服务日期", "时长", "活动名称"],
            ["350203001001", "陈静", "2026-05-01", "2.5", ""],
            ["350203001001", "陈静", "2026-05-08", "3", ""],
        ]
        self.assert_idempotent("service-records", hours, ServiceRecord, 2)
        bad = self.run_kind(
            "service-records",
            [
                hours[0],
                ["350203001001", "不存在", "2026-05-01", "2", ""],
                ["350203001001", "陈静", "2026-05-02", "30", ""],
            ],
        )
        self.assertEqual(
            self.errors(bad),
            [(2, "志愿者姓名", "“不存在”未在本社区登记。"), (3, "时长", "“30”不在 0.5–24 范围内。")],
        )

    def test_workers_and_training_attendance(self):
        header = [
            "社区代码",
            "姓名",
            "职务",
            "来源",
            "社工职业资格",
            "聘用日期",
            "兼任党组织委员",
            "兼任居委会成员",
            "兼任业委会成员",
        ]
        rows = [
            header,
            ["350203001001", "周敏", "党组织书记", "退役军人", "社会工作师", "2020-09-01", "是", "是", "否"],
            ["350203001001", "吴刚", "专职社区工作者", "高校毕业生", "", "", "", "", ""],
        ]
        self.assert_idempotent("workers", rows, CommunityWorker, 2)
        zhou = CommunityWorker.objects.get(name="周敏")
        self.assertEqual(
            (zhou.position, zhou.background, zhou.certificate), ("party_secretary", "veteran", "intermediate")
        )
        attendance = [
            ["培训班名称", "开班日期", "社区代码", "姓名", "完成学时"],
            ["社区书记培训班", "2026-04-01", "350203001001", "周敏", "24"],
            ["社区书记培训班", "2026-04-01", "350203001001", "吴刚", "20.5"],
        ]
        self.assert_idempotent("training-attendance", attendance, TrainingAttendance, 2)
        bad = self.run_kind(
            "training-attendance",
            [
                attendance[0],
                ["社区书记培训班", "2026-04-01", "350203001001", "周敏", "25"],
                ["社区书记培训班", "2026-04-02", "350203001001", "吴刚", "-1"],
            ],
        )
        self.assertEqual(
            self.errors(bad),
            [
                (2, "完成学时", "超过培训班总学时（24.0）。"),
                (3, "培训班名称", "没有唯一一个于 2026-04-02 开班、名为“社区书记培训班”的已登记培训班。"),
                (3, "完成学时", "“-1”不在 0–2000 范围内。"),
            ],
        )
        self.assertEqual(TrainingAttendance.objects.get(worker__name="周敏").hours, Decimal("24.0"))
