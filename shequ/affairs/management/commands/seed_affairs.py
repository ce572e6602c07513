"""A month of the demo community's affairs (issue #17: "`make run` seeds … a month of affairs for the demo
community"; SVC-6): household visits by two workers over the last 30 days and a few public-sentiment diary entries.
Names and what was heard are invented. `--if-empty` does nothing when a visit exists already.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from shequ.affairs.models import SentimentEntry, Visit
from shequ.core.context import change_context
from shequ.people.models import Household
from shequ.regions.services import LoadError, demo_community

VISITORS = ("陈干部", "林社工")
LEARNT = ("老人独居，腿脚不便，希望有人代购日用品", "家中有高三学生，反映夜间施工噪音", "新搬入，询问子女入学", "")
DIARY = [
    (2, "3 号楼电梯频繁故障", "居民反映电梯一周内停运两次，老人上下楼困难。", "电梯,物业"),
    (9, "小区停车难", "晚间车辆占用消防通道，居民希望增设临时车位。", "停车,消防通道"),
    (16, "长者食堂菜价", "几位老人希望增加低价套餐。", "养老,食堂"),
    (23, "垃圾分类督导", "楼道垃圾桶满溢，志愿者建议调整清运时间。", "环境卫生"),
]


class Command(BaseCommand):
    help = "Create a month of household visits and sentiment-diary entries for the demo community."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        if if_empty and Visit.objects.unscoped("seeding").exists():
            self.stdout.write("Community affairs are present already; nothing seeded.")
            return
        try:
            community = demo_community(city)
        except LoadError as error:
            raise CommandError(str(error)) from None
        today = timezone.localdate()
        households = list(Household.objects.unscoped("seeding").filter(community=community).order_by("pk")[:20])
        with change_context(None, source="seed"):
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
        self.stdout.write(f"{len(households)} visits and {len(DIARY)} diary entries of {community.name} seeded.")
