"""Scope matrix over the funding registers (issue #15; FIN-1, FIN-2, FIN-3; AC-1, AC-3)."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.funding import models
from shequ.funding.choices import AccountKind, EntryKind
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
