"""Grid work (issue #5, SVC-8): scope of grid workers and patrol logs; an incident reported from the field becomes
an order with source "grid" and may be handled on the spot with evidence."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import TestCase

from shequ.accounts.roles import Role
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.core.testing.scope import ScopeMatrix
from shequ.gridwork.models import GridWorker, PatrolLog
from shequ.regions.models import Grid
from shequ.workorders import services
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def grid_in(community):
    return Grid.objects.get_or_create(community=community, sequence=1, defaults={"name": f"{community.name}一网格"})[0]


class GridWorkerScopeTests(ScopeMatrix, TestCase):
    model = GridWorker
    export_key = "user"
    writer_level = "district"  # assigning accounts to grids is an administrator's work

    @classmethod
    def make_object(cls, community):
        user = make_user(f"grid{community.pk}", Role.GRID_WORKER, community)
        return GridWorker.objects.create(grid=grid_in(community), user=user)

    def create_payload(self, key):
        return {"grid": self.objects[key].grid_id, "user": self.tree.users["community"].pk}

    def form_data(self, key):
        return {**self.create_payload(key), "active": "on"}

    def update_payload(self):
        return {"since": "2026-01-01"}


class PatrolLogScopeTests(ScopeMatrix, TestCase):
    model = PatrolLog
    export_key = "grid"

    @classmethod
    def make_object(cls, community):
        return PatrolLog.objects.create(
            grid=grid_in(community),
            worker=cls.tree.users["community"],
            started_at=T0.replace(day=community.pk % 27 + 1),
        )

    def create_payload(self, key):
        return {
            "grid": self.objects[key].grid_id,
            "worker": self.tree.users["community"].pk,
            "started_at": "2026-06-02T09:00:00+08:00",
            "findings": "井盖松动",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "started_at": "2026-06-02 09:00"}

    def update_payload(self):
        return {"ended_at": "2026-06-02T11:00:00+08:00"}


class IncidentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.worker = make_user("grid_worker", Role.GRID_WORKER, cls.tree["C1"])

    def test_reported_from_the_grid_and_handled_on_the_spot(self):
        self.client.force_login(self.worker)
        page = self.client.get("/workorders/orders/add/")
        response = self.client.post(
            "/workorders/orders/add/",
            {
                "request_type": "report",
                "category": self.desk.child.pk,
                "description": "垃圾桶倾倒",
                "community": self.tree["C1"].pk,
                "idempotency_key": page.context["form"].initial["idempotency_key"],
            },
        )
        order = WorkOrder.objects.unscoped("test").get()
        self.assertRedirects(response, f"/workorders/orders/{order.pk}/")
        self.assertEqual((order.source, order.status), ("grid", "dispatched"))
        detail = self.client.get(f"/workorders/orders/{order.pk}/")
        self.assertIn("handle_on_spot", [key for key, _spec in detail.context["actions"]])
        self.client.post(f"/workorders/orders/{order.pk}/", {"action": "handle_on_spot", "text": ""})
        order.refresh_from_db()
        self.assertEqual(order.status, "dispatched")
        self.client.post(
            f"/workorders/orders/{order.pk}/", {"action": "handle_on_spot", "text": "已扶正并清理，现场照片已存档。"}
        )
        order.refresh_from_db()
        self.assertEqual((order.status, order.reply), ("closed", "已扶正并清理，现场照片已存档。"))
        self.assertEqual(list(order.events.values_list("action", flat=True)), ["submit", "dispatch", "handle_on_spot"])

    def test_only_grid_orders_are_handled_on_the_spot(self):
        order, _ = services.submit(
            acting_user=services.PUBLIC,
            source="phone",
            request_type="help",
            category=self.desk.category,
            description="来电",
            community=self.tree["C1"],
        )
        with self.assertRaises(services.IllegalTransition):
            services.handle_on_spot(order, actor=self.worker, evidence="处理了")
        self.client.force_login(self.worker)
        detail = self.client.get(f"/workorders/orders/{order.pk}/")
        self.assertNotIn("handle_on_spot", [key for key, _spec in detail.context["actions"]])
