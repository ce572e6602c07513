"""Scope matrix over the property registers (issue #16, PROP-1; AC-1, AC-3)."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.places.models import ResidentialArea
from shequ.property import models

OPENINGS = {
    "service_content": "保洁、秩序维护",
    "service_standard": "二级",
    "fees": "1.5 元/平方米·月",
    "use_of_fees": "人员 60%",
}


def area_in(community):
    return ResidentialArea.objects.get_or_create(community=community, name=f"小区{community.pk}")[0]


class OwnersCommitteeScopeTests(ScopeMatrix, TestCase):
    model = models.OwnersCommittee
    export_key = "area"

    @classmethod
    def make_object(cls, community):
        return models.OwnersCommittee.objects.create(
            area=area_in(community),
            elected_on=date(2024, 5, 1),
            term_start=date(2024, 6, 1),
            electorate_households=500,
            voted_households=400,
            members=5,
        )

    def create_payload(self, key):
        return {
            "area": area_in(self.tree[key]).pk,
            "elected_on": "2025-05-01",
            "term_start": "2025-06-01",
            "electorate_households": 300,
            "voted_households": 200,
            "members": 5,
        }

    form_data = create_payload

    def update_payload(self):
        return {"director_name": "王建国"}


class ServiceContractScopeTests(ScopeMatrix, TestCase):
    model = models.ServiceContract
    export_key = "area"

    @classmethod
    def make_object(cls, community):
        return models.ServiceContract.objects.create(
            area=area_in(community),
            company_name="厦门鸿山物业服务有限公司",
            credit_code="91350203MA2YB12346",
            selected_on=date(2024, 3, 1),
            starts_on=date(2024, 4, 1),
            **OPENINGS,
        )

    def create_payload(self, key):
        return {
            "area": area_in(self.tree[key]).pk,
            "version": 2,
            "company_name": "厦门蜂巢物业管理有限公司",
            "credit_code": "91350206MA31XK7Q00",
            "selected_on": "2025-03-01",
            "starts_on": "2025-04-01",
            **OPENINGS,
        }

    def form_data(self, key):
        return {**self.create_payload(key), "selection": "public_tender"}

    def update_payload(self):
        return {"ends_on": "2027-03-31"}


def self_managed_in(community):
    return models.SelfManagedArea.objects.get_or_create(
        area=area_in(community),
        defaults={"started_on": date(2023, 1, 1), "organiser": "居民自管小组", "households": 100},
    )[0]


class SelfManagedAreaScopeTests(ScopeMatrix, TestCase):
    model = models.SelfManagedArea
    export_key = "area"

    @classmethod
    def make_object(cls, community):
        return self_managed_in(community)

    def create_payload(self, key):
        community = self.tree[key]
        area = ResidentialArea.objects.get_or_create(community=community, name=f"新小区{community.pk}")[0]
        return {"area": area.pk, "started_on": "2024-01-01", "organiser": "自管小组", "households": 60}

    form_data = create_payload

    def update_payload(self):
        return {"households": 80}


class CostItemScopeTests(ScopeMatrix, TestCase):
    model = models.CostItem

    @classmethod
    def make_object(cls, community):
        return models.CostItem.objects.create(
            self_managed=self_managed_in(community), service="cleaning", name="保洁", annual_cost=Decimal("12000.00")
        )

    def create_payload(self, key):
        return {
            "self_managed": self_managed_in(self.tree[key]).pk,
            "service": "security",
            "name": "门卫",
            "annual_cost": "24000.00",
        }

    form_data = create_payload

    def update_payload(self):
        return {"annual_cost": "13000.00"}


class CollectionScopeTests(ScopeMatrix, TestCase):
    model = models.Collection
    export_key = "self_managed"

    @classmethod
    def make_object(cls, community):
        return models.Collection.objects.create(
            self_managed=self_managed_in(community),
            month=date(2026, 9, 1),
            households_paid=90,
            amount=Decimal("4050.00"),
            collected_on=date(2026, 9, 30),
        )

    def create_payload(self, key):
        return {
            "self_managed": self_managed_in(self.tree[key]).pk,
            "month": "2026-10-01",
            "households_paid": 80,
            "amount": "3600.00",
            "collected_on": "2026-10-31",
        }

    form_data = create_payload

    def update_payload(self):
        return {"note": "2 户补缴"}
