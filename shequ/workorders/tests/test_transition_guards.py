"""Each guard and each write of the work-order steps, asserted exactly (issue #20; issue #5, SVC-5, PP-1…PP-8): the
limits of an extension, the reply's checks, what a step records (state, times, event, outbox), the call-back and
the publication decision — so that a loosened comparison or a dropped write in `services.transitions` fails here
(`make mutate`)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from shequ.core.testing.fixtures import build_tree
from shequ.workorders import services
from shequ.workorders.choices import OrderStatus, Source
from shequ.workorders.models import OrderEvent, OutboxMessage, WorkOrder
from shequ.workorders.services import transitions
from shequ.workorders.steps import STEPS
from shequ.workorders.testing import make_desk

S = OrderStatus


class TransitionGuardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.staff = cls.tree.users["community"]
        cls.unit = cls.desk.communities["C1"]

    def submit(self, phone="13812345678", **fields):
        return services.submit(
            acting_user=self.tree.users["city"],
            source=fields.pop("source", Source.PHONE),
            request_type="help",
            category=self.desk.child,
            description=fields.pop("description", "楼道灯坏了"),
            community=self.tree["C1"],
            phone=phone,
            **fields,
        )[0]

    def accepted(self, **fields):
        order = self.submit(**fields)
        return services.accept(order, actor=self.staff)

    def last_event(self, order):
        event = OrderEvent.objects.filter(order=order).order_by("id").last()
        return (event.action, event.from_status, event.to_status, event.actor, event.unit, event.note)

    def messages(self, order, kind):
        return [m.payload for m in OutboxMessage.objects.filter(order=order, kind=kind).order_by("id")]

    def errors(self, caught):
        return caught.exception.message_dict

    # ---- the steps' records ------------------------------------------------------------------------------------

    def test_dispatch_and_accept_record_the_times_and_the_clock(self):
        order = self.submit()
        self.assertEqual((order.status, order.unit, order.accepted_at), (S.DISPATCHED, self.unit, None))
        self.assertIsNotNone(order.dispatched_at)
        self.assertEqual(
            self.messages(order, "dispatch"),
            [{"order": order.number, "unit": self.unit.pk, "unit_name": self.unit.name}],
        )
        order = services.accept(order, actor=self.staff)
        stored = WorkOrder.objects.unscoped("test").get(pk=order.pk)
        self.assertEqual(stored.status, S.ACCEPTED)
        self.assertIsNotNone(stored.accepted_at)
        self.assertEqual(self.last_event(order), ("accept", S.DISPATCHED, S.ACCEPTED, self.staff, self.unit, ""))
        # The event is dated by the step's own clock reading, the one on the order.
        self.assertEqual(OrderEvent.objects.filter(order=order).order_by("id").last().at, stored.accepted_at)

    def test_start_and_urge(self):
        order = self.accepted()
        transitions.urge(order, actor=self.tree.users["street"], note="请" * 250)
        order.refresh_from_db()
        self.assertEqual(order.status, S.ACCEPTED)
        self.assertEqual(
            self.last_event(order), ("urge", S.ACCEPTED, S.ACCEPTED, self.tree.users["street"], self.unit, "请" * 250)
        )
        self.assertEqual(
            self.messages(order, "urge"),
            [{"order": order.number, "unit": self.unit.pk, "unit_name": self.unit.name, "note": "请" * 200}],
        )
        order = services.start(order, actor=self.staff)
        order.refresh_from_db()
        self.assertEqual(order.status, S.IN_PROGRESS)
        self.assertEqual(self.last_event(order), ("start", S.ACCEPTED, S.IN_PROGRESS, self.staff, self.unit, ""))

    def test_a_return_escalates_on_the_second_time_only_where_there_is_a_unit_above(self):
        order = self.submit()
        order = services.return_order(order, actor=self.staff, reason="不属本社区")
        self.assertEqual((order.status, order.return_count, order.escalations), (S.RETURNED, 1, 0))
        self.assertEqual(
            self.last_event(order), ("return", S.DISPATCHED, S.RETURNED, self.staff, self.unit, "不属本社区")
        )
        # The hotline has no unit above: its second return leaves the order returned.
        hotline = self.desk.hotline
        order = services.dispatch(order, hotline, actor=self.tree.users["city"])
        order = services.return_order(order, actor=self.tree.users["city"], reason="无法处理")
        self.assertEqual((order.status, order.return_count, order.escalations, order.unit), (S.RETURNED, 2, 0, hotline))
        # With a unit above, the second return sends it there, dispatched.
        order = services.dispatch(order, self.unit, actor=self.tree.users["city"])
        order = services.return_order(order, actor=self.staff, reason="再次退单")
        street = self.desk.streets["S1"]
        self.assertEqual(
            (order.status, order.return_count, order.escalations, order.unit), (S.DISPATCHED, 3, 1, street)
        )
        actions = list(OrderEvent.objects.filter(order=order).order_by("id").values_list("action", "note"))[-3:]
        self.assertEqual(actions, [("return", "再次退单"), ("escalate", street.name), ("dispatch", "")])
        # One clock reading for the return, the escalation and the new dispatch.
        times = list(OrderEvent.objects.filter(order=order).order_by("id").values_list("at", flat=True))[-3:]
        self.assertEqual(times, [order.dispatched_at] * 3)
        with self.assertRaises(ValidationError) as caught:
            services.return_order(order, actor=self.staff, reason="  ")
        self.assertEqual(self.errors(caught), {"reason": ["请填写退单理由。"]})

    def test_transfer_needs_a_unit_and_a_reason(self):
        order = self.submit()
        with self.assertRaises(ValidationError) as caught:
            services.transfer(order, None, actor=self.staff, note="转给街道")
        self.assertEqual(self.errors(caught), {"unit": ["请选择承办单位。"]})
        with self.assertRaises(ValidationError) as caught:
            services.transfer(order, self.desk.hotline, actor=self.staff, note="")
        self.assertEqual(self.errors(caught), {"note": ["请填写转办理由。"]})
        order = services.transfer(order, self.desk.hotline, actor=self.staff, note="转热线")
        self.assertEqual((order.status, order.unit), (S.DISPATCHED, self.desk.hotline))
        self.assertEqual(self.last_event(order)[0::5], ("transfer", "转热线"))

    def test_an_extension_is_later_than_the_limit_and_at_most_a_year_later(self):
        order = self.accepted()
        red = order.red_at
        for until, message in (
            (red, "新时限必须晚于当前时限。"),
            (red - timedelta(minutes=1), "新时限必须晚于当前时限。"),
            (red + timedelta(days=365, seconds=1), "新时限最多比当前时限晚一年。"),
        ):
            with self.subTest(until=until), self.assertRaises(ValidationError) as caught:
                services.request_extension(order, actor=self.staff, until=until, reason="需协调")
            self.assertEqual(self.errors(caught), {"until": [message]})
        order = services.request_extension(order, actor=self.staff, until=red + timedelta(days=365), reason="需协调")
        order.refresh_from_db()
        self.assertEqual((order.extension_until, order.extension_reason), (red + timedelta(days=365), "需协调"))
        self.assertEqual(
            self.last_event(order), ("request_extension", S.ACCEPTED, S.ACCEPTED, self.staff, self.unit, "需协调")
        )

    def test_an_order_without_a_limit_is_extended_from_now(self):
        """An order with no red limit (its category sets none) measures the extension from the clock: later than
        now, at most a year after now — never a comparison with nothing."""
        order = self.accepted()
        WorkOrder.objects.unscoped("test").filter(pk=order.pk).update(red_at=None)
        order.refresh_from_db()
        now = timezone.now()
        for until, message in (
            (now - timedelta(minutes=1), "新时限必须晚于当前时限。"),
            (now + timedelta(days=366), "新时限最多比当前时限晚一年。"),
        ):
            with self.subTest(until=until), self.assertRaises(ValidationError) as caught:
                services.request_extension(order, actor=self.staff, until=until, reason="需协调")
            self.assertEqual(self.errors(caught), {"until": [message]})
        order = services.request_extension(order, actor=self.staff, until=now + timedelta(days=30), reason="需协调")
        self.assertEqual(order.extension_until, now + timedelta(days=30))

    def test_an_approved_extension_moves_both_limits_by_the_same_time(self):
        order = self.accepted()
        red, yellow = order.red_at, order.yellow_at
        services.request_extension(order, actor=self.staff, until=red + timedelta(hours=5), reason="需协调")
        order = services.decide_extension(order, actor=self.tree.users["street"], approve=True, note="同意")
        order.refresh_from_db()
        self.assertEqual(
            (order.red_at, order.yellow_at, order.extension_until, order.extension_reason),
            (red + timedelta(hours=5), yellow + timedelta(hours=5), None, ""),
        )
        self.assertEqual(self.last_event(order)[0::5], ("approve_extension", "同意"))
        services.request_extension(order, actor=self.staff, until=order.red_at + timedelta(hours=1), reason="再延")
        order = services.decide_extension(order, actor=self.tree.users["street"], approve=False, note="不同意")
        order.refresh_from_db()
        self.assertEqual(
            (order.red_at, order.yellow_at, order.extension_until),
            (red + timedelta(hours=5), yellow + timedelta(hours=5), None),
        )
        self.assertEqual(self.last_event(order)[0::5], ("reject_extension", "不同意"))

    def test_a_reply_is_checked_stripped_and_sent(self):
        order = self.accepted()
        for text, error in (
            ("", ["请填写给居民的答复。"]),
            ("长" * 5001, ["最多 5000 个字符。"]),
            ("已处理\x07", ["含有控制字符，请删除后重试。"]),
        ):
            with self.subTest(text=text[:5]), self.assertRaises(ValidationError) as caught:
                services.reply(order, actor=self.staff, text=text)
            self.assertEqual(self.errors(caught), {"reply": error})
        order = services.reply(order, actor=self.staff, text="  " + "长" * 4996 + "  ")
        order.refresh_from_db()
        self.assertEqual((order.status, order.reply), (S.REPLIED, "长" * 4996))
        self.assertIsNotNone(order.replied_at)
        self.assertEqual(
            self.last_event(order)[:3] + self.last_event(order)[5:], ("reply", S.ACCEPTED, S.REPLIED, "长" * 4996)
        )
        self.assertEqual(self.messages(order, "reply"), [{"order": order.number, "unit": self.unit.pk}])

    def test_close_sends_the_survey_to_a_caller_with_a_phone_only(self):
        for phone, surveys in (("13812345678", 1), ("", 0)):
            with self.subTest(phone=phone):
                order = self.accepted(phone=phone, description=f"路灯不亮{phone}")
                services.reply(order, actor=self.staff, text="已修复。")
                order = services.close(order, actor=self.staff)
                order.refresh_from_db()
                self.assertEqual(order.status, S.CLOSED)
                self.assertIsNotNone(order.closed_at)
                self.assertEqual(self.last_event(order)[:3], ("close", S.REPLIED, S.CLOSED))
                sent = self.messages(order, "survey")
                self.assertEqual(len(sent), surveys)
                if surveys:
                    token = sent[0]["survey"].removeprefix("/portal/survey/").removesuffix("/")
                    self.assertEqual(services.surveyed_order(token), (order, True))

    def test_handled_on_the_spot(self):
        order = self.submit(source=Source.GRID)
        with self.assertRaises(ValidationError) as caught:
            services.handle_on_spot(order, actor=self.staff, evidence=" ")
        self.assertEqual(self.errors(caught), {"evidence": ["请填写现场处置情况。"]})
        order = services.handle_on_spot(order, actor=self.staff, evidence=" 已清理 ")
        order.refresh_from_db()
        self.assertEqual((order.status, order.reply), (S.CLOSED, "已清理"))
        self.assertEqual(order.closed_at, order.replied_at)
        self.assertEqual(
            self.last_event(order)[:3] + self.last_event(order)[5:],
            ("handle_on_spot", S.DISPATCHED, S.CLOSED, "已清理"),
        )

    def closed(self, **fields):
        order = self.accepted(**fields)
        services.reply(order, actor=self.staff, text="已修复。")
        return services.close(order, actor=self.staff)

    def test_reopen_goes_back_to_the_unit_or_stays_reopened_without_one(self):
        order = self.closed()
        with self.assertRaises(ValidationError) as caught:
            services.reopen(order, actor=self.staff, reason="")
        self.assertEqual(self.errors(caught), {"reason": ["请填写重启理由。"]})
        order = services.reopen(order, actor=self.staff, reason="居民反映未修好")
        order.refresh_from_db()
        self.assertEqual(
            (order.status, order.unit, order.closed_at, order.replied_at), (S.DISPATCHED, self.unit, None, None)
        )
        self.assertEqual(
            list(OrderEvent.objects.filter(order=order).order_by("id").values_list("action", "note"))[-2:],
            [("reopen", "居民反映未修好"), ("dispatch", "")],
        )
        other = self.closed(phone="", description="井盖缺失")
        WorkOrder.objects.unscoped("test").filter(pk=other.pk).update(unit=None)
        other.refresh_from_db()
        other = services.reopen(other, actor=self.staff, reason="再看看")
        other.refresh_from_db()
        self.assertEqual((other.status, other.unit), (S.REOPENED, None))
        self.assertEqual(self.last_event(other)[:3], ("reopen", S.CLOSED, S.REOPENED))

    def test_the_call_back(self):
        order = self.closed()
        with self.assertRaises(ValidationError) as caught:
            services.record_callback(order, actor=self.staff, satisfaction="happy", solved=True)
        self.assertEqual(self.errors(caught), {"satisfaction": ["请选择满意、基本满意或不满意。"]})
        with self.assertRaises(services.IllegalTransition) as caught:
            services.record_callback(
                order, actor=self.staff, satisfaction="satisfied", solved=True, closed_at=order.closed_at - timedelta(1)
            )
        self.assertEqual(str(caught.exception), "该评价针对的是工单此前的一次办结。")
        order = services.record_callback(
            order, actor=self.staff, satisfaction="satisfied", solved=True, closed_at=order.closed_at
        )
        order.refresh_from_db()
        self.assertEqual((order.status, order.satisfaction, order.solved), (S.CLOSED, "satisfied", True))
        self.assertIsNotNone(order.callback_at)
        self.assertEqual(
            self.last_event(order)[:3] + self.last_event(order)[5:], ("callback", S.CLOSED, S.CLOSED, "满意")
        )
        other = self.closed(phone="", description="井盖缺失")
        services.record_callback(other, actor=self.staff, satisfaction="unsatisfied", solved=False, note="没修好")
        notes = list(OrderEvent.objects.filter(order=other).order_by("id").values_list("action", "note"))[-3:]
        self.assertEqual(notes, [("callback", "不满意；没修好"), ("reopen", "回访：问题未解决。"), ("dispatch", "")])

    def test_every_service_refuses_its_missing_inputs_itself(self):
        """`perform` leaves the inputs to the services: each refuses a blank required input with the table's field
        and message before anything else, whether a page, the API or `perform` calls it."""
        order = self.accepted()
        blank = {"unit": None, "until": None, "satisfaction": None, "approve": False, "solved": True}
        checked = []
        for step in STEPS.values():
            required = [spec for spec in step.inputs if spec.required]
            if not required:
                continue
            values = {spec.keyword: blank.get(spec.name, " ") for spec in step.inputs}
            with self.subTest(step=step.name), self.assertRaises(ValidationError) as caught:
                transitions.SERVICES[step.name](order, actor=self.staff, **values)
            self.assertEqual(self.errors(caught), {required[0].field: [str(required[0].missing)]})
            checked.append(step.name)
        self.assertEqual(
            sorted(checked),
            ["callback", "dispatch", "extend", "handle_on_spot", "reopen", "reply", "return", "transfer"],
        )

    def test_perform_refuses_an_unknown_step_and_a_missing_input(self):
        order = self.accepted()
        with self.assertRaises(ValidationError) as caught:
            services.perform(order, "approve", actor=self.staff)
        self.assertEqual(caught.exception.messages, ["未知的操作。"])
        with self.assertRaises(ValidationError) as caught:
            services.perform(order, "reply", actor=self.staff, text=" ")
        self.assertEqual(self.errors(caught), {"reply": ["请填写给居民的答复。"]})
        order = services.perform(order, "reply", actor=self.staff, text="好")
        self.assertEqual(order.status, S.REPLIED)


class PublicationDecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.staff = cls.tree.users["community"]

    def pending(self, public=True):
        order = services.submit(
            acting_user=services.PUBLIC,
            source=Source.PORTAL,
            request_type="report",
            category=self.desk.child,
            description="路面坑洼",
            community=self.tree["C1"],
        )[0]
        WorkOrder.objects.unscoped("test").filter(pk=order.pk).update(publication="pending")
        type(self.desk.child).objects.filter(pk=self.desk.child.pk).update(public=public)
        order.refresh_from_db()
        return order

    def test_publish_keep_private_and_refusals(self):
        order = services.review_publication(self.pending(), actor=self.staff, publish=True, note="可公开")
        order.refresh_from_db()
        self.assertEqual((order.publication, order.publication_reviewed_by), ("published", self.staff))
        self.assertIsNotNone(order.publication_reviewed_at)
        event = order.events.order_by("id").last()
        self.assertEqual((event.action, event.note, event.actor), ("publish", "可公开", self.staff))
        with self.assertRaises(services.IllegalTransition) as caught:
            services.review_publication(order, actor=self.staff, publish=False)
        self.assertEqual(str(caught.exception), "该诉求不在待公开审核状态。")
        order = services.review_publication(self.pending(), actor=self.staff, publish=False)
        order.refresh_from_db()
        self.assertEqual((order.publication, order.events.order_by("id").last().action), ("private", "keep_private"))
        with self.assertRaises(services.IllegalTransition) as caught:
            services.review_publication(self.pending(public=False), actor=self.staff, publish=True)
        self.assertEqual(str(caught.exception), "该类别的诉求不予公开。")
        order = services.review_publication(self.pending(public=False), actor=self.staff, publish=False)
        self.assertEqual(order.publication, "private")
