"""Scope matrix over the facility register (issue #16, FAC-2; AC-1, AC-3): registered by the street."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.facilities import models
from shequ.places.models import ResidentialArea


class FacilityScopeTests(ScopeMatrix, TestCase):
    model = models.Facility
    writer_level = "street"

    @classmethod
    def make_object(cls, community):
        return models.Facility.objects.create(
            community=community,
            name=f"党群服务中心{community.pk}",
            floor_area=Decimal("120.00"),
            registered_on=date(2025, 3, 1),
        )

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "name": "新活动室",
            "ownership": "leased",
            "floor_area": "60.50",
            "registered_on": "2026-05-01",
            "uses": [],
        }

    def form_data(self, key):
        payload = self.create_payload(key)
        del payload["uses"]
        return {**payload, "community": self.tree[key].pk, "rooms": "2"}

    def update_payload(self):
        return {"opening_hours": "周一至周五 8:30–17:30"}


class PlanningProjectScopeTests(ScopeMatrix, TestCase):
    model = models.PlanningProject

    @classmethod
    def make_object(cls, community):
        return models.PlanningProject.objects.create(
            community=community, name=f"新苑{community.pk}", required_area=Decimal("300.00")
        )

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新项目", "required_area": "200", "planned_area": "250"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk, "kind": "new_area", "fee_collected": "0"}

    def update_payload(self):
        return {"designed_on": "2025-01-10"}


def area_in(community):
    return ResidentialArea.objects.get_or_create(community=community, name=f"小区{community.pk}")[0]


class UpkeepIssueScopeTests(ScopeMatrix, TestCase):
    model = models.UpkeepIssue
    export_key = "area"

    @classmethod
    def make_object(cls, community):
        return models.UpkeepIssue.objects.create(
            area=area_in(community), standard="roads", description="路面破损", found_on=date(2026, 3, 1)
        )

    def create_payload(self, key):
        return {
            "area": area_in(self.tree[key]).pk,
            "standard": "lights",
            "description": "路灯不亮",
            "found_on": "2026-05-01",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "source": "inspection"}

    def update_payload(self):
        return {"fixed_on": "2026-05-03"}
