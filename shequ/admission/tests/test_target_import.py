"""Departments' targets imported from a sheet (issue #15, GUAR-2): the department by its name within the user's
jurisdiction; a sheet with one bad row writes nothing."""

import tempfile
from datetime import date
from pathlib import Path

from django.test import TestCase

from shequ.accounts.models import Department
from shequ.admission.models import DepartmentTarget
from shequ.core.importing import run_import
from shequ.core.registers import declaration_of
from shequ.core.testing.fixtures import build_tree

HEADERS = ["部门", "区划代码", "名称", "说明", "责任人", "完成期限", "状态", "进度（%）", "进展说明"]
GOOD = [
    ["民政局", "350203001000", "社区综合服务设施达标", "", "李晓梅", "2027-06-30", "落实中", "40", "已完成 4 个社区"],
    ["民政局", "350203001001", "社区养老服务站建成", "", "李晓梅", "2027-03-31", "计划中", "0", ""],
]
NOT_FOUND = "“{name}”不是您在此可以引用的记录（不存在、不在您的管辖范围内或有重名）。"


class TargetImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.civil = Department.objects.create(division=cls.tree["D1"], name="民政局")
        Department.objects.create(division=cls.tree["D2"], name="应急管理局")  # another district's
        Department.objects.create(division=cls.tree["S2"], name="中华街道城市管理科")  # another street's

    def run_rows(self, rows):
        importer = declaration_of(DepartmentTarget).importer_class()
        self.assertEqual([column.header for column in importer.columns], HEADERS)
        path = Path(tempfile.mkdtemp()) / "targets.csv"
        path.write_text("\n".join(",".join(row) for row in [HEADERS, *rows]) + "\n", encoding="utf-8")
        result = run_import(importer(self.tree.users["district"]), path, "targets.csv", dry_run=False)
        return result, [(e.row, e.column, e.message) for e in result.errors]

    def test_two_good_rows_and_one_bad_write_nothing(self):
        bad = ["应急管理局", "350203001004", "微型消防站规范化建设", "", "王志强", "2027-05-31", "计划中", "0", ""]
        result, errors = self.run_rows([*GOOD, bad])
        self.assertEqual(errors, [(4, "部门", NOT_FOUND.format(name="应急管理局"))])
        self.assertEqual((result.job.status, result.job.created_count), ("failed", 0))
        self.assertFalse(DepartmentTarget.objects.exists())

    def test_an_unknown_department_and_a_division_outside_the_departments_are_refused(self):
        rows = [
            ["卫生健康局", "350203001000", "家庭医生签约", "", "黄美玲", "2027-05-31", "计划中", "0", ""],
            ["中华街道城市管理科", "350203001000", "社区用房达标", "", "李晓梅", "2027-05-31", "计划中", "0", ""],
        ]
        result, errors = self.run_rows(rows)
        self.assertEqual(
            errors,
            [
                (2, "部门", NOT_FOUND.format(name="卫生健康局")),
                (3, "区划代码", "区划：不在该部门的管辖范围（中华街道）内。"),
            ],
        )
        self.assertFalse(DepartmentTarget.objects.exists())

    def test_the_good_rows_import_by_department_name_and_reimport_unchanged(self):
        result, errors = self.run_rows(GOOD)
        self.assertEqual((errors, result.job.status, result.job.created_count), ([], "committed", 2))
        self.assertEqual(
            [(t.department, t.division.code, t.title, t.status, t.progress, t.deadline)
             for t in DepartmentTarget.objects.order_by("division_code")],
            [(self.civil, "350203001000", "社区综合服务设施达标", "under_way", 40, date(2027, 6, 30)),
             (self.civil, "350203001001", "社区养老服务站建成", "planned", 0, date(2027, 3, 31))],
        )  # fmt: skip
        again, errors = self.run_rows(GOOD)
        self.assertEqual((errors, again.job.created_count, again.job.unchanged_count), ([], 0, 2))
