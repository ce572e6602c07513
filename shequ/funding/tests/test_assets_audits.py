"""Assets formed from government money and donations, and special audits with their findings and rectification
(issue #15, FIN-3): an audit is not closed while a finding is not rectified; findings past their deadline and not
rectified are overdue (queryset and filter); and the demo seed of the fundraising, asset and audit registers."""

import io
from datetime import date
from decimal import Decimal

import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.core.errors import IllegalTransition
from shequ.core.testing.fixtures import build_tree
from shequ.funding import services
from shequ.funding.choices import AuditStatus, DonationStatus
from shequ.funding.models import Account, Asset, Audit, AuditFinding, Donation, FundraisingProject

TODAY = date(2026, 11, 20)


@time_machine.travel(TODAY, tick=False)
class AuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.user = cls.tree.users["street"]
        cls.audit = Audit.objects.create(
            division=cls.tree["S1"],
            subject="2025 年社区工作经费专项审计",
            fund="community_work",
            auditor="思明区审计局",
            period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31),
            held_on=date(2026, 3, 10),
        )
        cls.late = cls.finding("支出凭证不全", date(2026, 6, 30))
        cls.due_today = cls.finding("未分账核算", TODAY)
        cls.done = cls.finding("超范围支出", date(2026, 5, 31), rectified_on=date(2026, 5, 20), note="已退回专户")
        cls.late_elsewhere = AuditFinding.objects.create(
            audit=Audit.objects.create(
                division=cls.tree["S3"],
                subject="湖里街道审计",
                fund="infrastructure",
                auditor="湖里区审计局",
                period_from=date(2025, 1, 1),
                period_to=date(2025, 12, 31),
                held_on=date(2026, 2, 1),
            ),
            finding="台账缺失",
            responsible="王会计",
            deadline=date(2026, 4, 30),
        )

    @classmethod
    def finding(cls, text, deadline, rectified_on=None, note=""):
        return AuditFinding.objects.create(
            audit=cls.audit,
            finding=text,
            responsible="街道财政所",
            deadline=deadline,
            rectified_on=rectified_on,
            rectification_note=note,
        )

    def test_overdue_findings(self):
        findings = AuditFinding.objects.unscoped("test")
        self.assertEqual(set(findings.overdue(TODAY)), {self.late, self.late_elsewhere})
        self.assertEqual(set(findings.overdue(date(2026, 11, 21))), {self.late, self.due_today, self.late_elsewhere})
        self.assertEqual(set(findings.overdue(date(2026, 6, 30))), {self.late_elsewhere})
        self.assertEqual([f.is_overdue(TODAY) for f in (self.late, self.due_today, self.done)], [True, False, False])
        api = APIClient()
        api.force_login(self.user)
        overdue = api.get("/api/funding/audit-findings/", {"overdue": "true"})
        self.assertEqual([row["id"] for row in overdue.data["results"]], [self.late.pk])  # S3's is out of scope
        other = api.get("/api/funding/audit-findings/", {"overdue": "false"})
        self.assertEqual({row["id"] for row in other.data["results"]}, {self.due_today.pk, self.done.pk})
        self.client.force_login(self.user)
        page = self.client.get("/funding/audit-findings/", {"overdue": "true"})
        self.assertEqual([row[0].pk for row in page.context["rows"]], [self.late.pk])
        detail = self.client.get(self.audit.get_absolute_url()).content.decode()
        self.assertEqual(detail.count('<span class="badge bg-red-lt">已超期</span>'), 1)

    def test_an_audit_is_not_closed_while_a_finding_is_not_rectified(self):
        with self.assertRaises(ValidationError) as refused:
            services.close_audit(acting_user=self.user, audit=self.audit)
        self.assertEqual(refused.exception.message_dict, {"status": ["尚有问题未整改，审计不能结束。"]})
        api = APIClient()
        api.force_login(self.user)
        url = f"/api/funding/audits/{self.audit.pk}/"
        response = api.post(f"{url}close/")
        self.assertEqual((response.status_code, response.data), (400, {"status": ["尚有问题未整改，审计不能结束。"]}))
        response = api.patch(url, {"status": "closed", "closed_on": "2026-11-20"}, format="json")
        self.assertEqual((response.status_code, response.data["status"]), (400, ["尚有问题未整改，审计不能结束。"]))
        self.client.force_login(self.user)
        self.client.post(self.audit.get_absolute_url(), {"action": "close"})
        self.audit.refresh_from_db()
        self.assertEqual((self.audit.status, self.audit.closed_on), (AuditStatus.OPEN, None))
        # A rectification needs its note; with every finding rectified the audit closes, once.
        response = api.patch(
            f"/api/funding/audit-findings/{self.late.pk}/", {"rectified_on": "2026-11-01"}, format="json"
        )
        self.assertEqual((response.status_code, response.data), (400, {"rectification_note": ["请说明整改情况。"]}))
        for finding in (self.late, self.due_today):
            body = {"rectified_on": "2026-11-01", "rectification_note": "已整改"}
            response = api.patch(f"/api/funding/audit-findings/{finding.pk}/", body, format="json")
            self.assertEqual(response.status_code, 200, response.data)
        response = api.post(f"{url}close/")
        self.assertEqual(
            (response.status_code, response.data["status"], response.data["closed_on"]), (200, "closed", "2026-11-20")
        )
        with self.assertRaises(IllegalTransition):
            services.close_audit(acting_user=self.user, audit=self.audit)
        self.assertEqual(api.post(f"{url}close/").status_code, 409)
        # A closed audit takes no open finding.
        body = {"audit": self.audit.pk, "finding": "新问题", "responsible": "张三", "deadline": "2026-12-31"}
        response = api.post("/api/funding/audit-findings/", body, format="json")
        self.assertEqual(
            (response.status_code, response.data), (400, {"rectified_on": ["已结束审计的问题须保持已整改。"]})
        )

    def test_an_audit_names_a_fund_or_a_project_and_a_period_in_order(self):
        api = APIClient()
        api.force_login(self.user)
        body = {
            "division": self.tree["S1"].code,
            "subject": "专项审计",
            "auditor": "区审计局",
            "period_from": "2025-12-31",
            "period_to": "2025-01-01",
            "held_on": "2026-03-01",
        }
        response = api.post("/api/funding/audits/", body, format="json")
        self.assertEqual(
            (response.status_code, response.data),
            (400, {"fund": ["请填写被审计的资金或募捐项目。"], "period_to": ["审计期间的结束日期不能早于开始日期。"]}),
        )


@time_machine.travel(TODAY, tick=False)
class AssetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.user = cls.tree.users["street"]

    def test_an_asset_is_registered_with_source_value_and_custodian_and_disposed_with_reason(self):
        api = APIClient()
        api.force_login(self.user)
        body = {
            "division": self.tree["S1"].code,
            "name": "社区巡逻电动车",
            "kind": "vehicle",
            "source": "donation",
            "value": "4800.50",
            "acquired_on": "2026-05-01",
            "custodian": "鸿山社区网格站",
            "used_in": self.tree["C1"].code,
        }
        response = api.post("/api/funding/assets/", body, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        asset = Asset.objects.unscoped("test").get()
        self.assertEqual((asset.value, asset.used_in, asset.status), (Decimal("4800.50"), self.tree["C1"], "in_use"))
        url = f"/api/funding/assets/{asset.pk}/"
        for patch, errors in (
            (
                {"status": "disposed"},
                {"disposed_on": ["请填写资产处置日期。"], "disposal_reason": ["请说明处置原因。"]},
            ),
            ({"disposed_on": "2026-10-01"}, {"status": ["只有已处置的资产才有处置日期和原因。"]}),
            (
                {"status": "disposed", "disposed_on": "2026-04-01", "disposal_reason": "报废"},
                {"disposed_on": ["资产的处置日期不能早于取得日期。"]},
            ),
            ({"value": "12.345"}, {"value": ["请确保总计不超过 2 个小数位。"]}),
            ({"used_in": self.tree["C3"].code}, None),
        ):
            with self.subTest(patch=patch):
                response = api.patch(url, patch, format="json")
                if errors is None:
                    self.assertEqual(response.status_code, 403)  # C3 lies outside the street's jurisdiction
                else:
                    self.assertEqual((response.status_code, response.data), (400, errors))
        body = {"status": "disposed", "disposed_on": "2026-11-01", "disposal_reason": "事故报废"}
        response = api.patch(url, body, format="json")
        self.assertEqual((response.status_code, response.data["status"]), (200, "disposed"))


@time_machine.travel(TODAY, tick=False)
class SeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_the_seed_records_fundraising_assets_and_an_audit_once(self):
        out = io.StringIO()
        call_command("seed_funding", "--if-empty", stdout=out)
        self.assertIn("4 donations, 3 assets, 1 special audit.", out.getvalue())
        project = FundraisingProject.objects.unscoped("test").get()
        donations = Donation.objects.unscoped("test").order_by("receipt_number")
        self.assertEqual(
            [(d.receipt_number, d.shown_donor, d.amount) for d in donations],
            [
                ("JZ2026-000001", "厦门鹭江实业有限公司", Decimal("20000.00")),
                ("JZ2026-000002", "陈美玲", Decimal("500.00")),
                ("JZ2026-000003", "匿名", Decimal("1200.00")),
                ("JZ2026-000004", "思明区某某商会", Decimal("8000.00")),
            ],
        )
        self.assertTrue(all(d.status == DonationStatus.RECORDED for d in donations))
        self.assertEqual(Account.objects.unscoped("t").get(pk=project.earmark_id).balance, Decimal("29700.00"))
        self.assertEqual(Asset.objects.unscoped("t").count(), 3)
        audit = Audit.objects.unscoped("t").get()
        self.assertEqual(
            [(f.rectified_on is not None, f.is_overdue(TODAY)) for f in audit.findings.order_by("deadline")],
            [(True, False), (False, False)],
        )
        out = io.StringIO()
        call_command("check_ledgers", stdout=out)
        self.assertEqual(out.getvalue(), "All ledgers reconcile.\n")
        out = io.StringIO()
        call_command("seed_funding", "--if-empty", stdout=out)
        self.assertEqual(out.getvalue(), "The demo street's ledger exists already; nothing seeded.\n")
        self.assertEqual((Donation.objects.unscoped("t").count(), Asset.objects.unscoped("t").count()), (4, 3))
