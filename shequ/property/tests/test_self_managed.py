"""Self-managed areas (issue #16 "Tests and proof"; PROP-2): the charge per household at cost for a given cost and
household count, following the cost items; no charge published for an area with no households."""

from decimal import Decimal

import time_machine
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.places.models import ResidentialArea
from shequ.property.models import CostItem, SelfManagedArea, charge_at_cost

URL = "/api/property/self-managed-areas/"


class ChargeTests(TestCase):
    def test_the_charge_at_cost(self):
        self.assertEqual(charge_at_cost(Decimal("64800"), 120), Decimal("45.00"))
        self.assertEqual(charge_at_cost(Decimal("10000"), 7), Decimal("119.05"))  # 119.047… rounds half up
        self.assertEqual(charge_at_cost(Decimal("0"), 50), Decimal("0.00"))
        self.assertIsNone(charge_at_cost(Decimal("10000"), 0))


@time_machine.travel(NOW, tick=False)
class SelfManagedAreaTests(BoundsMixin, TestCase):
    model = SelfManagedArea

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.area = ResidentialArea.objects.create(community=cls.tree["C1"], name="大生里")

    def test_the_charge_follows_costs_and_households(self):
        body = {"area": self.area.pk, "started_on": "2023-01-01", "organiser": "大生里自管小组"}
        self.assert_api_refuses(
            URL,
            {**body, "households": 0, "published_on": "2024-01-05"},
            "published_on",
            "未登记收费户数的小区没有可公开的户均收费。",
        )
        response = self.assert_api_accepts(URL, {**body, "households": 120, "monthly_charge": "1.00"})
        self.assertEqual(response.data["monthly_charge"], "0.00")  # no cost yet; never written
        self_managed = SelfManagedArea.objects.get()
        self.model = CostItem
        items = "/api/property/cost-items/"
        cost = {"self_managed": self_managed.pk, "service": "cleaning", "name": "保洁员工资"}
        self.assert_api_refuses(items, {**cost, "annual_cost": "0"}, "annual_cost", "请确保该值大于或者等于 0.01。")
        self.assert_api_accepts(items, {**cost, "annual_cost": "28800"})
        self.assert_api_accepts(items, {**cost, "service": "security", "name": "门卫", "annual_cost": "36000"})
        self_managed.refresh_from_db()
        self.assertEqual(self_managed.monthly_charge, Decimal("45.00"))  # 64,800 / 120 / 12
        self.model = SelfManagedArea
        response = self.assert_api_accepts(f"{URL}{self_managed.pk}/", {"households": 7}, method="patch")
        self.assertEqual(response.data["monthly_charge"], "771.43")
        CostItem.objects.get(name="门卫").delete()
        self_managed.refresh_from_db()
        self.assertEqual(self_managed.monthly_charge, Decimal("342.86"))  # 28,800 / 7 / 12
