"""Races (issue #5, PP-2, PP-5): two users accepting one order at once, and the same submission twice at once.

They run on PostgreSQL (`make test-pg`, CI): its row locks and unique indexes are what settle a race. SQLite takes
one writer at a time, so there is no race to test there.
"""

import threading
import unittest

from django.db import connection, connections
from django.test import TransactionTestCase

from shequ.core.testing.fixtures import build_tree
from shequ.workorders import services
from shequ.workorders.choices import OrderStatus
from shequ.workorders.models import OrderEvent, WorkOrder
from shequ.workorders.testing import make_desk


def run_together(*functions):
    """Run the functions in threads released at the same moment; returns their results or exceptions."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def runner(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # collected for the assertion
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@unittest.skipUnless(connection.vendor == "postgresql", "races are settled by PostgreSQL's locks (make test-pg)")
class RaceTests(TransactionTestCase):
    def setUp(self):
        self.tree = build_tree()
        self.desk = make_desk(self.tree)

    def submit(self, key=None):
        return services.submit(
            acting_user=services.PUBLIC,
            source="phone",
            request_type="help",
            category=self.desk.category,
            description="路灯不亮",
            community=self.tree["C1"],
            phone="13812345678",
            idempotency_key=key,
        )

    def test_two_users_accepting_at_once_exactly_one_wins(self):
        order, _ = self.submit()
        first, second = self.tree.users["community"], self.tree.users["street"]
        results = run_together(
            lambda: services.accept(order, actor=first), lambda: services.accept(order, actor=second)
        )
        winners = [r for r in results if isinstance(r, WorkOrder)]
        losers = [r for r in results if isinstance(r, services.IllegalTransition)]
        self.assertEqual((len(winners), len(losers)), (1, 1), results)
        self.assertEqual(OrderEvent.objects.filter(order=order, action="accept").count(), 1)
        order.refresh_from_db()
        self.assertEqual(order.status, OrderStatus.ACCEPTED)

    def test_the_same_submission_twice_at_once_leaves_one_order(self):
        results = run_together(lambda: self.submit("same-key"), lambda: self.submit("same-key"))
        self.assertTrue(all(isinstance(r, tuple) for r in results), results)
        self.assertEqual(sorted(created for _order, created in results), [False, True])
        self.assertEqual({order.pk for order, _created in results}, set(WorkOrder.objects.values_list("pk", flat=True)))
        self.assertEqual(WorkOrder.objects.count(), 1)
