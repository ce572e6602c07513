"""The evaluation with hand-computed scores (issue #14; EVAL-1, EVAL-4): each indicator at its boundaries, the
classes, the district quota, unknown data never scored as zero, frozen schemes and versions, the workflow in order,
the ranking on the public portal, and `manage.py evaluate`."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from rest_framework.test import APIClient

from shequ.cockpit.models import Figure, RollupRun
from shequ.core.checks import Outcome, PolicyCheck, Status, checks
from shequ.core.context import change_context
from shequ.core.models import ObjectChange
from shequ.core.testing.fixtures import build_tree
from shequ.evaluation import models, services
from shequ.evaluation.indicators import measure
from shequ.evaluation.ranking import profile, ranking
from shequ.people.models import Household

TODAY = date(2026, 12, 31)
D = Decimal


def figure(community, month, metric, value):
    Figure.objects.create(division_code=community.code, month=month, metric=metric, value=D(value))


class World:
    """厦门市's 2026 scheme: A1 inspections (40, 60 → 100), A2 media exposures (20, a deduction: 3 → 0),
    A3 work orders on time (40, 50 % → 100 %)."""

    @staticmethod
    def build(test):
        test.tree = build_tree()
        test.users = test.tree.users
        test.scheme = models.Scheme.objects.create(division=test.tree["city"], year=2026, name="厦门市社区考评")
        test.a1 = models.Indicator.objects.create(
            scheme=test.scheme, code="A1", name="明察暗访", kind="scored", weight=D(40), zero_at=D(60), full_at=D(100)
        )
        test.a2 = models.Indicator.objects.create(
            scheme=test.scheme, code="A2", name="媒体曝光", kind="scored", weight=D(20), zero_at=D(3), full_at=D(0)
        )
        test.a3 = models.Indicator.objects.create(
            scheme=test.scheme,
            code="A3",
            name="工单按时办结率",
            kind="computed",
            source="orders-on-time",
            weight=D(40),
            zero_at=D(50),
            full_at=D(100),
        )
        services.put_in_force(acting_user=None, scheme=test.scheme)
        t = test.tree

        def inspect(key, indicator, day, score, kind="open"):
            models.Inspection.objects.create(
                community=t[key],
                indicator=indicator,
                kind=kind,
                inspected_on=day,
                inspectors="市考评组",
                score=D(score),
            )

        inspect("C1", test.a1, date(2026, 3, 1), 100)
        inspect("C1", test.a1, date(2026, 9, 1), 90, "unannounced")  # mean 95 → 40 × 35/40 = 35
        inspect("C2", test.a1, date(2026, 5, 1), 100)  # 40
        inspect("C2", test.a2, date(2026, 5, 2), 1, "media")  # 20 × 2/3 = 13.33
        inspect("C3", test.a1, date(2026, 5, 1), 60)  # the boundary: 0
        inspect("C3", test.a2, date(2026, 6, 1), 2, "media")
        inspect("C3", test.a2, date(2026, 7, 1), 1, "media")  # 3 exposures: the boundary, 0
        inspect("C1", test.a1, date(2025, 12, 31), 0)  # another year: not counted
        RollupRun.objects.create(
            until=timezone.make_aware(datetime(2026, 12, 31, 23)),
            first_month=date(2026, 1, 1),
            last_month=date(2026, 12, 1),
            rows=1,
            seconds=1,
        )
        for month, on_time, closed, late in ((date(2026, 3, 1), 20, 22, 1), (date(2026, 11, 1), 25, 26, 1)):
            figure(t["C1"], month, "orders_on_time", on_time)  # 45 of 48 + 2 = 90 % → 40 × 40/50 = 32
            figure(t["C1"], month, "orders_closed", closed)
            figure(t["C1"], month, "orders_late_open", late)
        figure(t["C2"], date(2026, 4, 1), "orders_on_time", 10)  # 100 % → 40
        figure(t["C2"], date(2026, 4, 1), "orders_closed", 10)
        figure(t["C3"], date(2026, 4, 1), "orders_on_time", 5)  # 50 %: the boundary, 0
        figure(t["C3"], date(2026, 4, 1), "orders_closed", 10)
        figure(t["C4"], date(2025, 12, 1), "orders_closed", 10)  # C4: none in 2026 → not known
        # C4: no inspection (A1 not known), no exposure (A2 full), no orders (A3 not known): 20 of 100 known.


class EvaluationTests(TestCase):
    def setUp(self):
        World.build(self)

    def evaluate(self, **kwargs):
        with change_context(None, source="test"):
            return services.evaluate(acting_user=None, division=self.tree["city"], year=2026, today=TODAY, **kwargs)

    def values(self, run, key):
        score = models.Score.objects.get(run=run, community=self.tree[key])
        rows = {v.indicator.code: (v.value, v.points) for v in score.values.select_related("indicator")}
        return score.total, score.known_weight, score.grade, score.scheme_id, rows

    def test_hand_computed_scores_and_classes(self):
        run = self.evaluate()
        s = self.scheme.pk
        self.assertEqual(
            self.values(run, "C1"),
            (
                D("87.00"),
                D("100.00"),
                "standard",
                s,
                {"A1": (D("95.00"), D("35.00")), "A2": (D("0.00"), D("20.00")), "A3": (D("90.00"), D("32.00"))},
            ),
        )
        self.assertEqual(
            self.values(run, "C2"),
            (
                D("93.33"),
                D("100.00"),
                "demonstration",
                s,
                {"A1": (D("100.00"), D("40.00")), "A2": (D("1.00"), D("13.33")), "A3": (D("100.00"), D("40.00"))},
            ),
        )
        self.assertEqual(
            self.values(run, "C3"),
            (
                D("0.00"),
                D("100.00"),
                "below",
                s,
                {"A1": (D("60.00"), D("0.00")), "A2": (D("3.00"), D("0.00")), "A3": (D("50.00"), D("0.00"))},
            ),
        )
        # Missing data is not known, never zero: 20 of 100 known is below the scheme's 60 — not classified.
        self.assertEqual(
            self.values(run, "C4"),
            (
                D("100.00"),
                D("20.00"),
                "unknown",
                s,
                {"A1": (None, None), "A2": (D("0.00"), D("20.00")), "A3": (None, None)},
            ),
        )
        basis = models.IndicatorValue.objects.get(score__run=run, score__community=self.tree["C1"], indicator=self.a3)
        self.assertEqual(basis.basis, "50 件已办结或超期，其中按时 45 件")
        self.assertEqual(basis.records_url, f"/workorders/orders/?division={self.tree['C1'].pk}")

    def test_the_score_page_charts_the_profile_against_the_district(self):
        run = self.evaluate()
        c1 = models.Score.objects.get(run=run, community=self.tree["C1"])
        # 思明区 (C1, C2, C3), shares of each indicator's points: A1 35/40, 40/40, 0/40 → mean 62.5; A2 20/20,
        # 13.33/20, 0/20 → (100 + 66.65 + 0) / 3 = 55.55 → 55.6; A3 32/40, 40/40, 0/40 → 60.
        self.assertEqual(
            profile(c1),
            {
                "profile": {
                    "names": ["A1 明察暗访", "A2 媒体曝光", "A3 工单按时办结率"],
                    "series": [
                        {"name": "鸿山社区居委会", "type": "bar", "data": [87.5, 100.0, 80.0]},
                        {"name": "思明区平均", "type": "bar", "data": [62.5, 55.6, 60.0]},
                    ],
                    "horizontal": True,
                    "max": 100,
                }
            },
        )
        # 湖里区 has C4 alone, known only for A2: not known is a gap, never a zero.
        c4 = models.Score.objects.get(run=run, community=self.tree["C4"])
        self.assertEqual(
            profile(c4)["profile"]["series"],
            [
                {"name": "湖里社区居委会", "type": "bar", "data": [None, 100.0, None]},
                {"name": "湖里区平均", "type": "bar", "data": [None, 100.0, None]},
            ],
        )
        self.client.force_login(self.users["city"])
        response = self.client.get(f"/evaluation/scores/{c1.pk}/")
        self.assertEqual(response.context["charts"], profile(c1))
        self.assertContains(response, '<script id="score-charts" type="application/json">')
        self.assertContains(response, 'data-source="score-charts" data-chart="profile"')
        self.assertContains(response, "指标得分率与所在区平均")
        self.assertContains(response, "shequ/charts.js")

    def test_district_quota_for_demonstration(self):
        # 思明区 has 3 communities; a 33 % quota allows none (3 × 0.33 = 0.99), 34 % allows one.
        models.Scheme.objects.filter(pk=self.scheme.pk).update(demonstration_quota=33)
        run = self.evaluate()
        self.assertEqual(models.Score.objects.get(run=run, community=self.tree["C2"]).grade, "standard")
        models.Scheme.objects.filter(pk=self.scheme.pk).update(demonstration_quota=34)
        run = self.evaluate()
        self.assertEqual(models.Score.objects.get(run=run, community=self.tree["C2"]).grade, "demonstration")

    def test_ranking_of_districts_and_streets(self):
        run = self.evaluate()
        districts = [(r.division.name, r.rank, r.mean, r.communities, r.grades) for r in ranking(run)]
        self.assertEqual(
            districts,
            [
                ("思明区", 1, D("60.11"), 3, {"demonstration": 1, "standard": 1, "below": 1, "unknown": 0}),
                ("湖里区", None, None, 1, {"demonstration": 0, "standard": 0, "below": 0, "unknown": 1}),
            ],
        )
        streets = [(r.division.name, r.rank, r.mean) for r in ranking(run, self.tree["D1"])]
        self.assertEqual(streets, [("厦港街道", 1, D("90.17")), ("中华街道", 2, D("0.00"))])

    def test_a_quarter_scores_to_its_end(self):
        run = self.evaluate(quarter=1)
        # To 31 March: C1 has the March inspection (100 → 40) and March orders (20 of 23 → 86.96 % → 29.57).
        self.assertEqual(
            self.values(run, "C1")[4],
            {"A1": (D("100.00"), D("40.00")), "A2": (D("0.00"), D("20.00")), "A3": (D("86.96"), D("29.57"))},
        )

    def test_weights_must_sum_to_100(self):
        draft = models.Scheme.objects.create(division=self.tree["city"], year=2027, name="2027 方案")
        models.Indicator.objects.create(scheme=draft, code="A1", name="满意度", kind="scored", weight=D(90))
        too_much = models.Indicator(scheme=draft, code="A2", name="暗访", kind="scored", weight=D(20))
        with self.assertRaises(ValidationError) as refused:
            too_much.full_clean()
        self.assertEqual(refused.exception.message_dict, {"weight": ["方案的指标权重之和将为 110，应为 100。"]})
        with self.assertRaises(ValidationError) as refused:
            services.put_in_force(acting_user=None, scheme=draft)
        self.assertEqual(refused.exception.messages, ["方案的指标权重之和为 90，应为 100。"])
        draft.refresh_from_db()
        self.assertEqual(draft.status, "draft")

    def test_a_scheme_that_has_scored_is_frozen_and_changes_make_a_new_version(self):
        first = self.evaluate()
        api = APIClient()
        api.force_login(self.users["city"])
        before = ObjectChange.objects.count()
        response = api.patch(f"/api/evaluation/schemes/{self.scheme.pk}/", {"name": "改名"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("该方案已用于评分，已冻结：请新建版本后修改。", str(response.data))
        response = api.patch(f"/api/evaluation/indicators/{self.a1.pk}/", {"weight": "30"}, format="json")
        self.assertEqual(response.status_code, 400)
        response = api.post(
            "/api/evaluation/indicators/",
            {"scheme": self.scheme.pk, "code": "A9", "name": "新增", "kind": "scored", "weight": "1"},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ObjectChange.objects.count(), before)
        self.scheme.refresh_from_db()
        self.assertEqual((self.scheme.name, self.scheme.indicators.count()), ("厦门市社区考评", 3))

        response = api.post(f"/api/evaluation/schemes/{self.scheme.pk}/new-version/")
        self.assertEqual((response.status_code, response.data["version"], response.data["status"]), (201, 2, "draft"))
        second = models.Scheme.objects.get(pk=response.data["id"])
        self.assertEqual(
            sorted(second.indicators.values_list("code", "weight")),
            [("A1", D("40.00")), ("A2", D("20.00")), ("A3", D("40.00"))],
        )
        second.indicators.filter(code="A1").update(weight=D(30))
        second.indicators.filter(code="A2").update(weight=D(30))
        response = api.post(f"/api/evaluation/schemes/{second.pk}/in-force/")
        self.assertEqual((response.status_code, response.data["status"]), (200, "in_force"))
        self.scheme.refresh_from_db()
        self.assertEqual(self.scheme.status, "superseded")
        later = self.evaluate()
        self.assertEqual(self.values(later, "C1")[3], second.pk)  # every score names its version
        self.assertEqual(self.values(first, "C1")[3], self.scheme.pk)
        self.assertEqual(self.values(later, "C1")[0], D("88.25"))  # 30 × 35/40 + 30 + 40 × 40/50

    def test_workflow_in_order_with_who_and_when(self):
        run = self.evaluate()
        with self.assertRaises(ValidationError) as refused:
            services.approve(acting_user=self.users["city"], run=run)
        self.assertEqual(refused.exception.messages, ["区级尚未审核这次评估，不能审批；当前状态：已计算。"])
        with self.assertRaises(PermissionDenied):
            services.review(acting_user=self.users["street"], run=run)
        with self.assertRaises(PermissionDenied):  # a district reviews only its own district's evaluation
            services.review(acting_user=self.users["district"], run=run)
        run.refresh_from_db()
        self.assertEqual((run.status, run.reviewed_by), ("computed", None))
        with change_context(self.users["city"], source="test"):
            services.review(acting_user=self.users["city"], run=run)
            services.approve(acting_user=self.users["city"], run=run)
            services.publish(acting_user=self.users["city"], run=run)
        run.refresh_from_db()
        self.assertEqual(
            (run.status, run.reviewed_by, run.approved_by, run.published_by),
            ("published", self.users["city"], self.users["city"], self.users["city"]),
        )
        self.assertIsNotNone(run.published_at)

    def test_a_district_reviews_its_run_and_may_not_approve(self):
        with change_context(self.users["district"], source="test"):
            run = services.evaluate(
                acting_user=self.users["district"], division=self.tree["D1"], year=2026, today=TODAY
            )
            services.review(acting_user=self.users["district"], run=run)
            with self.assertRaises(PermissionDenied):
                services.approve(acting_user=self.users["district"], run=run)
        self.assertEqual(models.Score.objects.filter(run=run).count(), 3)
        with self.assertRaises(PermissionDenied):
            services.evaluate(acting_user=self.users["district"], division=self.tree["D2"], year=2026, today=TODAY)

    def test_the_public_ranking_shows_only_published_runs(self):
        run = self.evaluate()
        response = self.client.get("/portal/ranking/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "尚未发布排名")
        with change_context(self.users["city"], source="test"):
            for action in ("review", "approve", "publish"):
                services.step(acting_user=self.users["city"], run=run, action=action)
        response = self.client.get("/portal/ranking/")
        self.assertEqual(
            [(r.division.name, r.rank) for r in response.context["ranks"]], [("思明区", 1), ("湖里区", None)]
        )
        self.assertContains(response, "60.11")
        self.assertNotContains(response, "鸿山社区")  # aggregates only, no single community's score
        response = self.client.get(f"/portal/ranking/?run={run.pk}&district={self.tree['D1'].code}")
        self.assertEqual(
            [(r.division.name, r.mean) for r in response.context["ranks"]],
            [("厦港街道", D("90.17")), ("中华街道", D("0.00"))],
        )

    def test_the_run_page_takes_the_steps(self):
        run = self.evaluate()
        self.client.force_login(self.users["city"])
        response = self.client.get(f"/evaluation/runs/{run.pk}/")
        self.assertContains(response, "93.33")
        self.client.post(f"/evaluation/runs/{run.pk}/", {"action": "approve"})
        run.refresh_from_db()
        self.assertEqual(run.status, "computed")
        self.client.post(f"/evaluation/runs/{run.pk}/", {"action": "review"})
        run.refresh_from_db()
        self.assertEqual((run.status, run.reviewed_by), ("reviewed", self.users["city"]))
        score = models.Score.objects.get(run=run, community=self.tree["C4"])
        response = self.client.get(f"/evaluation/scores/{score.pk}/")
        self.assertContains(response, '<span class="badge bg-secondary-lt">未知</span>', count=2, html=False)

    def test_the_evaluate_page_runs_in_the_background(self):
        self.client.force_login(self.users["district"])
        response = self.client.post("/evaluation/evaluate/", {"division": self.tree["D1"].pk, "year": 2026})
        self.assertEqual(response.status_code, 302)
        response = self.client.get(response["Location"] + "?format=json")
        state = response.json()
        run = models.Run.objects.get(pk=state["run"])
        self.assertEqual(
            (state["done"], state["total"], run.division, run.computed_by),
            (3, 3, self.tree["D1"], self.users["district"]),
        )

    def test_the_command_scores_every_community(self):
        out = StringIO()
        call_command("evaluate", "2026", stdout=out)
        run = models.Run.objects.get()
        self.assertEqual(models.Score.objects.filter(run=run).count(), 4)
        self.assertIn("4 scored, 0 without a scheme; demonstration 1, standard 1, below 1, unknown 1", out.getvalue())


class FakeCheck(PolicyCheck):
    id = "test-fake-check"
    title = "fake"

    def evaluate(self, communities, today):
        answers = {"350203001001": Status.OK, "350203001004": Status.VIOLATION, "350203003001": Status.UNKNOWN}
        return {c.code: Outcome(answers[c.code], "v", "t") for c in communities if c.code in answers}


class SourceTests(TestCase):
    def setUp(self):
        self.tree = build_tree()
        self.communities = [self.tree[k] for k in ("C1", "C2", "C3", "C4")]

    def test_one_policy_check_passed_failed_unknown(self):
        checks[FakeCheck.id] = FakeCheck()
        self.addCleanup(checks.pop, FakeCheck.id)
        result = measure("check:test-fake-check", self.communities, date(2026, 1, 1), TODAY)
        self.assertEqual([result[c.code].value for c in self.communities], [D(100), D(0), None, None])

    def test_volunteer_hours_per_thousand_residents(self):
        RollupRun.objects.create(
            until=timezone.now(), first_month=date(2026, 1, 1), last_month=date(2026, 12, 1), rows=1, seconds=1
        )
        figure(self.tree["C1"], date(2026, 6, 1), "volunteer_hours", 20)
        figure(self.tree["C1"], date(2026, 7, 1), "volunteer_hours", 10)
        figure(self.tree["C1"], date(2026, 1, 1), "residents", 1000)
        figure(self.tree["C1"], date(2026, 12, 1), "residents", 1500)  # the latest count: 30 / 1500 × 1000 = 20
        figure(self.tree["C2"], date(2026, 6, 1), "volunteer_hours", 20)  # no residents counted: not known
        result = measure("volunteer-hours", self.communities, date(2026, 1, 1), TODAY)
        self.assertEqual([result[c.code].value for c in self.communities], [D("20.00"), None, None, None])

    def test_without_a_rollup_run_work_orders_are_not_known(self):
        figure(self.tree["C1"], date(2026, 6, 1), "orders_closed", 10)
        result = measure("orders-on-time", self.communities, date(2026, 1, 1), TODAY)
        self.assertEqual({m.value for m in result.values()}, {None})


class SeedTests(TestCase):
    def test_the_demo_seed_publishes_a_ranking(self):
        tree = build_tree()
        for n in range(1, 31):
            Household.objects.create(community=tree["C1"], number=f"1-{n:03d}")
        out = StringIO()
        call_command("seed_evaluation", city=tree["city"].code, stdout=out)
        run = models.Run.objects.get(quarter__isnull=False)
        self.assertEqual((run.status, run.scores.count()), ("published", 4))
        last_year = timezone.localdate().year - 1
        annual = models.Run.objects.get(quarter__isnull=True)
        self.assertEqual(
            sorted(annual.scores.values_list("community__name", "total", "grade")),
            [  # the other street's communities: no inspection, only the exposures' 30 known → not classified
                ("仁安社区居委会", D("100.00"), "unknown"),
                ("湖里社区居委会", D("100.00"), "unknown"),
                ("蜂巢山社区居委会", D("0.00"), "below"),
                ("鸿山社区居委会", D("96.50"), "demonstration"),
            ],
        )
        title = models.Title.objects.get()
        self.assertEqual((title.community, title.year, title.status), (tree["C1"], last_year, "held"))
        self.assertEqual(
            sorted(title.awards.values_list("level", "stage", "amount")),
            [("city", "awarded", D("50000.00")), ("provincial", "recommended", None)],
        )
        self.assertEqual(list(models.Recheck.objects.values_list("community", "result")), [(tree["C1"].pk, "pending")])
        case = models.Rectification.objects.get()
        self.assertEqual(
            (case.community, case.year, case.status, case.progress.count()), (tree["C2"], last_year, "open", 1)
        )
        satisfaction = models.IndicatorValue.objects.get(score__community=tree["C1"], indicator__code="A1")
        self.assertEqual(satisfaction.basis.endswith("份"), True)  # 12 answers: known
        self.assertIsNotNone(satisfaction.value)
        self.assertIn("12 survey answers", out.getvalue())
        call_command("seed_evaluation", city=tree["city"].code, if_empty=True, stdout=out)
        self.assertEqual(models.Scheme.objects.count(), 2)  # this year's and last year's
