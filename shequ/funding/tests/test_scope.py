"""Scope matrix over the funding registers (issue #15; FIN-1, FIN-2, FIN-3; AC-1, AC-3)."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.funding import models
from shequ.funding.choices import AccountKind, EntryKind, FundKind
from shequ.workforce.tests.test_scope import worker_in


class BudgetScopeTests(ScopeMatrix, TestCase):
    model = models.Budget
    export_key = "division"

    @classmethod
    def make_object(cls, community):
        return models.Budget.objects.create(
            division=community, year=2026, fund="community_work", amount=Decimal("1.00")
        )

    def create_payload(self, key):
        return {"division": self.tree[key].code, "year": 2025, "fund": "infrastructure", "amount": "2500.50"}

    def form_data(self, key):
        return {**self.create_payload(key), "division": self.tree[key].pk}

    def update_payload(self):
        return {"amount": "3000.00"}


class AccountScopeTests(ScopeMatrix, TestCase):
    model = models.Account

    @classmethod
    def make_object(cls, community):
        return models.Account.objects.create(division=community, name=f"基本户{community.pk}", kind=AccountKind.BANK)

    def create_payload(self, key):
        return {"division": self.tree[key].code, "name": "区财政拨款", "kind": "source"}

    def form_data(self, key):
        return {**self.create_payload(key), "division": self.tree[key].pk}

    def update_payload(self):
        return {"name": "区财政拨款（社区工作经费）"}


class EntryScopeTests(ScopeMatrix, TestCase):
    model = models.Entry
    read_only = True
    export_key = "description"

    @classmethod
    def make_object(cls, community):
        entry = models.Entry(
            division=community, day=date(2026, 3, 1), kind=EntryKind.ALLOCATION, description=f"拨入{community.pk}"
        )
        entry.save()
        return entry


class SocialWageScopeTests(ScopeMatrix, TestCase):
    model = models.SocialWage
    export_key = "division"

    @classmethod
    def make_object(cls, community):
        return models.SocialWage.objects.create(division=community, year=2025, average_wage=Decimal("120000.00"))

    def create_payload(self, key):
        return {"division": self.tree[key].code, "year": 2024, "average_wage": "115000.00", "catch_up_rate": "15"}

    def form_data(self, key):
        return {**self.create_payload(key), "division": self.tree[key].pk}

    def update_payload(self):
        return {"catch_up_rate": "20.00"}


class WorkerPayScopeTests(ScopeMatrix, TestCase):
    model = models.WorkerPay
    export_key = "worker"

    @classmethod
    def make_object(cls, community):
        return models.WorkerPay.objects.create(
            worker=worker_in(community), year=2025, living_subsidy=Decimal("60000.00")
        )

    def create_payload(self, key):
        return {"worker": self.objects[key].worker_id, "year": 2026, "living_subsidy": "65000.00"}

    def form_data(self, key):
        return {**self.create_payload(key), "social_insurance": "on"}

    def update_payload(self):
        return {"social_insurance": True}


def earmark_in(division):
    bank = models.Account.objects.create(division=division, name=f"基本户{division.pk}", kind=AccountKind.BANK)
    return models.Account.objects.create(
        division=division,
        name=f"募捐专户{division.pk}",
        kind=AccountKind.EARMARK,
        parent=bank,
        fund=FundKind.FUNDRAISING,
    )


def project_in(division, name="助学募捐"):
    return models.FundraisingProject.objects.create(
        division=division,
        name=name,
        purpose="资助困难家庭学生",
        starts_on=date(2026, 1, 1),
        earmark=earmark_in(division),
    )


class FundraisingProjectScopeTests(ScopeMatrix, TestCase):
    model = models.FundraisingProject

    @classmethod
    def make_object(cls, community):
        return project_in(community, name=f"助学募捐{community.pk}")

    def create_payload(self, key):
        return {
            "division": self.tree[key].code,
            "name": "关爱老人募捐",
            "purpose": "为独居老人添置助老设施",
            "target": "50000.00",
            "starts_on": "2026-03-01",
            "status": "open",
            "earmark": self.objects[key].earmark_id,
        }

    def form_data(self, key):
        return {**self.create_payload(key), "division": self.tree[key].pk}

    def update_payload(self):
        return {"purpose": "为独居老人添置助老设施和紧急呼叫器"}


class DonationScopeTests(ScopeMatrix, TestCase):
    model = models.Donation
    read_only = True
    export_key = "receipt_number"

    @classmethod
    def make_object(cls, community):
        project = project_in(community, name=f"募捐{community.pk}")
        entry = models.Entry(division=community, day=date(2026, 3, 1), kind=EntryKind.ALLOCATION, description="捐赠")
        entry.save()
        return models.Donation.objects.create(
            project=project,
            donor_name="厦门某某公司",
            donor_kind="unit",
            amount=Decimal("1000.00"),
            received_on=date(2026, 3, 1),
            receipt_number=f"JZ2026-{community.pk:06d}",
            issuer=community,
            entry=entry,
        )


class AssetScopeTests(ScopeMatrix, TestCase):
    model = models.Asset

    @classmethod
    def make_object(cls, community):
        return models.Asset.objects.create(
            division=community,
            name=f"社区服务中心用房{community.pk}",
            kind="building",
            source="government",
            value=Decimal("1200000.00"),
            acquired_on=date(2020, 6, 1),
            custodian="社区居委会",
        )

    def create_payload(self, key):
        return {
            "division": self.tree[key].code,
            "name": "健身器材",
            "kind": "equipment",
            "source": "mixed",
            "value": "35000.50",
            "acquired_on": "2025-05-01",
            "custodian": "社区居委会",
            "status": "in_use",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "division": self.tree[key].pk}

    def update_payload(self):
        return {"status": "idle"}


def audit_in(division, subject="社区工作经费专项审计"):
    return models.Audit.objects.create(
        division=division,
        subject=subject,
        fund="community_work",
        auditor="区审计局",
        period_from=date(2025, 1, 1),
        period_to=date(2025, 12, 31),
        held_on=date(2026, 3, 15),
    )


class AuditScopeTests(ScopeMatrix, TestCase):
    model = models.Audit
    export_key = "subject"

    @classmethod
    def make_object(cls, community):
        return audit_in(community, subject=f"专项审计{community.pk}")

    def create_payload(self, key):
        return {
            "division": self.tree[key].code,
            "subject": "基础设施经费专项审计",
            "fund": "infrastructure",
            "auditor": "区审计局",
            "period_from": "2025-01-01",
            "period_to": "2025-12-31",
            "held_on": "2026-04-01",
            "status": "open",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "division": self.tree[key].pk}

    def update_payload(self):
        return {"summary": "发现两项问题"}


class AuditFindingScopeTests(ScopeMatrix, TestCase):
    model = models.AuditFinding
    export_key = "finding"

    @classmethod
    def make_object(cls, community):
        return models.AuditFinding.objects.create(
            audit=audit_in(community, subject=f"审计{community.pk}"),
            finding=f"支出凭证不全{community.pk}",
            responsible="张会计",
            deadline=date(2026, 6, 30),
        )

    def create_payload(self, key):
        return {
            "audit": self.objects[key].audit_id,
            "finding": "专款未单独核算",
            "amount": "1200.00",
            "responsible": "李主任",
            "deadline": "2026-12-31",
        }

    def form_data(self, key):
        return self.create_payload(key)

    def update_payload(self):
        return {"measures": "补齐凭证并建立台账"}
