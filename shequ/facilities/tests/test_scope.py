"""Scope matrix over the facility register (issue #16, FAC-2; AC-1, AC-3): registered by the street."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.facilities import models


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
