"""Importing care records (issue #11): the resident named by ID number, and a restricted category answered to a user
without the sensitive-care duty exactly as an unknown value (AC-4; issue #12, leak 2)."""

import tempfile
from pathlib import Path

from django.test import TestCase

from shequ.core.registers import declaration_of
from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.registers import ExampleImports
from shequ.people.models import CareRecord, Resident


class CareRecordImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.examples = ExampleImports(
            self.tree.users["community"], self.tree.divisions["C1"], Path(tempfile.mkdtemp())
        )
        self.declaration = declaration_of(CareRecord)
        self.resident = self.examples.ensure(Resident)[0]
        self.id_number = self.resident.reveal("id_number")

    def row(self, category: str) -> dict:
        return {"居民": self.id_number, "关爱类别": category, "开始日期": "2024-01-01"}

    def test_a_category_imports_for_the_resident_named_by_id_number(self):
        result = self.examples.run(self.declaration, [self.row("低保")])
        self.assertEqual([(e.row, e.column, e.message) for e in result.errors], [])
        record = CareRecord.objects.unscoped("test").get()
        self.assertEqual(
            (record.resident_id, record.category, record.division_code), (self.resident.pk, "dibao", "350203001001")
        )

    def test_a_restricted_category_is_an_unknown_value_without_the_duty(self):
        offered = "独居老人、残疾人、低保、特困人员、优抚对象"  # community staff: no sensitive-care duty
        unknown = self.examples.run(self.declaration, [self.row("不存在的类别")])
        restricted = self.examples.run(self.declaration, [self.row("刑释解教人员")])
        self.assertEqual(
            [(e.row, e.column, e.message) for e in unknown.errors],
            [(2, "关爱类别", f"“不存在的类别”不是可选值之一：{offered}。")],
        )
        self.assertEqual(
            [(e.row, e.column, e.message) for e in restricted.errors],
            [(2, "关爱类别", f"“刑释解教人员”不是可选值之一：{offered}。")],
        )
        self.assertFalse(CareRecord.objects.unscoped("test").exists())

    def test_the_sensitive_care_duty_imports_a_restricted_category(self):
        street = ExampleImports(self.tree.users["street"], self.tree.divisions["C1"], Path(tempfile.mkdtemp()))
        result = street.run(self.declaration, [self.row("刑释解教人员")])
        self.assertEqual([(e.row, e.column, e.message) for e in result.errors], [])
        self.assertEqual(CareRecord.objects.unscoped("test").get().category, "released")
