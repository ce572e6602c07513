"""The work-order state machine (issue #5; DESIGN.md §9; PP-1…PP-8): legal and illegal moves, time limits under a
frozen clock, returns and escalation, idempotency, duplicates, call-backs."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.test import TestCase

from shequ.core.models import ObjectChange
from shequ.core.testing.fixtures import build_tree
from shequ.regions.models import Division
from shequ.workorders import services
from shequ.workorders.choices import OrderStatus, Source
from shequ.workorders.models import OrderEvent, OutboxMessage, SweepRun, WorkOrder
from shequ.workorders.services import intake
from shequ.workorders.services.intake import PublicActor
from shequ.workorders.testing import make_desk

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
S = OrderStatus


class StateMachineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.staff = cls.tree.users["community"]

    def submit(self, **fields):
        values = {
            "source": Source.PHONE,
            "request_type": "help",
            "category": self.desk.child,
            "description": "楼下垃圾三天没有清运",
            "community": self.tree["C1"],
            "phone": "13812345678",
            **fields,
        }
        return services.submit(acting_user=self.tree.users["city"], **values)

    def alarms(self):
        return OutboxMessage.objects.filter(kind="alarm").order_by("id")

    def actions(self, order):
        return list(OrderEvent.objects.filter(order=order).values_list("action", "from_status", "to_status"))

    def test_intake_routes_by_category_parent_and_community_and_dispatches(self):
        with time_machine.travel(T0, tick=False):
            order, created = self.submit()
        self.assertTrue(created)
        self.assertEqual(
            (order.status, order.unit, order.division_code), (S.DISPATCHED, self.desk.communities["C1"], "350203001001")
        )
        self.assertEqual((order.yellow_at, order.red_at), (T0 + timedelta(minutes=30), T0 + timedelta(minutes=60)))
        self.assertEqual(self.actions(order), [("submit", "", "submitted"), ("dispatch", "submitted", "dispatched")])
        self.assertEqual(list(OutboxMessage.objects.values_list("kind", "order")), [("dispatch", order.pk)])
        self.assertEqual(order.caller_phone_masked, "138****5678")
        self.assertNotIn("13812345678", order.caller_phone_encrypted)
        unknown_place, _ = self.submit(community=None, phone="")
        self.assertEqual((unknown_place.unit, unknown_place.division_code), (self.desk.hotline, "350200000000"))

    def test_full_path_and_every_illegal_move(self):
        order, _ = self.submit()
        with self.assertRaises(services.IllegalTransition):
            services.close(order, actor=self.staff)  # closing without a reply
        with self.assertRaises(services.IllegalTransition):
            services.reply(order, actor=self.staff, text="已处理")  # not accepted yet
        services.accept(order, actor=self.staff)
        with self.assertRaises(services.IllegalTransition):
            services.accept(order, actor=self.staff)
        with self.assertRaises(services.IllegalTransition):
            services.return_order(order, actor=self.staff, reason="不归我们管")
        services.start(order, actor=self.staff)
        with self.assertRaises(ValidationError):
            services.reply(order, actor=self.staff, text="  ")
        services.reply(order, actor=self.staff, text="已联系环卫站清运完毕。")
        with self.assertRaises(services.IllegalTransition):
            services.dispatch(order, self.desk.hotline, actor=self.staff)
        services.close(order, actor=self.staff)
        for step in (
            lambda: services.accept(order, actor=self.staff),
            lambda: services.start(order, actor=self.staff),
            lambda: services.close(order, actor=self.staff),
            lambda: services.transfer(order, self.desk.hotline, actor=self.staff, note="转办"),
        ):
            with self.assertRaises(services.IllegalTransition):
                step()
        order.refresh_from_db()
        self.assertEqual(order.status, S.CLOSED)
        self.assertEqual(
            [a for a, _f, _t in self.actions(order)], ["submit", "dispatch", "accept", "start", "reply", "close"]
        )

    def test_two_returns_escalate_to_the_unit_above(self):
        order, _ = self.submit()
        with self.assertRaises(ValidationError):
            services.return_order(order, actor=self.staff, reason="")
        services.return_order(order, actor=self.staff, reason="不属于本社区")
        order.refresh_from_db()
        self.assertEqual((order.status, order.return_count, order.unit), (S.RETURNED, 1, self.desk.communities["C1"]))
        services.dispatch(order, self.desk.communities["C1"], actor=self.tree.users["city"], note="请再核实")
        services.return_order(order, actor=self.staff, reason="仍不属于本社区")
        order.refresh_from_db()
        self.assertEqual(
            (order.status, order.return_count, order.escalations, order.unit),
            (S.DISPATCHED, 2, 1, self.desk.streets["S1"]),
        )
        self.assertEqual([a for a, _f, _t in self.actions(order)][-4:], ["dispatch", "return", "escalate", "dispatch"])

    def test_time_limits_and_the_sweep_under_a_frozen_clock(self):
        with time_machine.travel(T0, tick=False):
            normal, _ = self.submit()
            urgent, _ = self.submit(emergency=True, phone="13900001111")
        self.assertEqual(urgent.red_at, T0 + timedelta(minutes=10))
        self.assertEqual(services.sweep(T0 + timedelta(minutes=4)), {"red": 0, "yellow": 0})
        self.assertEqual(services.sweep(T0 + timedelta(minutes=5)), {"red": 0, "yellow": 1})  # urgent: half of 10
        self.assertEqual(services.sweep(T0 + timedelta(minutes=10)), {"red": 1, "yellow": 0})
        self.assertEqual(services.sweep(T0 + timedelta(minutes=30)), {"red": 0, "yellow": 1})
        self.assertEqual(services.sweep(T0 + timedelta(minutes=60)), {"red": 1, "yellow": 0})
        self.assertEqual(services.sweep(T0 + timedelta(minutes=61)), {"red": 0, "yellow": 0})
        self.assertEqual(
            [(o.number, o.alert_at(T0 + timedelta(minutes=61))) for o in WorkOrder.objects.unscoped("test")],
            [(urgent.number, "red"), (normal.number, "red")],
        )
        self.assertEqual(
            [(alarm.payload["unit_name"], alarm.payload["red"], alarm.payload["yellow"]) for alarm in self.alarms()],
            [("鸿山社区居委会", 0, 1), ("鸿山社区居委会", 1, 0), ("鸿山社区居委会", 0, 1), ("鸿山社区居委会", 1, 0)],
        )
        self.assertEqual(
            [(run.until, run.red, run.yellow, run.units) for run in SweepRun.objects.order_by("until")][:3],
            [
                (T0 + timedelta(minutes=4), 0, 0, 0),
                (T0 + timedelta(minutes=5), 0, 1, 1),
                (T0 + timedelta(minutes=10), 1, 0, 1),
            ],
        )
        # A pass at or before the previous one finds nothing new (a second clock started by mistake alarms nobody).
        self.assertEqual(services.sweep(T0 + timedelta(minutes=61)), {"red": 0, "yellow": 0})
        self.assertEqual(SweepRun.objects.count(), 6)
        with time_machine.travel(T0 + timedelta(minutes=70), tick=False):
            services.accept(normal, actor=self.staff)
        normal.refresh_from_db()
        # Handling counts from dispatch too: yellow after 24 h, red after 48 h; acceptance cleared the alert.
        self.assertEqual(
            (normal.alert_at(T0 + timedelta(minutes=70)), normal.yellow_at, normal.red_at),
            ("", T0 + timedelta(hours=24), T0 + timedelta(hours=48)),
        )
        self.assertEqual(services.sweep(T0 + timedelta(hours=24)), {"red": 0, "yellow": 1})
        # Passes older than a week are pruned at each pass.
        services.sweep(T0 + timedelta(days=7, minutes=30))
        self.assertEqual(
            list(SweepRun.objects.order_by("until").values_list("until", flat=True)),
            [
                T0 + timedelta(minutes=30),
                T0 + timedelta(minutes=60),
                T0 + timedelta(minutes=61),
                T0 + timedelta(hours=24),
                T0 + timedelta(days=7, minutes=30),
            ],
        )

    def test_extension_request_and_approval(self):
        order, _ = self.submit()
        services.accept(order, actor=self.staff)
        order.refresh_from_db()
        later = order.red_at + timedelta(days=3)
        with self.assertRaises(ValidationError):
            services.request_extension(order, actor=self.staff, until=order.red_at, reason="需协调物业")
        services.request_extension(order, actor=self.staff, until=later, reason="需协调物业")
        with self.assertRaises(services.IllegalTransition):
            services.request_extension(order, actor=self.staff, until=later, reason="再延")
        services.decide_extension(order, actor=self.tree.users["street"], approve=True)
        order.refresh_from_db()
        self.assertEqual((order.red_at, order.extension_until), (later, None))
        # A refused request leaves the limit where it was.
        services.request_extension(order, actor=self.staff, until=later + timedelta(days=1), reason="仍需协调")
        services.decide_extension(order, actor=self.tree.users["street"], approve=False, note="不予延期")
        order.refresh_from_db()
        self.assertEqual((order.red_at, order.extension_until, order.extension_reason), (later, None, ""))
        self.assertEqual(
            [a for a, _f, _t in self.actions(order)][-4:],
            ["request_extension", "approve_extension", "request_extension", "reject_extension"],
        )

    def test_idempotent_intake_and_conflicting_replay(self):
        first, created = self.submit(idempotency_key="k-1")
        again, created_again = self.submit(idempotency_key="k-1")
        self.assertEqual((created, created_again, again.pk), (True, False, first.pk))
        with self.assertRaises(services.IdempotencyConflict):
            self.submit(idempotency_key="k-1", description="另一件事")
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 1)

    def test_a_taken_receipt_number_is_drawn_again_and_nothing_half_written_remains(self):
        first, _ = self.submit(phone="")
        numbers = iter([first.number, first.number, "26060100000002"])
        with mock.patch.object(intake, "_next_number", lambda now: next(numbers)):
            second, created = self.submit(phone="", description="另一件事")
        self.assertEqual((created, second.number), (True, "26060100000002"))
        self.assertEqual(OrderEvent.objects.filter(order=second).count(), 2)
        numbers = iter([first.number] * services.NUMBER_ATTEMPTS)
        with mock.patch.object(intake, "_next_number", lambda now: next(numbers)):
            with self.assertRaises(IntegrityError):
                self.submit(phone="", description="第三件事")
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 2)
        self.assertEqual(OrderEvent.objects.count(), 4)

    def test_likely_duplicates_are_linked_not_dispatched(self):
        with time_machine.travel(T0, tick=False):
            first, _ = self.submit()
        with time_machine.travel(T0 + timedelta(hours=71), tick=False):
            second, _ = self.submit(description="垃圾还是没人清运")
            other_place, _ = self.submit(community=self.tree["C2"])
        with time_machine.travel(T0 + timedelta(hours=73), tick=False):
            late, _ = self.submit(phone="138 1234 5678", description="第三次反映")
        self.assertEqual((second.status, second.duplicate_of, second.unit), (S.CLOSED, first, None))
        self.assertEqual(second.reply, f"已关联到工单 {first.number}，由该工单处理同一诉求。")
        self.assertEqual((other_place.duplicate_of, other_place.status), (None, S.DISPATCHED))
        self.assertEqual((late.duplicate_of, late.status), (None, S.DISPATCHED))
        self.assertEqual(OutboxMessage.objects.filter(order=second).count(), 0)

    def test_callback_once_and_not_solved_reopens(self):
        order, _ = self.submit()
        services.accept(order, actor=self.staff)
        services.reply(order, actor=self.staff, text="已清运。")
        with self.assertRaises(services.IllegalTransition):
            services.record_callback(order, actor=self.staff, satisfaction="satisfied", solved=True)
        services.close(order, actor=self.staff)
        services.record_callback(order, actor=self.tree.users["city"], satisfaction="unsatisfied", solved=False)
        order.refresh_from_db()
        self.assertEqual(
            (order.status, order.satisfaction, order.unit), (S.DISPATCHED, "unsatisfied", self.desk.communities["C1"])
        )
        self.assertEqual([a for a, _f, _t in self.actions(order)][-3:], ["callback", "reopen", "dispatch"])
        services.accept(order, actor=self.staff)
        services.reply(order, actor=self.staff, text="再次清运并加装垃圾桶。")
        services.close(order, actor=self.staff)
        with self.assertRaises(services.IllegalTransition):
            services.record_callback(order, actor=self.staff, satisfaction="satisfied", solved=True)

    def test_bad_intake_is_refused_with_field_errors(self):
        cases = [
            ({"description": ""}, {"description": ["请描述诉求内容。"]}),
            ({"description": "长" * 5001}, {"description": ["最多 5000 个字符。"]}),
            ({"category": None}, {"category": ["未知的诉求分类。"]}),
            ({"phone": "12345"}, {"phone": ["电话号码既不是大陆手机号码，也不是带区号的固定电话。"]}),
            ({"community": self.tree["S1"]}, {"community": ["请选择社区。"]}),
        ]
        for fields, errors in cases:
            with self.subTest(fields=list(fields)), self.assertRaises(ValidationError) as raised:
                self.submit(**fields)
            self.assertEqual(raised.exception.message_dict, errors)
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 0)


class SetupTests(TestCase):
    def test_the_demo_call_centre_routes_by_level_and_is_idempotent(self):
        from io import StringIO

        from django.core.management import call_command

        from shequ.workorders.models import Category, HandlingUnit, RoutingRule

        tree = build_tree()
        out = StringIO()
        call_command("setup_call_centre", "--city", "350200000000", stdout=out)
        call_command("setup_call_centre", "--city", "350200000000", stdout=out)
        self.assertEqual(out.getvalue().splitlines()[-1], "Call centre: 0 records created.")
        routes = {
            code: services.route(Category.objects.get(code=code), tree["C1"]).name
            for code in ("0101", "0102", "0103", "05", "03", "0301", "0302", "0303")
        }
        self.assertEqual(
            routes,
            {
                "0101": "鸿山社区居委会",
                "0102": "思明区城市管理局",
                "0103": "厦港街道办事处",
                "05": "12345市民热线中心",
                # The street's property centre and stations (PROP-3).
                "03": "厦港街道物业管理中心",
                "0301": "厦港街道应急维修站",
                "0302": "厦港街道物业纠纷受理站",
                "0303": "厦港街道应急维修站",
            },
        )
        station = HandlingUnit.objects.get(name="厦港街道物业纠纷受理站")
        self.assertEqual((station.kind, station.parent.name), ("property_disputes", "厦港街道物业管理中心"))
        self.assertEqual(services.route(Category.objects.get(code="0101"), None).name, "12345市民热线中心")
        # Only problems in public space may be published (issue #12).
        self.assertEqual(
            list(Category.objects.filter(public=True).values_list("code", flat=True)), ["01", "0101", "0102"]
        )
        # Routing is remembered per process, and a changed rule is seen by the next intake.
        rule = RoutingRule.objects.get(category__code="0101", division=tree["C1"])
        rule.unit = HandlingUnit.objects.get(name="厦港街道办事处")
        rule.save()
        self.assertEqual(services.route(Category.objects.get(code="0101"), tree["C1"]).name, "厦港街道办事处")


class IntakeActorTests(TestCase):
    """Who takes a request in is checked by `submit` itself (issue #11), not by each of its callers: a user where
    they may add work orders, `PUBLIC` (the portal, Open311) anywhere in the city, nobody else."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def submit(self, acting_user, community, **fields):
        values = {
            "source": Source.PHONE,
            "request_type": "help",
            "category": self.desk.child,
            "description": "路灯不亮",
        }
        return services.submit(acting_user=acting_user, community=community, **{**values, **fields})

    def test_whoever_may_not_submit_there_is_refused_and_nothing_is_written(self):
        elsewhere = Division(code="350102001001", name="外市社区", level="community")  # not of this city
        refused = (
            ("community staff of C1, for C4", self.tree.users["community"], self.tree["C4"]),
            ("street staff of S1, for C4", self.tree.users["street"], self.tree["C4"]),
            ("no permission, no place", self.tree.users["unpermitted"], None),
            ("no permission", self.tree.users["unpermitted"], self.tree["C1"]),
            ("auditor", self.tree.users["auditor"], self.tree["C1"]),
            ("anonymous", AnonymousUser(), self.tree["C1"]),
            ("another public actor", PublicActor(), self.tree["C1"]),
            ("None", None, self.tree["C1"]),
            ("the public, outside the city", services.PUBLIC, elsewhere),
        )
        for name, actor, community in refused:
            with self.subTest(name):
                with self.assertRaises(PermissionDenied):
                    self.submit(actor, community, phone="13812345678", idempotency_key=f"k-{name}")
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 0)
        self.assertEqual((OrderEvent.objects.count(), OutboxMessage.objects.count()), (0, 0))
        self.assertFalse(ObjectChange.objects.filter(object_type__app_label="workorders").exists())

    def test_a_user_in_their_jurisdiction_and_the_public_in_the_city_are_taken(self):
        community = self.tree.users["community"]
        by_staff, _ = self.submit(community, self.tree["C1"])
        unknown_place, _ = self.submit(community, None, description="不知道在哪")
        by_public, _ = self.submit(services.PUBLIC, self.tree["C4"], description="湖里的路灯")
        self.assertEqual(
            [(o.created_by, o.division_code, o.status) for o in (by_staff, unknown_place, by_public)],
            [
                (community, "350203001001", "dispatched"),
                (community, "350200000000", "dispatched"),
                (None, "350206001001", "dispatched"),
            ],
        )
        # The public actor is never recorded as anyone.
        self.assertEqual(list(by_public.events.values_list("actor", flat=True)), [None, None])
