"""The outbox (issue #5, RL-3): nothing lost when the process dies after commit; failures retried, then alarmed."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from shequ.core.testing.fixtures import build_tree
from shequ.workorders import outbox, services
from shequ.workorders.models import OutboxMessage
from shequ.workorders.testing import make_desk


class OutboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def submit(self):
        return services.submit(
            acting_user=services.PUBLIC,
            source="phone",
            request_type="help",
            category=self.desk.category,
            description="井盖缺失",
            community=self.tree["C1"],
        )[0]

    def test_a_crash_after_commit_loses_no_dispatch_notice(self):
        order = self.submit()
        # The process "dies" here: the order and its notice are committed, nothing was sent.
        message = OutboxMessage.objects.get()
        self.assertEqual(
            (message.kind, message.payload["order"], message.delivered_at), ("dispatch", order.number, None)
        )
        sent = []
        self.assertEqual(outbox.deliver_pending(sender=sent.append), {"delivered": 1, "failed": 0, "given_up": 0})
        self.assertEqual([m.pk for m in sent], [message.pk])
        self.assertEqual(outbox.deliver_pending(sender=sent.append), {"delivered": 0, "failed": 0, "given_up": 0})

    def test_failures_are_retried_with_back_off_then_alarmed(self):
        self.submit()

        def broken(message):
            raise OSError("webhook unreachable")

        now = timezone.now()
        self.assertEqual(outbox.deliver_pending(sender=broken, now=now), {"delivered": 0, "failed": 1, "given_up": 0})
        message = OutboxMessage.objects.get()
        self.assertEqual(
            (message.attempts, message.last_error, message.next_attempt_at),
            (1, "webhook unreachable", now + timedelta(seconds=30)),
        )
        self.assertEqual(outbox.deliver_pending(sender=broken, now=now + timedelta(seconds=29))["failed"], 0)
        with self.assertLogs("shequ.workorders.outbox", "ERROR") as logs:
            for step in range(1, outbox.MAX_ATTEMPTS):
                result = outbox.deliver_pending(sender=broken, now=now + timedelta(days=step))
        self.assertEqual(result, {"delivered": 0, "failed": 0, "given_up": 1})
        self.assertIn("undelivered after 8 attempts", logs.output[0])
        self.assertEqual(outbox.deliver_pending(sender=lambda m: None, now=now + timedelta(days=30))["delivered"], 0)

    def test_the_clockwork_command(self):
        self.submit()
        out = StringIO()
        call_command("call_centre", stdout=out)
        self.assertEqual(
            out.getvalue().strip(), "turned red 0, yellow 0; delivered 1, to retry 0, given up 0; audit seals 0"
        )
