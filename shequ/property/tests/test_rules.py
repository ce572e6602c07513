"""Bad input to the property registers is refused in Chinese on its field (issue #16 "Bad input"; PROP-1): an
election with more votes than voters, a contract without its four openings, a credit code that fails its check
digit, a published contract edited in place (a new version instead, the old kept)."""

import time_machine
from django.test import TestCase

from shequ.core.registers import declaration_of
from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.places.models import ResidentialArea
from shequ.property.models import OwnersCommittee, ServiceContract
from shequ.property.tests.test_scope import OPENINGS


@time_machine.travel(NOW, tick=False)
class OwnersCommitteeTests(BoundsMixin, TestCase):
    model = OwnersCommittee

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.area = ResidentialArea.objects.create(community=cls.tree["C1"], name="鸿山花园")

    def test_the_election(self):
        url = "/api/property/owners-committees/"
        body = {
            "area": self.area.pk,
            "elected_on": "2025-05-01",
            "term_start": "2025-06-01",
            "electorate_households": 300,
            "voted_households": 200,
            "members": 5,
        }
        self.assert_api_refuses(
            url, {**body, "voted_households": 301}, "voted_households", "参与投票户数多于有投票权户数（300）。"
        )
        self.assert_api_refuses(
            url, {**body, "term_start": "2025-04-30"}, "term_start", "任期不得早于选举日期（2025-05-01）。"
        )
        self.assert_api_refuses(url, {**body, "term_end": "2025-06-01"}, "term_end", "任期结束日期须晚于开始日期。")
        self.assert_api_refuses(url, {**body, "members": 0}, "members", "请确保该值大于或者等于 1。")
        self.assert_api_refuses(url, {**body, "elected_on": "1993-12-31"}, "elected_on", "不得早于 1994-01-01。")
        response = self.assert_api_accepts(url, body)
        self.assertEqual(OwnersCommittee.objects.get(pk=response.data["id"]).turnout, 66.7)
        self.assertEqual(response.data["division_code"], self.tree["C1"].code)


@time_machine.travel(NOW, tick=False)
class ServiceContractTests(BoundsMixin, TestCase):
    model = ServiceContract
    url = "/api/property/contracts/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.area = ResidentialArea.objects.create(community=cls.tree["C1"], name="鸿山花园")

    def body(self, **changes):
        return {
            "area": self.area.pk,
            "company_name": "厦门鸿山物业服务有限公司",
            "credit_code": "91350203MA2YB12346",
            "selected_on": "2024-03-01",
            "starts_on": "2024-04-01",
            **OPENINGS,
            **changes,
        }

    def test_the_four_openings_and_the_credit_code(self):
        for name in OPENINGS:
            with self.subTest(opening=name):
                self.assert_api_refuses(self.url, self.body(**{name: ""}), name, "该字段不能为空。")
        refused = self.api().post(self.url, self.body(credit_code="91350203MA2YB12345"), format="json")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("credit_code", refused.data)
        self.assert_api_refuses(
            self.url, self.body(starts_on="2024-02-01"), "starts_on", "合同开始日期不得早于选聘日期（2024-03-01）。"
        )
        self.assert_api_accepts(self.url, self.body())

    def test_a_published_contract_is_not_changed_but_superseded(self):
        response = self.assert_api_accepts(self.url, self.body(published_on="2024-04-05"))
        pk = response.data["id"]
        refused = self.api().patch(f"{self.url}{pk}/", {"fees": "2.5 元/平方米·月"}, format="json")
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(
            [str(m) for m in refused.data["non_field_errors"]], ["已公开的合同不得修改，请登记新版本（第 2 版）。"]
        )
        self.client.force_login(self.tree.users["community"])
        page = self.client.post(
            f"/property/contracts/{pk}/edit/", {**self.body(fees="2.5 元"), "selection": "public_tender"}
        )
        self.assertEqual(page.status_code, 200)
        self.assertEqual(ServiceContract.objects.get(pk=pk).fees, OPENINGS["fees"])
        self.assert_api_accepts(
            self.url, self.body(version=2, fees="2.5 元/平方米·月", selected_on="2026-10-01", starts_on="2026-11-01")
        )
        self.assertEqual(ServiceContract.objects.filter(area=self.area).count(), 2)

    def test_imports_refuse_a_bad_check_digit_by_row(self):
        importer = declaration_of(ServiceContract).importer_class()
        headers = [column.header for column in importer.columns]
        rows = []
        for code in ("91350203MA2YB12345", "91350203MA2YB12346"):
            cells = dict.fromkeys(headers, "")
            cells.update(
                {
                    "社区代码": "350203001001",
                    "小区": "鸿山花园",
                    "版本": "1",
                    "物业服务企业": "厦门鸿山物业服务有限公司",
                    "统一社会信用代码": code,
                    "选聘日期": "2024-03-01",
                    "开始日期": "2024-04-01",
                    "服务内容": "保洁",
                    "服务标准": "二级",
                    "收费标准": "1.5 元",
                    "费用使用": "人员 60%",
                }
            )
            rows.append([cells[h] for h in headers])
        result, errors = self.run_import(importer, [headers, rows[0]])
        self.assertEqual([(row, column) for row, column, _message in errors], [(2, "统一社会信用代码")])
        self.assertFalse(ServiceContract.objects.exists())
        result, errors = self.run_import(importer, [headers, rows[1]])
        self.assertEqual((errors, result.job.created_count), ([], 1))


@time_machine.travel(NOW, tick=False)
class SeedTests(TestCase):
    def test_the_demo_seeds_a_committee_and_a_published_contract_that_keep_the_rules(self):
        import io

        from django.core.management import call_command

        tree = build_tree()
        ResidentialArea.objects.create(community=tree["C1"], name="鸿山花园")
        call_command("seed_property", "--city", tree["city"].code, "--if-empty", stdout=io.StringIO())
        call_command("seed_property", "--city", tree["city"].code, "--if-empty", stdout=io.StringIO())
        committee, contract = OwnersCommittee.objects.get(), ServiceContract.objects.get()
        committee.full_clean()
        contract.full_clean()
        self.assertEqual((committee.turnout, contract.division_code), (72.0, tree["C1"].code))
