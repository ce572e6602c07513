"""Rectification, demonstration titles, awards, re-checks and the loss of a title, with exact values (issue #14;
EVAL-1 to EVAL-4): publishing the annual evaluation names its demonstration communities and opens a case for each
community below standard (once); a case closes only with its meeting, causes, measures, persons, deadline, evidence
and, for a named cause, an accountability decision; overdue cases are alarmed; re-checks are drawn reproducibly from
their seed; failing two years running revokes the title and deducts the reward paid from the next year's funds."""

import random
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from shequ.core.checks import Status, checks
from shequ.core.testing.fixtures import build_tree
from shequ.evaluation import models, services
from shequ.evaluation.ranking import charts

D = Decimal
TODAY = date(2026, 12, 7)


def build_city(test):
    """厦门市's 2025 scheme: one inspected indicator A1 (weight 100, 0 → 100). C1 95 (示范), C2 50 (不达标),
    C3 80 (达标), C4 not inspected (not known)."""
    test.tree = build_tree()
    test.users = test.tree.users
    scheme = models.Scheme.objects.create(division=test.tree["city"], year=2025, name="厦门市社区考评")
    a1 = models.Indicator.objects.create(
        scheme=scheme, code="A1", name="明察暗访", kind="scored", weight=D(100), zero_at=D(0), full_at=D(100)
    )
    services.put_in_force(acting_user=None, scheme=scheme)
    for key, score in (("C1", 95), ("C2", 50), ("C3", 80)):
        models.Inspection.objects.create(
            community=test.tree[key],
            indicator=a1,
            kind="open",
            inspected_on=date(2025, 6, 1),
            inspectors="市考评组",
            score=D(score),
        )


def publish(run):
    for action in ("review", "approve", "publish"):
        run = services.step(acting_user=None, run=run, action=action)
    return run


class PublishingTests(TestCase):
    def setUp(self):
        build_city(self)

    def run_2025(self, quarter=None):
        return services.evaluate(
            acting_user=None, division=self.tree["city"], year=2025, quarter=quarter, today=date(2025, 12, 31)
        )

    def test_publishing_names_titles_and_opens_cases_once(self):
        run = self.run_2025()
        self.assertEqual(
            sorted(models.Score.objects.filter(run=run).values_list("community__name", "total", "grade")),
            [
                ("仁安社区居委会", D("80.00"), "standard"),
                ("湖里社区居委会", None, "unknown"),
                ("蜂巢山社区居委会", D("50.00"), "below"),
                ("鸿山社区居委会", D("95.00"), "demonstration"),
            ],
        )
        self.assertFalse(models.Title.objects.exists())
        run = publish(run)
        self.assertEqual(
            list(models.Title.objects.values_list("community__name", "year", "status", "score__run")),
            [("鸿山社区居委会", 2025, "held", run.pk)],
        )
        self.assertEqual(
            list(models.Rectification.objects.values_list("community__name", "year", "origin", "status", "deadline")),
            [("蜂巢山社区居委会", 2025, "evaluation", "open", None)],
        )
        self.assertEqual((services.name_titles(run=run), services.open_cases(run=run)), (0, 0))
        second = publish(self.run_2025())  # the year recomputed and published again: nothing twice
        self.assertEqual((models.Title.objects.count(), models.Rectification.objects.count()), (1, 1))
        self.assertEqual((services.name_titles(run=second), services.open_cases(run=second)), (0, 0))

    def test_a_quarter_or_an_unpublished_run_names_nothing(self):
        quarter = publish(self.run_2025(quarter=2))
        self.assertEqual((models.Title.objects.count(), models.Rectification.objects.count()), (0, 0))
        annual = self.run_2025()
        for run in (quarter, annual):
            with self.assertRaises(ValidationError) as refused:
                services.open_cases(run=run)
            self.assertEqual(refused.exception.messages, ["只有已发布的年度考评才能命名示范社区并建立整改案例。"])

    def test_the_ranking_charts_classes_per_district_and_the_quarters(self):
        q2, q4 = self.run_2025(quarter=2), self.run_2025(quarter=4)
        data = charts(q4, models.Run.objects.all())
        self.assertEqual(
            data["classes"],
            {
                "names": ["思明区", "湖里区"],
                "series": [
                    {"name": "示范", "type": "bar", "stack": "classes", "data": [1, 0]},
                    {"name": "达标", "type": "bar", "stack": "classes", "data": [1, 0]},
                    {"name": "不达标", "type": "bar", "stack": "classes", "data": [1, 0]},
                    {"name": "未知：数据缺失", "type": "bar", "stack": "classes", "data": [0, 1]},
                ],
            },
        )
        self.assertEqual(
            data["quarters"],
            {
                "names": ["2025 Q2", "2025 Q4"],
                "series": [
                    {"name": "思明区", "type": "line", "data": [75.0, 75.0]},
                    {"name": "湖里区", "type": "line", "data": [None, None]},
                ],
            },
        )
        self.assertEqual(charts(q2, models.Run.objects.all())["quarters"]["names"], ["2025 Q2", "2025 Q4"])
        self.client.force_login(self.users["city"])
        page = self.client.get("/evaluation/ranking/", {"run": q4.pk})
        self.assertContains(page, 'id="evaluation-charts"')
        self.assertContains(page, "各区考评分类")
        self.assertContains(page, "shequ/charts.js")


class CaseTests(TestCase):
    def setUp(self):
        build_city(self)
        publish(services.evaluate(acting_user=None, division=self.tree["city"], year=2025, today=date(2025, 12, 31)))
        self.case = models.Rectification.objects.get()

    def test_closing_is_refused_until_each_part_is_recorded(self):
        street, district = self.users["street"], self.users["district"]
        with self.assertRaises(ValidationError) as refused:
            services.close_case(acting_user=street, case=self.case, day=date(2026, 5, 1))
        self.assertEqual(
            refused.exception.messages,
            ["整改案例尚不能办结：请先记录专题分析会、原因、整改措施、责任人、整改期限、办结佐证材料。"],
        )
        case = self.case
        case.meeting_on = date(2026, 1, 10)
        case.participants = "区民政局、厦港街道、蜂巢山社区"
        case.minutes = "群众满意率偏低"
        case.cause_satisfaction = True
        case.measures = "每月入户走访"
        case.responsible = "王五（社区书记）"
        case.deadline = date(2026, 6, 30)
        case.full_clean()
        case.save()
        services.add_evidence(
            acting_user=street,
            case=case,
            upload=SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 report"),
            name="整改报告.pdf",
        )
        with self.assertRaises(ValidationError) as refused:
            services.close_case(acting_user=street, case=case, day=date(2026, 5, 1))
        self.assertEqual(refused.exception.messages, ["整改案例尚不能办结：请先记录问责决定（所列原因须追究责任）。"])
        with self.assertRaises(PermissionDenied):  # the street does not decide accountability
            services.add_accountability(
                acting_user=street,
                case=case,
                person="王五",
                post="社区书记",
                cause="satisfaction",
                decision="诫勉谈话",
                decided_by="思明区委",
                decided_on=date(2026, 2, 1),
            )
        services.add_accountability(
            acting_user=district,
            case=case,
            person="王五",
            post="社区书记",
            cause="satisfaction",
            decision="诫勉谈话",
            decided_by="思明区委",
            decided_on=date(2026, 2, 1),
        )
        with self.assertRaises(ValidationError) as refused:
            services.close_case(acting_user=street, case=case, day=date(2026, 1, 9))
        self.assertEqual(refused.exception.messages, ["案例不能早于专题分析会办结。"])
        closed = services.close_case(acting_user=street, case=case, day=date(2026, 5, 1), note="满意率回升至92%")
        self.assertEqual((closed.status, closed.closed_on), ("closed", date(2026, 5, 1)))
        with self.assertRaises(ValidationError) as refused:
            services.add_progress(acting_user=street, case=case, day=date(2026, 5, 2), text="回访")
        self.assertEqual(refused.exception.messages, ["该整改案例已办结，不再更改。"])
        with self.assertRaises(ValidationError) as refused:
            case.full_clean()
        self.assertEqual(refused.exception.messages, ["该整改案例已办结，不再更改。"])

    def test_the_community_reports_progress_and_does_not_close(self):
        community = self.users["community"]
        self.client.force_login(self.users["community"])
        self.case.community = self.tree["C1"]  # the fixture's community user sits in C1
        self.case.save()
        url = self.case.get_absolute_url()
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'id="progress-form"')
        self.assertNotContains(page, 'id="close-form"')
        response = self.client.post(url, {"action": "progress", "day": "2026-03-01", "text": "已召开居民议事会"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            list(self.case.progress.values_list("day", "text", "reported_by")),
            [(date(2026, 3, 1), "已召开居民议事会", community.pk)],
        )
        self.assertEqual(self.client.post(url, {"action": "close", "closed_on": "2026-03-02"}).status_code, 403)
        with self.assertRaises(PermissionDenied):
            services.close_case(acting_user=community, case=self.case, day=date(2026, 3, 2))

    def test_overdue_cases_are_alarmed(self):
        self.case.deadline = date(2026, 6, 30)
        self.case.save()
        self.assertEqual(list(models.Rectification.objects.overdue(TODAY)), [self.case])
        self.assertEqual(list(models.Rectification.objects.overdue(date(2026, 6, 30))), [])
        check = checks["eval-3-rectification-on-time"]
        communities = [self.tree[key] for key in ("C1", "C2")]
        outcomes = check.evaluate(communities, TODAY)
        self.assertEqual(
            [(o.status, o.value) for o in (outcomes["350203001001"], outcomes["350203001004"])],
            [(Status.OK, "无未办结或逾期办结的案例"), (Status.VIOLATION, "已超过整改期限 2026-06-30 仍未办结")],
        )
        models.Rectification.objects.filter(pk=self.case.pk).update(status="closed", closed_on=date(2026, 7, 3))
        outcome = check.evaluate(communities, TODAY)["350203001004"]
        self.assertEqual((outcome.status, outcome.value), (Status.VIOLATION, "逾期办结，办结于 2026-07-03"))
        self.assertEqual(check.evaluate(communities, date(2027, 7, 4))["350203001004"].status, Status.OK)
        self.client.force_login(self.users["district"])
        page = self.client.get("/evaluation/rectifications/", {"overdue": "true"})
        self.assertEqual(page.context["page"].paginator.count, 0)
        models.Rectification.objects.filter(pk=self.case.pk).update(status="open", closed_on=None)
        page = self.client.get("/evaluation/rectifications/", {"overdue": "true"})
        self.assertEqual(page.context["page"].paginator.count, 1)


class RecheckTests(TestCase):
    def setUp(self):
        self.tree = build_tree()
        self.users = self.tree.users
        self.titles = {
            key: models.Title.objects.create(community=self.tree[key], year=2024, named_on=date(2025, 2, 1))
            for key in ("C1", "C2", "C3", "C4")
        }
        models.Award.objects.create(
            title=self.titles["C1"],
            level="city",
            stage="awarded",
            decided_on=date(2025, 2, 1),
            amount=D("50000.00"),
            fund_name="社区建设专项资金",
            paid_on=date(2025, 3, 1),
        )
        models.Award.objects.create(  # recommended only: nothing paid, nothing deducted
            title=self.titles["C1"], level="provincial", stage="recommended", decided_on=date(2025, 3, 1)
        )

    def draw(self, year, seed, size=2, user="city"):
        return services.draw_rechecks(
            acting_user=self.users[user], division=self.tree["city"], year=year, size=size, seed=seed
        )

    def test_the_draw_is_reproducible_from_its_seed_and_logged(self):
        with self.assertLogs("shequ.evaluation.services", "INFO") as logged:
            draw = self.draw(2025, 20251)
        drawn = sorted(draw.rechecks.values_list("community__code", flat=True))
        self.assertEqual(drawn, ["350203001001", "350203003001"])
        self.assertEqual(
            (draw.seed, draw.size, draw.candidates, draw.drawn_by, draw.division),
            (20251, 2, 4, self.users["city"], self.tree["city"]),
        )
        self.assertIn(f"seed 20251, by {self.users['city'].username}", logged.output[0])
        again = self.draw(2026, 20251)  # the same seed over the same candidates: the same communities
        self.assertEqual(sorted(again.rechecks.values_list("community__code", flat=True)), drawn)
        codes = sorted(t.community.code for t in self.titles.values())
        self.assertEqual(sorted(random.Random(20251).sample(codes, 2)), drawn)
        rest = self.draw(2025, 1, size=5)  # those already re-checked this year are left out
        self.assertEqual(
            (rest.size, rest.candidates, sorted(rest.rechecks.values_list("community__code", flat=True))),
            (2, 2, ["350203001004", "350206001001"]),
        )
        with self.assertRaises(ValidationError) as refused:
            self.draw(2025, 2)
        self.assertEqual(refused.exception.messages, ["厦门市 在 2025 年已没有待复查的示范社区。"])

    def test_only_the_city_draws(self):
        with self.assertRaises(PermissionDenied):
            self.draw(2025, 1, user="district")
        self.assertFalse(models.RecheckDraw.objects.exists())

    def fail(self, recheck, day, deadline):
        return services.record_recheck(
            acting_user=self.users["city"],
            recheck=recheck,
            passed=False,
            checked_on=day,
            findings="台账缺失",
            criticism="通报批评",
            deadline=deadline,
        )

    def test_two_years_failed_revoke_the_title_and_deduct_the_reward_paid(self):
        first = self.draw(2025, 20251).rechecks.get(community=self.tree["C1"])
        with self.assertRaises(ValidationError) as refused:
            services.record_recheck(
                acting_user=self.users["city"], recheck=first, passed=False, checked_on=date(2025, 10, 8)
            )
        self.assertEqual(refused.exception.messages, ["复查未通过须通报批评：请填写通报批评内容。"])
        self.fail(first, date(2025, 10, 8), date(2026, 1, 31))
        case = models.Rectification.objects.get()
        self.assertEqual(
            (case.community, case.year, case.origin, case.recheck, case.deadline),
            (self.tree["C1"], 2025, "recheck", first, date(2026, 1, 31)),
        )
        self.assertEqual(models.Title.objects.get(pk=self.titles["C1"].pk).status, "held")
        self.assertFalse(models.Deduction.objects.exists())
        with self.assertRaises(ValidationError) as refused:
            self.fail(first, date(2025, 10, 9), date(2026, 1, 31))
        self.assertEqual(refused.exception.messages, ["该复查已记录为“未通过”。"])

        second = self.draw(2026, 20251).rechecks.get(community=self.tree["C1"])
        self.fail(second, date(2026, 11, 20), date(2027, 3, 31))
        title = models.Title.objects.get(pk=self.titles["C1"].pk)
        self.assertEqual(
            (title.status, title.revoked_on, title.revoked_reason),
            ("revoked", date(2026, 11, 20), "2025年、2026年复查均未通过。"),
        )
        deduction = models.Deduction.objects.get()
        self.assertEqual(
            (deduction.community, deduction.title, deduction.year, deduction.amount, deduction.fund_name),
            (self.tree["C1"], title, 2027, D("50000.00"), "以奖代补资金"),
        )
        self.assertEqual(models.Deduction.objects.for_year(2027).total(), D("50000.00"))
        self.assertEqual(models.Deduction.objects.for_year(2026).total(), D("0.00"))
        self.assertEqual(models.Rectification.objects.filter(origin="recheck").count(), 2)
        # C3 failed only in 2026 after passing in 2025: criticised, its title kept.
        c3_first = models.Recheck.objects.get(community=self.tree["C3"], year=2025)
        services.record_recheck(
            acting_user=self.users["city"], recheck=c3_first, passed=True, checked_on=date(2025, 10, 8)
        )
        self.fail(
            models.Recheck.objects.get(community=self.tree["C3"], year=2026), date(2026, 11, 21), date(2027, 3, 1)
        )
        self.assertEqual(models.Title.objects.get(pk=self.titles["C3"].pk).status, "held")
        self.assertEqual(models.Deduction.objects.count(), 1)

    def test_a_revoked_title_is_not_drawn_again(self):
        models.Title.objects.filter(pk=self.titles["C1"].pk).update(status="revoked")
        draw = self.draw(2025, 3, size=10)
        self.assertEqual(
            sorted(draw.rechecks.values_list("community__code", flat=True)),
            ["350203001004", "350203003001", "350206001001"],
        )

    def test_the_recheck_page_records_a_failure(self):
        recheck = self.draw(2025, 20251).rechecks.get(community=self.tree["C1"])
        self.client.force_login(self.users["city"])
        response = self.client.post(
            recheck.get_absolute_url(),
            {"action": "record", "result": "failed", "checked_on": "2025-10-08", "criticism": "通报批评"},
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(recheck.get_absolute_url())
        self.assertContains(page, "整改期限：请输入日期，例如 2026-03-05。")
        self.assertEqual(models.Recheck.objects.get(pk=recheck.pk).result, "pending")
        self.client.post(
            recheck.get_absolute_url(),
            {
                "action": "record",
                "result": "failed",
                "checked_on": "2025-10-08",
                "criticism": "通报批评",
                "deadline": "2026-01-31",
            },
        )
        self.assertEqual(models.Recheck.objects.get(pk=recheck.pk).result, "failed")
        self.assertContains(self.client.get(recheck.get_absolute_url()), 'id="recheck-case"')

    def test_the_draw_page_draws_with_a_given_seed_and_refuses_the_district(self):
        self.client.force_login(self.users["district"])
        self.assertEqual(self.client.get("/evaluation/draw/").status_code, 403)
        self.client.force_login(self.users["city"])
        page = self.client.get("/evaluation/draw/")
        self.assertContains(page, "抽取复查")
        response = self.client.post(
            "/evaluation/draw/", {"division": self.tree["city"].pk, "year": 2025, "size": 2, "seed": 20251}
        )
        draw = models.RecheckDraw.objects.get()
        self.assertRedirects(response, draw.get_absolute_url())
        self.assertEqual(
            sorted(draw.rechecks.values_list("community__code", flat=True)), ["350203001001", "350203003001"]
        )
        self.assertContains(self.client.get(draw.get_absolute_url()), "鸿山社区居委会")
        title_page = self.client.get(self.titles["C1"].get_absolute_url())
        self.assertContains(title_page, "市级示范社区")
        self.assertContains(title_page, "50000.00")
