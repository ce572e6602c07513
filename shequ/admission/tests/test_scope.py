"""Scope matrix over the admission registers (issue #15, ADM-1; AC-1, AC-3)."""

from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from shequ.accounts.models import Department
from shequ.admission import models
from shequ.admission.choices import ItemKind, ItemStatus
from shequ.core.testing.scope import ScopeMatrix


def department_in(division):
    return Department.objects.get_or_create(division=division, name=f"{division.name}民政科")[0]


def item_in(division, status=ItemStatus.PUBLISHED):
    return models.AdmittedItem.objects.create(
        department=department_in(division),
        code=f"ZR-{division.code[-4:]}",
        name="居民信息台账",
        kind=ItemKind.LEDGER,
        legal_basis="《城市居民委员会组织法》第三条",
        funding_per_community=Decimal("5000.00"),
        valid_from=date(2020, 1, 1),
        status=status,
    )


class AdmittedItemScopeTests(ScopeMatrix, TestCase):
    model = models.AdmittedItem
    writer_level = "district"
    export_key = "code"

    @classmethod
    def make_object(cls, community):
        return item_in(community, status=ItemStatus.DRAFT)

    def create_payload(self, key):
        return {
            "department": department_in(self.tree[key]).pk,
            "code": "ZR-NEW",
            "name": "安全生产检查",
            "kind": "inspection",
            "legal_basis": "《安全生产法》",
            "funding_per_community": "1200.50",
            "valid_from": "2026-01-01",
        }

    form_data = create_payload

    def update_payload(self):
        return {"name": "消防安全检查"}


class CommunityRequestScopeTests(ScopeMatrix, TestCase):
    model = models.CommunityRequest
    writer_level = "street"
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return models.CommunityRequest.objects.create(
            community=community, item=item_in(community), title=f"报送台账{community.pk}", sent_on=date(2026, 3, 2)
        )

    def create_payload(self, key):
        return {"community": self.tree[key].code, "item": self.objects[key].item_id, "title": "报送三月台账"}

    def form_data(self, key):
        return {
            **self.create_payload(key),
            "community": self.tree[key].pk,
            "sent_on": timezone.localdate().isoformat(),
        }

    def update_payload(self):
        return {"title": "报送四月台账"}
