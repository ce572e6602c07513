"""Answer codes sent by message through the outbox (issue #14 item 2): one code per drawn household whose head has a
mobile, the codes then not printed on slips, the phone encrypted in the message and forgotten with the link once
delivered, the access log counting without naming; once per sample; only for who may draw samples."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase, override_settings

from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree
from shequ.people.testing import make_household, make_resident
from shequ.surveys import models, services
from shequ.workorders.models import OutboxMessage
from shequ.workorders.outbox import deliver_pending

TODAY = date(2026, 11, 30)


class SendCodesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        c1 = cls.tree["C1"]
        cls.mobiles = ["13912340001", "13912340002", "13912340003"]
        for n, phone in enumerate([*cls.mobiles, "05922345678", ""]):  # a landline and no phone: slips
            household = make_household(c1, f"1-{n:03d}")
            make_resident(c1, f"户主{n}", household=household, phone=phone, relation="head")
            make_resident(c1, f"家属{n}", household=household, phone="13800000000", relation="spouse")
        cls.survey = models.Survey.objects.create(
            division=cls.tree["S1"], title="满意度测评", opens_on=TODAY, closes_on=TODAY, margin=Decimal(5)
        )

    def setUp(self):
        self.sample = services.draw_sample(
            acting_user=self.tree.users["street"], survey=self.survey, community=self.tree["C1"], seed=3
        )

    def send(self, user="street"):
        return services.send_tokens(
            acting_user=self.tree.users[user], sample=self.sample, link=lambda code: f"https://x/portal/answer/{code}/"
        )

    def test_one_code_per_household_with_a_mobile_head_and_nothing_linkable_after_delivery(self):
        drawn = len(self.sample.households)
        self.assertEqual(drawn, 5)  # ±5 % of 5 households: all of them
        self.assertEqual(self.send(), (3, 2))
        tokens = models.Token.objects.filter(survey=self.survey)
        self.assertEqual((tokens.count(), tokens.filter(sent=True).count()), (5, 3))
        messages = list(OutboxMessage.objects.filter(kind=services.MESSAGE_KIND))
        self.assertEqual(len(messages), 3)
        self.assertTrue(all(m.order_id is None and "phone" not in m.payload for m in messages))
        self.assertTrue(all(m.payload["phone_encrypted"] and "1391234" not in str(m.payload) for m in messages))
        sent_codes = set(tokens.filter(sent=True).values_list("code", flat=True))
        self.assertEqual({m.payload["url"].split("/")[-2] for m in messages}, sent_codes)
        delivered = []
        with override_settings(SHEQU_NOTIFY_WEBHOOK="https://sms.example.gov.cn/hook"):
            from shequ.workorders import outbox

            def capture(message):
                body = {"kind": message.kind, **message.payload}
                body["phone"] = outbox.decrypt(body.pop("phone_encrypted"), field=outbox.PHONE_FIELD)
                delivered.append(body)

            self.assertEqual(deliver_pending(sender=capture)["delivered"], 3)
        self.assertEqual(sorted(body["phone"] for body in delivered), self.mobiles)
        for message in OutboxMessage.objects.filter(kind=services.MESSAGE_KIND):
            self.assertEqual(message.payload, {"survey": "满意度测评", "closes_on": "2026-11-30"})
        log = AccessLog.objects.get(event=AccessEvent.MESSAGES_SENT)
        self.assertEqual((log.user, log.detail["messages"]), (self.tree.users["street"], 3))
        self.client.force_login(self.tree.users["street"])
        slips = self.client.get(f"/surveys/samples/{self.sample.pk}/slips/").context["slips"]
        self.assertEqual(
            {code for code, _url, _svg in slips}, set(tokens.filter(sent=False).values_list("code", flat=True))
        )

    def test_once_per_sample_and_only_for_who_draws(self):
        with self.assertRaises(PermissionDenied):
            self.send("community")
        self.send()
        with self.assertRaises(ValidationError) as caught:
            self.send()
        self.assertEqual(caught.exception.messages, ["本样本的答题码已经发送过。"])
        self.assertEqual(OutboxMessage.objects.count(), 3)

    def test_the_samples_page_sends_them(self):
        self.client.force_login(self.tree.users["street"])
        response = self.client.post(f"/surveys/samples/{self.sample.pk}/", {"action": "send"}, follow=True)
        self.assertContains(response, "已通过短信发送 3 个答题码；没有手机号码的 2 户使用纸质答题卡。")
        self.assertNotContains(response, 'id="sample-send"')
