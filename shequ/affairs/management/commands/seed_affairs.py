"""A month of the demo community's affairs (issue #17: "`make run` seeds … a month of affairs for the demo
community"; SVC-6): household visits by two workers over the last 30 days, a few public-sentiment diary entries, party-
and residents'-affairs disclosure items for the portal (one of them expired), a closed democratic evaluation of the
committee with its answers (shown on the portal: more than five), and the street's assessment of last year's work.
Names and what was heard are invented. `--if-empty` seeds each part only while its register is empty.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from shequ.affairs.choices import AffairsKind, AssessmentMethod, AssessmentResult
from shequ.affairs.models import AffairsDisclosure, SentimentEntry, Visit, WorkAssessment
from shequ.core.context import change_context
from shequ.people.models import Household
from shequ.regions.services import LoadError, demo_community
from shequ.surveys import services as surveys
from shequ.surveys.choices import QuestionKind, SurveyPurpose
from shequ.surveys.models import Question, Survey, Token

VISITORS = ("陈干部", "林社工")
LEARNT = ("老人独居，腿脚不便，希望有人代购日用品", "家中有高三学生，反映夜间施工噪音", "新搬入，询问子女入学", "")
DIARY = [
    (2, "3 号楼电梯频繁故障", "居民反映电梯一周内停运两次，老人上下楼困难。", "电梯,物业"),
    (9, "小区停车难", "晚间车辆占用消防通道，居民希望增设临时车位。", "停车,消防通道"),
    (16, "长者食堂菜价", "几位老人希望增加低价套餐。", "养老,食堂"),
    (23, "垃圾分类督导", "楼道垃圾桶满溢，志愿者建议调整清运时间。", "环境卫生"),
]
# (kind, days ago published, days shown from then or None, title, content)
ITEMS = [
    (AffairsKind.PARTY, 5, None, "第四季度党费收缴情况", "社区党委应缴党费党员 86 名，已全部按时足额缴纳。"),
    (AffairsKind.PARTY, 12, 60, "主题党日活动安排", "本月主题党日安排在社区党群服务中心，内容为学习交流和志愿服务。"),
    (AffairsKind.RESIDENTS, 3, 30, "惠民资金使用情况", "本季度惠民资金支出 3.2 万元，用于老旧楼道加装扶手和照明。"),
    (AffairsKind.RESIDENTS, 20, None, "小区停车位划线方案", "经居民代表会议表决通过，将在东区增设 24 个临时停车位。"),
    (AffairsKind.RESIDENTS, 120, 30, "上半年居务公开（已到期）", "上半年社区居务情况，已过展示期。"),
]
EVALUATION_TITLE = "居委会年度民主评议"
ANSWERS = 12  # more than five: the portal shows the result


class Command(BaseCommand):
    help = (
        "Create a month of household visits and sentiment-diary entries, disclosure items, a democratic evaluation "
        "and a work assessment for the demo community."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        parts = {
            "visits": Visit,
            "items": AffairsDisclosure,
            "evaluation": Survey.objects.unscoped("seeding").filter(purpose=SurveyPurpose.DEMOCRATIC),
            "assessment": WorkAssessment,
        }
        wanted = [
            name
            for name, source in parts.items()
            if not if_empty or not (source.objects.unscoped("seeding") if isinstance(source, type) else source).exists()
        ]
        if not wanted:
            self.stdout.write("Community affairs are present already; nothing seeded.")
            return
        try:
            community = demo_community(city)
        except LoadError as error:
            raise CommandError(str(error)) from None
        today = timezone.localdate()
        done = []
        with change_context(None, source="seed"):
            if "visits" in wanted:
                done.append(self.visits(community, today))
            if "items" in wanted:
                done.append(self.items(community, today))
            if "evaluation" in wanted:
                done.append(self.evaluation(community, today))
            if "assessment" in wanted:
                done.append(self.assessment(community, today))
        self.stdout.write(f"{community.name}: " + "; ".join(done) + " seeded.")

    def visits(self, community, today) -> str:
        households = list(Household.objects.unscoped("seeding").filter(community=community).order_by("pk")[:20])
        for index, household in enumerate(households):
            Visit.objects.create(
                community=community,
                household=household,
                visited_on=today - timedelta(days=1 + index * 29 // max(len(households), 1)),
                visitor_name=VISITORS[index % 2],
                summary=LEARNT[index % len(LEARNT)],
            )
        for days_ago, title, content, tags in DIARY:
            SentimentEntry.objects.create(
                community=community,
                written_on=today - timedelta(days=days_ago),
                author_name=VISITORS[days_ago % 2],
                title=title,
                content=content,
                tags=tags,
            )
        return f"{len(households)} visits and {len(DIARY)} diary entries"

    def items(self, community, today) -> str:
        for kind, days_ago, shown_days, title, content in ITEMS:
            published = today - timedelta(days=days_ago)
            item = AffairsDisclosure(
                community=community,
                kind=kind,
                title=title,
                content=content,
                published_on=published,
                shown_until=published + timedelta(days=shown_days) if shown_days else None,
            )
            item.full_clean()
            item.save()
        return f"{len(ITEMS)} disclosure items"

    def evaluation(self, community, today) -> str:
        """A democratic evaluation closed ten days ago, answered by ANSWERS of its sampled households (fewer when
        the sample is smaller), with answers drawn from a fixed seed."""
        survey = Survey.objects.create(
            division=community,
            title=EVALUATION_TITLE,
            purpose=SurveyPurpose.DEMOCRATIC,
            intro="请对社区居委会过去一年的工作作出评价。",
            opens_on=today - timedelta(days=40),
            closes_on=today - timedelta(days=10),
            margin=Decimal(10),
        )
        Question.objects.create(
            survey=survey, number=1, text="您对居委会今年的工作总体满意吗？", kind=QuestionKind.SCALE, satisfaction=True
        )
        Question.objects.create(
            survey=survey,
            number=2,
            text="居委会最需要改进的方面",
            kind=QuestionKind.SINGLE,
            choices="办事效率\n居务公开\n服务态度\n矛盾调解",
        )
        Question.objects.create(survey=survey, number=3, text="意见和建议", kind=QuestionKind.TEXT)
        surveys.draw_sample(acting_user=None, survey=survey, community=community, seed=2026)
        rng = random.Random(2026)
        codes = list(Token.objects.filter(survey=survey).order_by("code").values_list("code", flat=True))[:ANSWERS]
        for code in codes:
            data = {"q1": str(rng.choice((3, 4, 4, 5, 5))), "q2": rng.choice(("办事效率", "居务公开", "服务态度"))}
            surveys.answer(code=code, data=data, day=survey.opens_on + timedelta(days=rng.randrange(30)))
        return f"a democratic evaluation with {len(codes)} answers"

    def assessment(self, community, today) -> str:
        year = today.year - 1
        WorkAssessment.objects.create(
            community=community,
            year=year,
            assessed_on=date(today.year, 1, 15) if today >= date(today.year, 1, 15) else today,
            assessed_by=f"{community.parent.name}考核组",
            method=AssessmentMethod.COMBINED,
            score=Decimal("91.5"),
            result=AssessmentResult.EXCELLENT,
            strengths="议事协商规范，民情日记转办及时。",
            problems="部分住户一年内未走访。",
            follow_up="按网格分片补齐走访，季度通报进度。",
        )
        return f"the assessment of {year}"
