"""Implausible grid-work dates are refused (issue #12 "wrong answers", second bullet; SVC-8, DESIGN.md §11): a
patrol in the future, before 2000 or lasting more than a day; a grid worker "since" 2099."""

import time_machine
from django.test import TestCase

from shequ.core.testing.bounds import NOW, BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.gridwork.models import GridWorker, PatrolLog
from shequ.regions.models import Grid

FUTURE = "不得是将来的日期（晚于 2026-11-30）。"


@time_machine.travel(NOW, tick=False)
class PatrolBoundTests(BoundsMixin, TestCase):
    model = PatrolLog
    URL = "/api/gridwork/patrols/"

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.grid = Grid.objects.create(community=cls.tree["C1"], sequence=1, name="鸿山一网格")

    def body(self, **fields):
        return {"grid": self.grid.pk, "worker": self.tree.users["community"].pk, **fields}

    def test_api(self):
        self.assert_api_refuses(self.URL, self.body(started_at="2099-01-01T09:00:00+08:00"), "started_at", FUTURE)
        self.assert_api_refuses(
            self.URL, self.body(started_at="1999-12-31T23:00:00+08:00"), "started_at", "不得早于 2000-01-01。"
        )
        self.assert_api_refuses(
            self.URL,
            self.body(started_at="2026-11-01T09:00:00+08:00", ended_at="2026-11-02T09:30:00+08:00"),
            "ended_at",
            "一次巡查最长 24 小时。",
        )
        # 2026-11-30 20:00 UTC is 1 December in Shanghai: still the future.
        self.assert_api_refuses(self.URL, self.body(started_at="2026-11-30T20:00:00Z"), "started_at", FUTURE)
        self.assert_api_accepts(
            self.URL, self.body(started_at="2026-11-30T08:00:00+08:00", ended_at="2026-11-30T09:30:00+08:00")
        )

    def test_page(self):
        data = {"grid": self.grid.pk, "started_at": "2099-01-01 09:00", "ended_at": "", "notes": "", "findings": ""}
        self.assert_page_refuses("/gridwork/patrols/add/", data, "started_at", FUTURE)
        self.assert_page_accepts("/gridwork/patrols/add/", {**data, "started_at": "2026-11-29 09:00"})

    def test_grid_worker_since(self):
        self.model = GridWorker
        body = {"grid": self.grid.pk, "user": self.tree.users["community"].pk}
        url = "/api/gridwork/workers/"
        self.assert_api_refuses(url, {**body, "since": "2099-01-01"}, "since", FUTURE, level="district")
        self.assert_api_accepts(url, {**body, "since": "2026-01-01"}, level="district")
