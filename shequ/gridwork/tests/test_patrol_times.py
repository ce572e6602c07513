"""Patrol times (issue #13; SVC-8): date-and-time pickers defaulting to now in the city's time zone, titles and
pages in that zone (not UTC), and the grid worker's start-now / end-now buttons."""

from datetime import UTC, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.test import TestCase

from shequ.accounts.roles import Role
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.gridwork.models import GridWorker, PatrolLog
from shequ.regions.models import Grid

CITY = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 1, 1, 30, 42, tzinfo=UTC)  # 09:30 in the city


class PatrolTimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.grid = Grid.objects.create(community=cls.tree["C1"], sequence=1, name="鸿山一网格")
        cls.worker = make_user("grid_worker", Role.GRID_WORKER, cls.tree["C1"])
        GridWorker.objects.create(grid=cls.grid, user=cls.worker)

    def setUp(self):
        self.client.force_login(self.worker)

    def test_a_new_patrol_starts_now_in_the_citys_time_with_pickers(self):
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            page = self.client.get("/gridwork/patrols/add/")
        html = page.content.decode()
        self.assertIn(
            '<input type="datetime-local" name="started_at" value="2026-06-01T09:30" class="form-control" '
            'required id="id_started_at">',
            html,
        )
        self.assertIn(
            '<input type="datetime-local" name="ended_at" class="form-control" aria-describedby="id_ended_at_helptext"',
            html,
        )
        self.assertIn(f'<option value="{self.grid.pk}" selected>', html)

    def test_times_sent_by_the_picker_are_the_citys_and_so_is_the_title(self):
        response = self.client.post(
            "/gridwork/patrols/add/",
            {"grid": self.grid.pk, "started_at": "2026-06-01T09:00", "ended_at": "2026-06-01T11:15", "notes": "巡查"},
            follow=True,
        )
        patrol = PatrolLog.objects.unscoped("test").get()
        self.assertEqual(patrol.started_at, datetime(2026, 6, 1, 1, 0, tzinfo=UTC))
        self.assertEqual(patrol.ended_at, datetime(2026, 6, 1, 3, 15, tzinfo=UTC))
        self.assertEqual(str(patrol), f"鸿山一网格（{self.grid.code}） 2026-06-01 09:00")
        self.assertContains(response, f'<h1 class="page-title">鸿山一网格（{self.grid.code}） 2026-06-01 09:00')
        self.assertNotContains(response, "01:00")
        edit = self.client.get(f"/gridwork/patrols/{patrol.pk}/edit/").content.decode()
        self.assertIn('name="started_at" value="2026-06-01T09:00"', edit)
        self.assertIn('name="ended_at" value="2026-06-01T11:15"', edit)

    def test_a_title_is_in_the_citys_zone_whatever_the_stored_zone(self):
        patrol = PatrolLog(grid=self.grid, worker=self.worker, started_at=datetime(2026, 5, 31, 23, 5, tzinfo=UTC))
        self.assertEqual(str(patrol), f"鸿山一网格（{self.grid.code}） 2026-06-01 07:05")

    def test_start_now_and_end_now(self):
        page = self.client.get("/gridwork/patrols/now/")
        self.assertContains(page, f'<option value="{self.grid.pk}" selected>')
        self.assertNotContains(page, "patrol-open-")
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            started = self.client.post("/gridwork/patrols/now/", {"action": "start", "grid": self.grid.pk}, follow=True)
        patrol = PatrolLog.objects.unscoped("test").get()
        self.assertEqual((patrol.started_at, patrol.ended_at, patrol.worker), (NOW, None, self.worker))
        self.assertContains(started, f"鸿山一网格（{self.grid.code}）的巡查已于 09:30 开始。")
        self.assertContains(started, f'id="patrol-open-{patrol.pk}"')
        later = NOW + timedelta(hours=2)
        with mock.patch("django.utils.timezone.now", return_value=later):
            ended = self.client.post("/gridwork/patrols/now/", {"action": "end", "patrol": patrol.pk}, follow=True)
        self.assertRedirects(ended, f"/gridwork/patrols/{patrol.pk}/")
        self.assertContains(ended, f"鸿山一网格（{self.grid.code}）的巡查已于 11:30 结束。")
        patrol.refresh_from_db()
        self.assertEqual(patrol.ended_at, later)
        again = self.client.post("/gridwork/patrols/now/", {"action": "end", "patrol": patrol.pk})
        self.assertEqual(again.status_code, 404)

    def test_another_workers_patrol_or_another_grid_is_refused(self):
        other_grid = Grid.objects.create(community=self.tree["C3"], sequence=1, name="仁安一网格")
        other = make_user("other_worker", Role.GRID_WORKER, self.tree["C1"])
        theirs = PatrolLog.objects.create(grid=self.grid, worker=other, started_at=datetime.now(CITY))
        self.assertEqual(
            self.client.post("/gridwork/patrols/now/", {"action": "end", "patrol": theirs.pk}).status_code, 404
        )
        refused = self.client.post("/gridwork/patrols/now/", {"action": "start", "grid": other_grid.pk})
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(refused.context["form"].errors["grid"], ["选择一个有效的选项： 该选择不在可用的选项中。"])
        self.assertEqual(PatrolLog.objects.unscoped("test").count(), 1)
