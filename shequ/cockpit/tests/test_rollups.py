"""The cockpit's rollups and home page (issue #13): exact figures from a refresh, each user's jurisdiction only,
sensitive care categories only with that duty, an on-time rate that counts overdue open orders, and every figure
equal to the list it links to."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from unittest import mock

import time_machine
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from shequ.cockpit.compliance import compliance
from shequ.cockpit.models import Figure, RollupRun
from shequ.cockpit.rollups import figures, months_ending, refresh_rollups, visible_codes
from shequ.cockpit.tests.world import NOW, build_world
from shequ.core.checks import PolicyCheck
from shequ.core.testing.fixtures import Tree, build_tree

JUNE, MAY = date(2026, 6, 1), date(2026, 5, 1)


def figure(code: str, metric: str, month: date = JUNE):
    row = Figure.objects.filter(division_code=code, metric=metric, month=month).first()
    return row.value if row else Decimal(0)


@time_machine.travel(NOW, tick=False)
class RefreshTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        with time_machine.travel(NOW, tick=False):
            build_world(cls.tree)

    def test_refresh_counts_every_division_exactly(self):
        run = refresh_rollups()
        self.assertEqual((run.first_month, run.last_month), (date(2025, 7, 1), JUNE))
        metrics = (
            "residents",
            "households",
            "orders_intake",
            "orders_closed",
            "orders_on_time",
            "orders_late_open",
            "orders_open",
            "orders_yellow",
            "orders_red",
            "orders_called_back",
            "orders_satisfied",
            "volunteers",
            "volunteer_hours",
        )
        expected = {
            "350200000000": (13, 3, 8, 3, 2, 3, 5, 1, 3, 2, 1, 3, Decimal("14.5")),  # the city
            "350203000000": (6, 2, 6, 2, 1, 2, 4, 1, 2, 2, 1, 2, Decimal("6.5")),  # 思明区
            "350203001000": (5, 2, 5, 2, 1, 1, 3, 1, 1, 2, 1, 2, Decimal("6.5")),  # 厦港街道
            "350203001001": (3, 2, 5, 2, 1, 1, 3, 1, 1, 2, 1, 2, Decimal("6.5")),  # C1
            "350206001001": (7, 1, 2, 1, 1, 1, 1, 0, 1, 0, 0, 1, Decimal("8")),  # C4
        }
        for code, values in expected.items():
            with self.subTest(code=code):
                self.assertEqual(tuple(figure(code, m) for m in metrics), values)
        # May's order, by the month it came in; May's verified hours.
        self.assertEqual(
            [figure("350200000000", m, MAY) for m in ("orders_intake", "orders_on_time", "volunteer_hours")],
            [1, 1, Decimal("1.5")],
        )
        self.assertEqual(
            {
                m: figure("350200000000", f"care:{m}")
                for m in ("elderly_alone", "released", "disability", "corrections")
            },
            {"elderly_alone": 2, "released": 1, "disability": 1, "corrections": 1},
        )

    def test_check_figures_equal_the_compliance_page(self):
        refresh_rollups()
        city = self.tree["city"]
        totals = compliance(self.tree.users["city"], city, NOW.date(), live=True).totals
        for check_id, counts in totals.items():
            for status, n in counts.items():
                self.assertEqual(figure(city.code, f"check:{check_id}:{status}"), n, (check_id, status))

    def test_city_and_district_compliance_read_the_rollups(self):
        """A city's compliance counts come from this month's run, equal to evaluating now, without evaluating."""
        city, district = self.tree["city"], self.tree["D1"]
        before = compliance(self.tree.users["city"], city, NOW.date())
        self.assertIsNone(before.as_of)  # no run this month yet: evaluated now
        run = refresh_rollups()
        for user, division in (("city", city), ("district", district)):
            live = compliance(self.tree.users[user], division, NOW.date(), live=True)
            with mock.patch.object(PolicyCheck, "evaluate", side_effect=AssertionError("evaluated live")):
                read = compliance(self.tree.users[user], division, NOW.date())
            self.assertEqual(read.as_of, run.until)
            self.assertEqual(read.totals, live.totals)
            self.assertEqual(read.community_count, live.community_count)
            self.assertEqual(
                [(c.code, counts) for c, counts in read.children], [(c.code, counts) for c, counts in live.children]
            )
            self.assertEqual(read.communities, [])
        self.assertEqual(compliance(self.tree.users["district"], district, NOW.date()).community_count, 3)
        # A street is evaluated now, whatever the rollups say.
        self.assertIsNone(compliance(self.tree.users["street"], self.tree["S1"], NOW.date()).as_of)
        self.client.force_login(self.tree.users["city"])
        page = self.client.get("/checks/")
        self.assertContains(page, f"统计截至 {timezone.localtime(run.until):%Y-%m-%d %H:%M}")
        self.assertContains(page, "4 个社区")

    def test_a_second_run_replaces_the_month_and_keeps_past_state(self):
        refresh_rollups(day=date(2026, 5, 31))  # May's state: filed under May
        refresh_rollups()
        refresh_rollups()
        self.assertEqual(figure("350200000000", "residents", MAY), 13)
        self.assertEqual(figure("350200000000", "residents", JUNE), 13)
        self.assertEqual(Figure.objects.filter(division_code="350200000000", metric="orders_intake").count(), 2)
        self.assertEqual(RollupRun.objects.count(), 3)

    def test_command(self):
        out = StringIO()
        call_command("refresh_rollups", stdout=out)
        self.assertIn("2025-07..2026-06", out.getvalue())
        self.assertEqual(figure("350200000000", "residents"), 13)

    def test_figures_sum_the_parts_a_duty_covers(self):
        refresh_rollups()
        self.assertEqual(visible_codes("350203", ["3502"]), ["350203000000"])
        self.assertEqual(visible_codes("3502", ["350203001", "350206"]), ["350203001000", "350206000000"])
        self.assertEqual(visible_codes("350206", ["350203001"]), [])
        # The street user sees the city only through its street.
        result = figures(self.tree.users["street"], ["3502"], ["residents"], months_ending(JUNE))
        self.assertEqual(result[("3502", "residents", JUNE)], 5)


@time_machine.travel(NOW, tick=False)
class HomeTests(TestCase):
    tree: Tree

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        with time_machine.travel(NOW, tick=False):
            build_world(cls.tree)
            refresh_rollups()

    def home(self, level: str, **query):
        self.client.force_login(self.tree.users[level])
        return self.client.get("/", query)

    @staticmethod
    def tiles(page) -> dict:
        context = page.context
        return {t["id"]: t["value"] for t in [*context["people"], *context["order_tiles"], *context["service"]]}

    def test_city_home_figures(self):
        page = self.home("city")
        self.assertEqual(
            self.tiles(page),
            {
                "residents": 13,
                "households": 3,
                "floating": 0,
                "orders-open": 5,
                "orders-yellow": 1,
                "orders-red": 3,
                "volunteers": 3,
                "volunteer-hours": Decimal("14.5"),
                "training-attendance": 0,
                "training-hours": 0,
            },
        )
        self.assertEqual(page.context["levels"], [("区（县）", 2), ("街道（乡镇）", 3), ("社区", 4), ("网格", 3)])
        self.assertEqual(self.home("district").context["levels"], [("街道（乡镇）", 2), ("社区", 3), ("网格", 2)])
        orders = page.context["orders"]
        self.assertEqual(
            (orders["intake"], orders["on_time"], orders["closed"], orders["late_open"], orders["on_time_rate"]),
            (8, 2, 3, 3, "33.3%"),
        )
        self.assertEqual((orders["satisfied"], orders["called_back"], orders["satisfaction_rate"]), (1, 2, "50.0%"))
        self.assertEqual(
            [
                (c["division"].name, c["residents"], c["intake"], c["red"], c["on_time_rate_text"])
                for c in page.context["children"]
            ],
            [("思明区", 6, 6, 2, "25.0%"), ("湖里区", 7, 2, 1, "50.0%")],
        )
        charts = page.context["charts"]
        self.assertEqual(charts["months"][0], "2025-07")
        self.assertEqual(charts["months"][-1], "2026-06")
        self.assertEqual(charts["orders"][0]["data"][-2:], [1.0, 8.0])
        self.assertEqual(charts["orders"][1]["data"][-2:], [100.0, 33.3])
        # Residents were counted in June only (one run): May is a gap, not a zero; hours are events, so May has its own.
        self.assertEqual(charts["people"][0]["data"][-2:], [None, 13.0])
        self.assertEqual(charts["people"][1]["data"][-2:], [1.5, 14.5])
        self.assertEqual(charts["children"]["names"], ["思明区", "湖里区"])
        # The data reach the page as JSON (no inline script), drawn by the static script.
        self.assertContains(page, '<script id="cockpit-charts" type="application/json">')
        self.assertContains(page, "cockpit/charts.js")
        self.assertContains(page, "vendor/echarts/echarts.min.js")

    def test_street_home_holds_its_jurisdiction_only(self):
        page = self.home("street")
        self.assertEqual(page.context["division"].code, "350203001000")
        self.assertEqual(page.context["levels"], [("社区", 2), ("网格", 2)])
        tiles = self.tiles(page)
        self.assertEqual(
            (tiles["residents"], tiles["households"], tiles["orders-red"], tiles["volunteer-hours"]),
            (5, 2, 1, Decimal("6.5")),
        )
        self.assertEqual(page.context["orders"]["intake"], 5)
        self.assertEqual([c["division"].code for c in page.context["children"]], ["350203001001", "350203001004"])
        self.assertNotContains(page, "湖里")
        # C4's own figures (7 residents, 8 volunteer hours) and the city's totals appear nowhere.
        content = page.content.decode()
        for shown in ('data-value="7"', 'data-value="13"', 'data-value="14.5"', 'data-value="8"'):
            self.assertNotIn(shown, content)
        # Outside the jurisdiction: not found.
        self.assertEqual(self.home("street", division="350206000000").status_code, 404)
        self.assertEqual(self.home("street", division="350200000000").status_code, 404)

    def test_sensitive_care_categories_only_with_the_duty(self):
        community = {t["id"]: t["value"] for t in self.home("community").context["care"]}
        self.assertEqual(
            community,
            {
                "care-elderly_alone": 2,
                "care-disability": 0,
                "care-dibao": 0,
                "care-extreme_poverty": 0,
                "care-entitled": 0,
            },
        )
        self.assertNotContains(self.home("community"), "care-released")
        street = {t["id"]: t["value"] for t in self.home("street").context["care"]}
        self.assertEqual((street["care-released"], street["care-corrections"]), (1, 0))
        city = {t["id"]: t["value"] for t in self.home("city").context["care"]}
        self.assertEqual((city["care-released"], city["care-corrections"]), (1, 1))
        # A role without care records at all (the auditor) sees no care group, and no count of one.
        self.assertEqual(self.home("auditor").context["care"], [])

    def test_each_figure_equals_the_list_it_links_to(self):
        for level in ("city", "district", "street", "community"):
            page = self.home(level)
            tiles = [*page.context["people"], *page.context["order_tiles"], *page.context["care"]]
            tiles += [t for t in page.context["service"] if t["id"] in ("volunteers", "training-attendance")]
            for tile in tiles:
                with self.subTest(level=level, figure=tile["id"]):
                    listed = self.client.get(tile["url"])
                    self.assertEqual(listed.status_code, 200)
                    self.assertEqual(listed.context["page"].paginator.count, tile["value"])
            orders = page.context["orders"]
            totals = self.client.get(orders["statistics_url"]).context["totals"]
            self.assertEqual(
                (totals["total"], totals["on_time"], totals["decided"], totals["on_time_rate_text"]),
                (orders["intake"], orders["on_time"], orders["decided"], orders["on_time_rate"]),
            )
            self.assertEqual(totals["satisfaction_rate_text"], orders["satisfaction_rate"])

    def test_statistics_count_overdue_open_orders(self):
        """The statistics page's on-time rate counts open orders past their limit as late (issue #13)."""
        self.client.force_login(self.tree.users["city"])
        page = self.client.get("/workorders/statistics/", {"start": "2026-06-01", "end": "2026-06-15"})
        totals = page.context["totals"]
        self.assertEqual(
            tuple(totals[k] for k in ("total", "closed", "late_open", "on_time", "decided", "on_time_rate_text")),
            (8, 3, 3, 2, 6, "33.3%"),
        )
        self.assertEqual(
            [
                (r["name"], r["total"], r["closed"], r["late_open"], r["on_time"], r["on_time_rate_text"])
                for r in page.context["by_division"]
            ],
            [("思明区", 6, 2, 2, 1, "25.0%"), ("湖里区", 2, 1, 1, 1, "50.0%")],
        )
        self.assertContains(page, "2 件按时办结，共办结 3 件、超时未办结 3 件")
        # Counting replied orders only would have said 3 of 4 (75 %) beside three red orders.
        self.assertNotContains(page, "75.0%")

    def test_checks_pass_rates(self):
        page = self.home("street")
        rows = page.context["compliance"]
        self.assertTrue(rows)
        for row in rows:
            self.assertEqual(row["total"], 2)  # the street's two communities, per check

    def test_figures_are_as_of_the_run(self):
        # A new red order after the run shows at the next run, not before: the page counts nothing live.
        from shequ.cockpit.tests.world import make_order
        from shequ.workorders.models import Category

        make_order(
            type("Desk", (), {"category": Category.objects.get(code="01")}),
            self.tree["C1"],
            "z",
            status="dispatched",
            red_at=NOW - timedelta(minutes=1),
        )
        self.assertEqual(self.tiles(self.home("street"))["orders-red"], 1)
        refresh_rollups()
        self.assertEqual(self.tiles(self.home("street"))["orders-red"], 2)

    def test_without_assignment(self):
        page = self.home("unpermitted")
        self.assertContains(page, "您尚未被授权到任何区划")  # the assignment notice, as before
