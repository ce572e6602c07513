"""Restriction by handling unit (issue #5, item 6): a unit's staff see and handle the orders with their unit wherever
they are, and only they take the unit's own steps; dispatching, closing and the call-back stay with the
jurisdiction of the place."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.accounts.roles import Role
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.workorders import access, services
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


# Every step and decision, and who takes it (the hand-written expectation, not `steps.STEPS`).
HANDLER_STEPS = {"accept", "return", "start", "reply", "extend"}
SUPERVISOR_STEPS = {
    "transfer",
    "urge",
    "dispatch",
    "close",
    "handle_on_spot",
    "reopen",
    "decide_extension",
    "callback",
    "publish",
}
NOT_HANDLER = "只有工单承办单位的工作人员可以执行此操作。"
NOT_SUPERVISOR = "只有工单所在地的管辖人员可以执行此操作。"


class AccessGuardTests(TestCase):
    """The guards of `access` one by one (issue #20): each is the only thing that stops the user it names."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.water = HandlingUnit.objects.create(division=cls.tree["city"], name="自来水公司", kind=UnitKind.UTILITY)
        cls.clerk = make_user("water_clerk", Role.DEPARTMENT_STAFF, cls.tree["D2"])
        cls.water.staff.add(cls.clerk)
        cls.root = make_user("root", is_superuser=True)
        cls.leak = UnitAccessTests.submit.__func__(cls, "水管爆裂", "C1")
        cls.leak = services.transfer(cls.leak, cls.water, actor=cls.tree.users["city"], note="供水问题")

    def fresh(self, user, **fields):
        """The user read again (no cached units), with `fields` saved."""
        for name, value in fields.items():
            setattr(user, name, value)
        user.save()
        return type(user).objects.get(pk=user.pk)

    def assert_refused_in_perform(self, user, step, message, **inputs):
        before = (self.leak.status, self.leak.events.count())
        with self.assertRaises(PermissionDenied) as caught:
            services.perform(self.leak, step, actor=user, **inputs)
        self.assertEqual(str(caught.exception), message)
        self.leak.refresh_from_db()
        self.assertEqual((self.leak.status, self.leak.events.count()), before)

    def test_a_deactivated_unit_clerk_handles_nothing(self):
        clerk = self.fresh(self.clerk, is_active=False)
        self.assertEqual(access.unit_ids(clerk), frozenset())
        self.assertIs(access.handles(clerk, self.water), False)
        self.assertEqual(
            {step: access.may_act(clerk, self.leak, step) for step in HANDLER_STEPS},
            dict.fromkeys(HANDLER_STEPS, False),
        )
        self.assertEqual(access.refusal(clerk, self.leak, "accept"), NOT_HANDLER)
        self.assertEqual(list(WorkOrder.objects.restrict(clerk)), [])
        self.assert_refused_in_perform(clerk, "accept", NOT_HANDLER)
        # Active again, the same clerk handles the unit's orders: the refusal above was the deactivation's.
        clerk = self.fresh(clerk, is_active=True)
        self.assertEqual(access.unit_ids(clerk), frozenset({self.water.pk}))
        self.assertIsNone(access.refusal(clerk, self.leak, "accept"))

    def test_a_deactivated_superuser_handles_nothing(self):
        root = self.fresh(self.root, is_active=False)
        self.assertIs(access.handles(root, self.water), False)
        self.assertEqual(access.refusal(root, self.leak, "start"), NOT_HANDLER)
        self.assertEqual(access.refusal(root, self.leak, "dispatch"), NOT_SUPERVISOR)
        self.assertIs(access.handles(self.fresh(root, is_active=True), self.water), True)

    def test_an_anonymous_user_handles_nothing(self):
        anonymous = AnonymousUser()
        self.assertEqual(access.unit_ids(anonymous), frozenset())
        self.assertIs(access.handles(anonymous, self.water), False)
        self.assertEqual(access.refusal(anonymous, self.leak, "accept"), NOT_HANDLER)
        self.assertEqual(access.refusal(anonymous, self.leak, "close"), NOT_SUPERVISOR)

    def test_an_order_without_a_unit_is_handled_by_nobody_not_even_a_superuser(self):
        self.assertIs(access.handles(self.root, None), False)
        self.assertIs(access.handles(self.clerk, None), False)

    def test_a_unit_with_staff_is_handled_only_by_them(self):
        # The community's own unit, with a registered clerk: the community's staff, who may change orders there and
        # would handle the unit were it without staff, may not; its clerk may; a superuser may.
        unit = self.desk.communities["C1"]
        order = UnitAccessTests.submit.__func__(self, "楼道灯坏", "C1")
        self.assertEqual(order.unit, unit)
        community = self.tree.users["community"]
        self.assertIs(access.handles(community, unit), True)  # no staff yet
        helper = make_user("c1_helper", Role.DEPARTMENT_STAFF, self.tree["D2"])
        unit.staff.add(helper)
        community = self.fresh(community)
        self.assertIs(access.handles(community, unit), False)
        self.assertEqual(access.refusal(community, order, "accept"), NOT_HANDLER)
        self.assertIs(access.handles(self.fresh(helper), unit), True)
        self.assertIs(access.handles(self.root, unit), True)
        response = APIClient()
        response.force_authenticate(community)
        refused = response.post(f"/api/workorders/orders/{order.pk}/accept/", {})
        self.assertEqual(refused.status_code, 403)
        order.refresh_from_db()
        self.assertEqual(order.status, "dispatched")

    def test_a_unit_clerk_has_exactly_the_handlers_rights(self):
        clerk = self.fresh(self.clerk)
        rights = access.StepRights(clerk, self.leak)
        self.assertEqual(
            {step: rights(step) for step in HANDLER_STEPS | SUPERVISOR_STEPS},
            {**dict.fromkeys(HANDLER_STEPS, True), **dict.fromkeys(SUPERVISOR_STEPS, False)},
        )
        self.assertEqual(
            {step: access.refusal(clerk, self.leak, step) for step in HANDLER_STEPS | SUPERVISOR_STEPS},
            {**dict.fromkeys(HANDLER_STEPS), **dict.fromkeys(SUPERVISOR_STEPS, NOT_SUPERVISOR)},
        )
        for step in ("dispatch", "reopen", "decide_extension", "callback", "handle_on_spot"):
            with self.subTest(step=step):
                self.assert_refused_in_perform(clerk, step, NOT_SUPERVISOR, text="理由", satisfaction="satisfied")

    def test_the_places_staff_have_exactly_the_supervisors_rights(self):
        community = self.fresh(self.tree.users["community"])
        rights = access.StepRights(community, self.leak)
        self.assertEqual(
            {step: rights(step) for step in HANDLER_STEPS | SUPERVISOR_STEPS},
            {**dict.fromkeys(HANDLER_STEPS, False), **dict.fromkeys(SUPERVISOR_STEPS, True)},
        )
        for step in ("accept", "start", "extend"):
            with self.subTest(step=step):
                self.assert_refused_in_perform(community, step, NOT_HANDLER)
