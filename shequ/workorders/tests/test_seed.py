"""The demo's synthetic work orders (issue #5 demo): taken in and moved on by the services, then set back in time as a
whole, some late."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from shequ.core.testing.fixtures import build_tree
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk


class SeedWorkOrdersTests(TestCase):
    def test_synthetic_orders_move_through_the_state_machine_and_keep_their_order_in_time(self):
        tree = build_tree()
        make_desk(tree)
        out = StringIO()
        call_command("seed_work_orders", "--city", "350200000000", "--orders", "60", stdout=out)
        orders = WorkOrder.objects.unscoped("test")
        self.assertEqual((orders.count(), out.getvalue().strip()), (60, "60 synthetic work orders."))
        statuses = set(orders.values_list("status", flat=True))
        self.assertTrue({"dispatched", "closed"} <= statuses, statuses)
        self.assertGreater(orders.filter(callback_at__isnull=False).count(), 0)
        now = timezone.now()
        for order in orders.prefetch_related("events"):
            times = [event.at for event in order.events.all()]
            self.assertEqual(times, sorted(times))
            self.assertLessEqual(times[-1], now)
            # The whole order moved back by one amount: its first event still stands at its creation.
            self.assertLess(abs(times[0] - order.created), timedelta(seconds=1))
        self.assertGreater(orders.overdue(now).count(), 0)  # some are late, as a demo should show
        call_command("seed_work_orders", "--city", "350200000000", "--if-empty", stdout=out)
        self.assertEqual(out.getvalue().strip().splitlines()[-1], "Work orders already present; nothing seeded.")
