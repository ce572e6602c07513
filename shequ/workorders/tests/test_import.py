"""Imports of the call centre's set-up (issue #5): handling units and routing rules, idempotent, within scope, every
bad cell named by row and column; routing reads the imported rules at once."""

import io

from django.test import TestCase
from python_calamine import CalamineWorkbook

from shequ.core.importing import importers, run_import
from shequ.core.testing.fixtures import build_tree
from shequ.workforce.tests.test_import import csv_file
from shequ.workorders import services
from shequ.workorders.models import HandlingUnit, RoutingRule
from shequ.workorders.testing import make_desk

UNITS = ["区划代码", "单位名称", "类型", "上级单位区划代码", "上级单位名称", "联系人", "启用"]
RULES = ["分类代码", "区划代码", "承办单位区划代码", "承办单位名称"]


class SetupImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def run_kind(self, kind, rows, level="district"):
        return run_import(importers[kind](self.tree.users[level]), csv_file(rows), "file.csv", dry_run=False)

    def errors(self, result):
        return [(e.row, e.column, e.message) for e in result.errors]

    def test_units_then_rules_and_routing_follows(self):
        units = [
            UNITS,
            ["350203000000", "思明区供水公司", "公用事业单位", "", "", "陈工", ""],
            ["350203001001", "鸿山物业", "物业公司", "350203001000", "厦港街道办事处", "", "是"],
        ]
        first = self.run_kind("handling-units", units)
        self.assertEqual((first.job.status, first.job.created_count), ("committed", 2), self.errors(first))
        again = self.run_kind("handling-units", [*units[:2], [*units[2][:5], "王经理", "是"]])
        self.assertEqual((again.job.created_count, again.job.updated_count, again.job.unchanged_count), (0, 1, 1))
        company = HandlingUnit.objects.get(name="鸿山物业")
        self.assertEqual(
            (company.kind, company.parent, company.contact, company.division_code),
            ("property", self.desk.streets["S1"], "王经理", "350203001001"),
        )
        # Before the rule, the community's own unit takes rubbish reports; after it, the property company.
        self.assertEqual(services.route(self.desk.child, self.tree["C1"]), self.desk.communities["C1"])
        rules = [RULES, ["0101", "350203001001", "350203001001", "鸿山物业"]]
        result = self.run_kind("routing-rules", rules)
        self.assertEqual((result.job.status, result.job.created_count), ("committed", 1), self.errors(result))
        self.assertEqual(services.route(self.desk.child, self.tree["C1"]), company)
        self.assertEqual(self.run_kind("routing-rules", rules).job.unchanged_count, 1)
        self.assertEqual(RoutingRule.objects.filter(category=self.desk.child).count(), 1)

    def test_bad_rows_are_named_and_nothing_is_written(self):
        before = HandlingUnit.objects.count()
        bad = self.run_kind(
            "handling-units",
            [
                UNITS,
                ["350203000000", "好单位", "公用事业单位", "", "", "", ""],
                ["350206000000", "湖里区水务", "公用事业单位", "", "", "", ""],
                ["350203001001", "", "居委会", "350203001000", "不存在的单位", "", "也许"],
            ],
        )
        self.assertEqual(
            self.errors(bad),
            [
                (3, "区划代码", "区划 350206000000 不在您的管辖范围内。"),
                (4, "单位名称", "此列必填。"),
                (
                    4,
                    "类型",
                    "“居委会”不是可选值之一：热线中心、社区、街道办事处、职能部门、物业公司、公用事业单位、"
                    "街道物业管理中心、物业纠纷受理站、应急维修站。",
                ),
                (4, "上级单位名称", "区划 350203001000 中没有您管辖范围内名为“不存在的单位”的承办单位。"),
                (4, "启用", "请填写“是”或“否”。"),
            ],
        )
        self.assertEqual(HandlingUnit.objects.count(), before)
        rules = self.run_kind("routing-rules", [RULES, ["9999", "350203001001", "350200000000", "12345热线中心"]])
        self.assertEqual(
            self.errors(rules),
            [
                (2, "分类代码", "没有诉求分类 9999。"),
                (2, "承办单位名称", "区划 350200000000 中没有您管辖范围内名为“12345热线中心”的承办单位。"),
            ],
        )

    def test_the_pages_upload_and_template(self):
        self.client.force_login(self.tree.users["district"])
        for kind, headers in (("handling-units", UNITS), ("routing-rules", RULES)):
            self.assertEqual(self.client.get(f"/imports/{kind}/").status_code, 200)
            template = self.client.get(f"/imports/{kind}/template/")
            book = CalamineWorkbook.from_filelike(io.BytesIO(template.content))
            self.assertEqual(book.get_sheet_by_index(0).to_python()[0], headers)
        self.client.force_login(self.tree.users["community"])
        self.assertEqual(self.client.get("/imports/routing-rules/").status_code, 200)
        self.client.force_login(self.tree.users["auditor"])
        self.assertEqual(self.client.get("/imports/routing-rules/").status_code, 403)
