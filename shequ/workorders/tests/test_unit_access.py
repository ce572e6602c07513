"""Restriction by handling unit (issue #5, item 6): a unit's staff see and handle the orders with their unit wherever
they are, and only they take the unit's own steps; dispatching, closing and the call-back stay with the
jurisdiction of the place."""

from django.test import TestCase
from rest_framework.test import APIClient

from shequ.accounts.roles import Role
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.workorders import services
from shequ.workorders.choices import Source, UnitKind
from shequ.workorders.models import HandlingUnit, WorkOrder
from shequ.workorders.testing import make_desk


class UnitAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        # A city-wide water company; its clerk is department staff of the other district (湖里区).
        cls.water = HandlingUnit.objects.create(division=cls.tree["city"], name="自来水公司", kind=UnitKind.UTILITY)
        cls.clerk = make_user("water_clerk", Role.DEPARTMENT_STAFF, cls.tree["D2"])
        cls.water.staff.add(cls.clerk)
        city = cls.tree.users["city"]
        cls.leak = cls.submit("水管爆裂", "C1")
        services.transfer(cls.leak, cls.water, actor=city, note="供水问题")
        cls.other = cls.submit("楼道灯坏", "C1")  # stays with the community's unit

    @classmethod
    def submit(cls, text, key):
        return services.submit(
            acting_user=services.PUBLIC,
            source=Source.PHONE,
            request_type="report",
            category=cls.desk.child,
            description=text,
            community=cls.tree[key],
        )[0]

    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_unit_staff_see_their_units_orders_wherever_they_are_and_nothing_else_there(self):
        visible = WorkOrder.objects.restrict(self.clerk)
        self.assertEqual(list(visible.filter(division_code__startswith="350203")), [self.leak])
        listed = self.api(self.clerk).get("/api/workorders/orders/").data
        self.assertEqual([o["number"] for o in listed["results"]], [self.leak.number])
        self.assertEqual(self.api(self.clerk).get(f"/api/workorders/orders/{self.other.pk}/").status_code, 404)
        self.client.force_login(self.clerk)
        self.assertEqual(self.client.get(self.leak.get_absolute_url()).status_code, 200)
        self.assertEqual(self.client.get(self.other.get_absolute_url()).status_code, 404)

    def test_only_the_units_staff_take_its_steps_and_the_place_keeps_dispatch_and_close(self):
        community = self.api(self.tree.users["community"])
        refused = community.post(f"/api/workorders/orders/{self.leak.pk}/accept/", {})
        self.assertEqual(refused.status_code, 403)
        clerk = self.api(self.clerk)
        self.assertEqual(clerk.post(f"/api/workorders/orders/{self.leak.pk}/accept/", {}).status_code, 200)
        replied = clerk.post(f"/api/workorders/orders/{self.leak.pk}/reply/", {"text": "已抢修恢复供水。"})
        self.assertEqual(replied.data["status"], "replied")
        # Closing is the jurisdiction's: the clerk may not, the community may.
        self.assertEqual(clerk.post(f"/api/workorders/orders/{self.leak.pk}/close/", {}).status_code, 403)
        self.assertEqual(community.post(f"/api/workorders/orders/{self.leak.pk}/close/", {}).data["status"], "closed")
        self.assertEqual(
            list(self.leak.events.values_list("action", "actor__username")),
            [
                ("submit", None),
                ("dispatch", None),
                ("transfer", "city_user"),
                ("accept", "water_clerk"),
                ("reply", "water_clerk"),
                ("close", "community_user"),
            ],
        )

    def test_the_page_offers_each_user_only_their_steps(self):
        self.client.force_login(self.tree.users["community"])
        page = self.client.get(self.leak.get_absolute_url())
        self.assertEqual([key for key, _spec in page.context["actions"]], ["transfer", "urge"])
        refused = self.client.post(self.leak.get_absolute_url(), {"action": "accept"})
        self.assertEqual(refused.status_code, 403)
        self.client.force_login(self.clerk)
        page = self.client.get(self.leak.get_absolute_url())
        self.assertEqual([key for key, _spec in page.context["actions"]], ["accept", "return"])
        self.client.post(self.leak.get_absolute_url(), {"action": "accept"})
        self.leak.refresh_from_db()
        self.assertEqual((self.leak.status, self.leak.events.last().actor), ("accepted", self.clerk))

    def test_a_unit_without_staff_is_handled_within_its_own_division(self):
        # No staff on record: whoever may change orders in the unit's division handles it — the community's staff
        # for their community's unit; the street office's orders are the street's, even in that community.
        community = self.api(self.tree.users["community"])
        self.assertEqual(community.post(f"/api/workorders/orders/{self.other.pk}/accept/", {}).status_code, 200)
        services.transfer(self.other, self.desk.streets["S1"], actor=self.tree.users["city"], note="需街道协调")
        self.assertEqual(community.post(f"/api/workorders/orders/{self.other.pk}/accept/", {}).status_code, 403)
        street = self.api(self.tree.users["street"])
        self.assertEqual(street.post(f"/api/workorders/orders/{self.other.pk}/accept/", {}).status_code, 200)
