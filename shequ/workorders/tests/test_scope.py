"""Scope of the call centre's registers (issue #5): units and routing by jurisdiction, orders by where they
happened, the category catalogue by permission only."""

from django.test import TestCase
from rest_framework.test import APIClient

from shequ.core.testing.fixtures import build_tree
from shequ.core.testing.scope import ScopeMatrix
from shequ.workorders import services
from shequ.workorders.models import Category, HandlingUnit, RoutingRule, WorkOrder
from shequ.workorders.testing import make_desk


def category():
    return Category.objects.get_or_create(
        code="09",
        defaults={
            "name": "其他",
            "accept_yellow": 30,
            "accept_red": 60,
            "handle_yellow": 600,
            "handle_red": 1440,
            "emergency_accept_red": 10,
            "emergency_handle_red": 120,
        },
    )[0]


def unit_in(community):
    return HandlingUnit.objects.get_or_create(division=community, name=community.name, kind="community")[0]


class HandlingUnitScopeTests(ScopeMatrix, TestCase):
    model = HandlingUnit

    @classmethod
    def make_object(cls, community):
        return unit_in(community)

    def create_payload(self, key):
        return {"division": self.tree[key].pk, "name": "某物业公司", "kind": "property"}

    def form_data(self, key):
        return {**self.create_payload(key), "active": "on"}

    def update_payload(self):
        return {"contact": "王经理"}


class RoutingRuleScopeTests(ScopeMatrix, TestCase):
    model = RoutingRule
    export_key = "category"

    @classmethod
    def make_object(cls, community):
        return RoutingRule.objects.create(category=category(), division=community, unit=unit_in(community))

    def create_payload(self, key):
        other = Category.objects.get_or_create(
            code="08",
            defaults={
                "name": "物业",
                "accept_yellow": 30,
                "accept_red": 60,
                "handle_yellow": 600,
                "handle_red": 1440,
                "emergency_accept_red": 10,
                "emergency_handle_red": 120,
            },
        )[0]
        return {"category": other.code, "division": self.tree[key].pk, "unit": self.objects[key].unit_id}

    def form_data(self, key):
        return {**self.create_payload(key), "category": Category.objects.get(code="08").pk}

    def update_payload(self):
        other = HandlingUnit.objects.get_or_create(division=self.tree["C1"], name="鸿山物业", kind="property")[0]
        return {"unit": other.pk}


class WorkOrderScopeTests(ScopeMatrix, TestCase):
    """Orders change only through their steps: the matrix covers reads (lists, counts, exports, details)."""

    model = WorkOrder
    export_key = "number"
    read_only = True

    @classmethod
    def make_object(cls, community):
        order, _created = services.submit(
            acting_user=services.PUBLIC,
            source="phone",
            request_type="help",
            category=category(),
            description="路灯不亮",
            community=community,
        )
        return order

    def test_read_only_register_refuses_writes(self):
        api = self.api("city")
        self.assertEqual(api.patch(self.api_url("detail", self.objects["C1"].pk), {}).status_code, 405)
        self.assertEqual(api.delete(self.api_url("detail", self.objects["C1"].pk)).status_code, 405)


class CategoryCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        make_desk(cls.tree)

    def test_everyone_with_the_permission_reads_only_the_city_writes(self):
        body = {
            "code": "02",
            "name": "市政设施",
            "accept_yellow": 30,
            "accept_red": 60,
            "handle_yellow": 60,
            "handle_red": 120,
            "emergency_accept_red": 10,
            "emergency_handle_red": 30,
        }
        for level, expected in (("community", 403), ("street", 403), ("district", 403), ("city", 201)):
            api = APIClient()
            api.force_login(self.tree.users[level])
            with self.subTest(level=level):
                self.assertEqual(api.get("/api/workorders/categories/").data["count"], 2)
                self.assertEqual(api.post("/api/workorders/categories/", body, format="json").status_code, expected)
        self.assertEqual(APIClient().get("/api/workorders/categories/").status_code, 401)

    def test_yellow_must_come_before_red(self):
        self.client.force_login(self.tree.users["city"])
        response = self.client.post(
            "/workorders/categories/add/",
            {
                "code": "03",
                "name": "噪声",
                "accept_yellow": 60,
                "accept_red": 60,
                "handle_yellow": 10,
                "handle_red": 120,
                "emergency_accept_red": 10,
                "emergency_handle_red": 30,
                "active": "on",
            },
        )
        self.assertEqual(response.context["form"].errors, {"accept_yellow": ["黄牌预警时间必须早于红牌时限。"]})
