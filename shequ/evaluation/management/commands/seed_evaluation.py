"""The demo's evaluation (issue #14): the city's indicator scheme of this year in force, inspections and a media
exposure for the demo street's communities, and this year's evaluation to date computed and published, so that
`/portal/ranking/` shows a ranking; and last year's annual evaluation (inspections only) published, so that its first
community holds a demonstration title with its reward and a re-check drawn this year, and its last community (below
standard) a rectification case under way. `--if-empty` does nothing when a scheme exists already. Run after
`refresh_rollups` (the work-order indicators read its figures)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from shequ.core.context import change_context
from shequ.evaluation import services
from shequ.evaluation.models import Award, Indicator, Inspection, Progress, Rectification, Scheme, Title
from shequ.regions.models import Division
from shequ.surveys.models import Answer, Question, Survey, Token
from shequ.surveys.services import answer, draw_sample

INDICATORS = [
    # code, name, kind, source, weight, zero_at, full_at
    ("A1", "居民满意度测评", "computed", "survey-satisfaction", 30, 60, 100),
    ("A2", "明察暗访", "scored", "", 20, 60, 100),
    ("A3", "媒体曝光（扣分）", "scored", "", 10, 3, 0),
    ("A4", "工单按时办结率", "computed", "orders-on-time", 20, 50, 100),
    ("A5", "工单回访满意率", "computed", "orders-satisfaction", 10, 60, 100),
    ("A6", "政策规则达标率", "computed", "checks", 10, 50, 100),
]


class Command(BaseCommand):
    help = "Create the demo's indicator scheme, inspections and a published evaluation to date (issue #14)."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        if if_empty and Scheme.objects.exists():
            self.stdout.write("An indicator scheme is present already; nothing seeded.")
            return
        divisions = Division.objects.unscoped("seeding")
        city_division = divisions.filter(code=city).first()
        if city_division is None:
            raise CommandError(f"No division with the code {city}: run load_divisions first.")
        district = divisions.filter(parent=city_division).order_by("code").first()
        street = divisions.filter(parent=district).order_by("code").first()
        communities = list(divisions.filter(parent=street).order_by("code"))
        today = timezone.localdate()
        with change_context(None, source="seed"):
            scheme = Scheme.objects.create(
                division=city_division, year=today.year, name=f"{city_division.name}社区建设考评（示例）"
            )
            for code, name, kind, source, weight, zero_at, full_at in INDICATORS:
                Indicator.objects.create(
                    scheme=scheme,
                    code=code,
                    name=name,
                    kind=kind,
                    source=source,
                    weight=Decimal(weight),
                    zero_at=Decimal(zero_at),
                    full_at=Decimal(full_at),
                )
            services.put_in_force(acting_user=None, scheme=scheme)
            inspection, media = scheme.indicators.get(code="A2"), scheme.indicators.get(code="A3")
            for index, community in enumerate(communities):
                Inspection.objects.create(
                    community=community,
                    indicator=inspection,
                    kind="unannounced",
                    inspected_on=today - timedelta(days=10 + index),
                    inspectors="市考评组（示例）",
                    score=Decimal(95 - 7 * (index % 6)),
                    findings="楼道堆物" if index % 2 else "",
                )
                if index % 3 == 2:
                    Inspection.objects.create(
                        community=community,
                        indicator=media,
                        kind="media",
                        inspected_on=today - timedelta(days=20),
                        inspectors="市考评组（示例）",
                        score=Decimal(1),
                        findings="媒体报道：小区垃圾清运不及时",
                    )
            self.seed_last_year(city_division, communities, today)
            self.seed_survey(street, communities[:1], today)
            quarter = (today.month - 1) // 3 + 1
            run = services.evaluate(acting_user=None, division=city_division, year=today.year, quarter=quarter)
            for action in ("review", "approve", "publish"):
                services.step(acting_user=None, run=run, action=action)
        answers, scores = Answer.objects.count(), run.scores.count()
        self.stdout.write(
            f"Scheme {scheme} in force; {answers} survey answers; evaluation {run} published with {scores} scores; "
            f"{Title.objects.count()} demonstration titles, {Rectification.objects.count()} rectification cases."
        )

    @staticmethod
    def seed_last_year(city_division, communities, today):
        """Last year's annual evaluation on inspections alone (B1 70, B2 media exposures 30): the first community
        98 → 96.50 (示范), the last 60 with three exposures → 0 (不达标), those between 88 → 79.00 (达标)."""
        year = today.year - 1
        scheme = Scheme.objects.create(
            division=city_division, year=year, name=f"{city_division.name}社区建设考评（示例）"
        )
        b1 = Indicator.objects.create(
            scheme=scheme, code="B1", name="明察暗访", kind="scored", weight=Decimal(70), zero_at=60, full_at=100
        )
        b2 = Indicator.objects.create(
            scheme=scheme, code="B2", name="媒体曝光（扣分）", kind="scored", weight=Decimal(30), zero_at=3, full_at=0
        )
        services.put_in_force(acting_user=None, scheme=scheme)
        for index, community in enumerate(communities):
            first, last = index == 0, index == len(communities) - 1 and index > 0
            Inspection.objects.create(
                community=community,
                indicator=b1,
                kind="open",
                inspected_on=date(year, 9, 15),
                inspectors="市考评组（示例）",
                score=Decimal(98 if first else 60 if last else 88),
                findings="" if first else "台账不全，居民反映问题未及时处理",
            )
            if last:
                Inspection.objects.create(
                    community=community,
                    indicator=b2,
                    kind="media",
                    inspected_on=date(year, 10, 8),
                    inspectors="市考评组（示例）",
                    score=Decimal(3),
                    findings="媒体报道：小区垃圾清运不及时",
                )
        run = services.evaluate(acting_user=None, division=city_division, year=year, today=date(year, 12, 31))
        for action in ("review", "approve", "publish"):
            services.step(acting_user=None, run=run, action=action)
        for title in Title.objects.filter(year=year):
            Award.objects.create(
                title=title,
                level="city",
                stage="awarded",
                decided_on=date(today.year, 1, 20),
                amount=Decimal("50000.00"),
                fund_name="社区建设专项资金",
                paid_on=date(today.year, 2, 10),
            )
            Award.objects.create(
                title=title, level="provincial", stage="recommended", decided_on=date(today.year, 3, 1)
            )
        if Title.objects.filter(year=year).exists():
            services.draw_rechecks(acting_user=None, division=city_division, year=today.year, size=1, seed=2026)
        for case in Rectification.objects.filter(year=year):
            case.meeting_on = date(today.year, 1, 10)
            case.participants = "区民政局、街道办事处、社区居委会"
            case.minutes = "考评得分低于达标线：媒体曝光三次，居民反映问题处理不及时。"
            case.cause_delay = True
            case.cause_satisfaction = True
            case.measures = "建立问题台账，每周通报办理进度；每月入户走访。"
            case.responsible = "街道办事处分管副主任、社区党组织书记"
            case.deadline = date(today.year, 12, 31)
            case.save()
            Progress.objects.create(case=case, day=date(today.year, 3, 1), text="问题台账已建立，首批12件已办结。")

    @staticmethod
    def seed_survey(street, communities, today):
        """A satisfaction survey of the demo street, closed yesterday, with its first community's sample drawn and a
        dozen households' answers (seeded, so the demo is the same every time)."""
        survey = Survey.objects.create(
            division=street,
            title="居民满意度测评（示例）",
            opens_on=today - timedelta(days=20),
            closes_on=today - timedelta(days=1),
            margin=Decimal(10),
        )
        Question.objects.create(
            survey=survey, number=1, text="您对社区工作总体满意吗？", kind="scale", satisfaction=True
        )
        Question.objects.create(
            survey=survey,
            number=2,
            text="您最满意的社区服务是？",
            kind="single",
            choices="环境卫生\n治安巡逻\n便民服务",
        )
        Question.objects.create(survey=survey, number=3, text="您的意见和建议", kind="text")
        pick = random.Random(2026)
        for community in communities:
            draw_sample(acting_user=None, survey=survey, community=community, seed=2026)
            codes = Token.objects.filter(survey=survey, division_code=community.code).values_list("code", flat=True)
            for code in list(codes)[:12]:
                data = {
                    "q1": str(pick.choice([5, 5, 4, 4, 4, 3, 2])),
                    "q2": pick.choice(["环境卫生", "治安巡逻", "便民服务"]),
                }
                answer(code=code, data=data, day=today - timedelta(days=5))
