"""The resident's satisfaction survey (PP-7): one signed single-use link per closing, for the submitter only — staff
get 403 —, accepted only while the order stays closed, a second answer 409 and the first kept, many answers from
one address reported."""

from django.core.cache import cache
from django.test import TestCase, override_settings

from shequ.core.testing.fixtures import build_tree
from shequ.workorders import services
from shequ.workorders.choices import Source
from shequ.workorders.models import OrderEvent, OutboxMessage, WorkOrder
from shequ.workorders.testing import make_desk


@override_settings(SHEQU_PORTAL_SURVEY_REPORT=2)
class SurveyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        staff = cls.tree.users["community"]
        cls.orders = []
        for text in ("楼道灯坏了", "垃圾未清运", "井盖松动", "噪声扰民"):
            order, _ = services.submit(
                acting_user=services.PUBLIC,
                source=Source.PORTAL,
                request_type="help",
                category=cls.desk.child,
                description=text,
                community=cls.tree[["C1", "C2"][len(cls.orders) % 2]],
                phone=f"1381234{len(cls.orders):04d}",
            )
            services.accept(order, actor=staff)
            services.reply(order, actor=staff, text="已处理。")
            services.close(order, actor=staff)
            cls.orders.append(order)

    def setUp(self):
        cache.clear()

    def link(self, order):
        return OutboxMessage.objects.get(order=order, kind="survey").payload["survey"]

    def answer(self, order, satisfaction="satisfied", solved="yes", **extra):
        return self.client.post(self.link(order), {"satisfaction": satisfaction, "solved": solved}, **extra)

    def test_closing_sends_one_link_and_the_answer_is_recorded_once(self):
        order = self.orders[0]
        self.assertTrue(self.link(order).startswith("/portal/survey/"))
        self.assertContains(self.client.get(self.link(order)), "办理情况如何？")
        done = self.answer(order, "basically")
        self.assertContains(done, "谢谢，您的评价已记录。")
        self.assertNotContains(done, "重新办理")
        order.refresh_from_db()
        self.assertEqual((order.satisfaction, order.solved, order.status), ("basically", True, "closed"))
        event = OrderEvent.objects.filter(order=order).last()
        self.assertEqual((event.action, event.actor, event.note), ("callback", None, "基本满意；居民在线评价"))
        # A second answer is refused and the first one stays.
        again = self.answer(order, "unsatisfied", "no")
        self.assertContains(again, "该评价已提交过，或诉求正在重新办理。", status_code=409)
        order.refresh_from_db()
        self.assertEqual((order.satisfaction, order.solved, order.status), ("basically", True, "closed"))

    def test_staff_get_403_and_forged_links_404(self):
        self.client.force_login(self.tree.users["community"])
        self.assertContains(self.answer(self.orders[1]), "工作人员账号不能代替居民评价。", status_code=403)
        self.client.logout()
        forged = self.link(self.orders[1])[:-3] + "abc/"
        self.assertContains(self.client.get(forged), "评价链接无效。", status_code=404)
        self.assertIsNone(WorkOrder.objects.unscoped("t").get(pk=self.orders[1].pk).callback_at)

    def test_only_while_closed_and_only_for_this_closing(self):
        order = self.orders[2]
        old_link = self.link(order)
        services.reopen(order, actor=self.tree.users["community"], reason="居民来电反映未修好")
        self.assertEqual(self.client.get(old_link).status_code, 409)
        staff = self.tree.users["community"]
        services.accept(order, actor=staff)
        services.reply(order, actor=staff, text="已更换井盖。")
        services.close(order, actor=staff)
        # Closed again: the old link answers nothing, the new one does.
        self.assertEqual(self.client.get(old_link).status_code, 409)
        new_link = OutboxMessage.objects.filter(order=order, kind="survey").order_by("id").last().payload["survey"]
        self.assertNotEqual(new_link, old_link)
        not_solved = self.client.post(new_link, {"satisfaction": "unsatisfied", "solved": "no"})
        self.assertContains(not_solved, "您的诉求将重新办理。")
        order.refresh_from_db()
        self.assertEqual((order.satisfaction, order.status), ("unsatisfied", "dispatched"))

    def test_many_answers_from_one_address_are_reported(self):
        with self.assertLogs("shequ.workorders.portal", "WARNING") as logs:
            for order in self.orders:
                self.assertEqual(self.answer(order, REMOTE_ADDR="10.0.0.7").status_code, 200)
        self.assertEqual(
            logs.output, ["WARNING:shequ.workorders.portal:survey answers from one address exceed 2 today"] * 2
        )

    def test_the_status_look_up_offers_the_survey_until_answered(self):
        order = self.orders[3]
        lookup = {"number": order.number, "last_four": order.caller_phone_masked[-4:]}
        page = self.client.post("/portal/status/", lookup)
        self.assertContains(page, 'id="lookup-survey"')
        self.client.post(page.context["survey"], {"satisfaction": "satisfied", "solved": "yes"})
        self.assertNotContains(self.client.post("/portal/status/", lookup), 'id="lookup-survey"')
