"""Synthetic work orders for the demo city (issue #5 demo): requests taken in through the one intake, moved on by
the state machine (accepted, started, replied, closed, called back, now and then returned), then each set back in
time as a whole — every timestamp and event by the same amount — so that the demo's supervision page, overdue
list and statistics show a hotline at work, some units late. Nothing here is a real request or person.
`--if-empty` does nothing when orders exist already.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F

from shequ.core.context import change_context
from shequ.regions.models import Division
from shequ.workorders import services
from shequ.workorders.choices import OrderStatus, RequestType, Satisfaction, Source
from shequ.workorders.models import Category, OrderEvent, WorkOrder

REQUESTS = [
    "楼道灯不亮，晚上上下楼不安全。",
    "小区垃圾桶满了两天没人清运。",
    "路口井盖松动，车辆经过响声很大。",
    "楼上装修噪声大，中午也不停。",
    "单元门禁坏了，外来人员随意进出。",
    "绿化带里堆放建筑垃圾。",
    "老人独居，希望社区上门看看。",
    "电梯经常停在半层，请尽快检修。",
    "咨询居住证办理需要哪些材料。",
    "小区门口占道经营，影响通行。",
    "雨水井堵塞，下雨积水严重。",
    "邻居家漏水渗到我家天花板。",
]
TIMESTAMPS = ("created", "last_updated", "dispatched_at", "accepted_at", "replied_at", "closed_at", "yellow_at")
TIMESTAMPS += ("red_at", "callback_at")


class Command(BaseCommand):
    help = "Create synthetic work orders in the demo city, some late, some closed and called back."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--orders", type=int, default=400)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, orders, seed, if_empty, **options):
        if if_empty and WorkOrder.objects.unscoped("seeding").within(city[:4]).exists():
            self.stdout.write("Work orders already present; nothing seeded.")
            return
        self.random = random.Random(seed)
        communities = list(Division.objects.unscoped("seeding").within(city[:4]).communities().order_by("code"))
        # The communities of one district take most requests, as a demo's first district should show.
        busy = [c for c in communities if c.code[:6] == communities[0].code[:6]] if communities else []
        categories = list(Category.objects.filter(active=True, children__isnull=True).order_by("code"))
        if not communities or not categories:
            self.stdout.write("No communities or categories (run load_divisions and setup_call_centre first).")
            return
        with change_context(None, source="seed"):
            for _ in range(orders):
                place = self.random.choice(busy if self.random.random() < 0.8 else communities)
                self.one(self.random.choice(categories), place)
        self.stdout.write(f"{orders} synthetic work orders.")

    def one(self, category, place) -> None:
        pick = self.random.random
        order, _created = services.submit(
            acting_user=services.PUBLIC,  # synthetic requests from outside, for any community of the city
            source=self.random.choice([Source.PHONE, Source.PHONE, Source.PORTAL, Source.GRID]),
            request_type=self.random.choice(RequestType.values),
            category=category,
            description=self.random.choice(REQUESTS),
            community=place,
            emergency=pick() < 0.05,
        )
        if order.status == OrderStatus.DISPATCHED:
            if pick() < 0.05:
                services.return_order(order, actor=None, reason="不属于本单位职责。")
            elif pick() < 0.75:
                self.advance(order)
        # Most requests are recent, some days old: the older ones still open are late.
        minutes = self.random.randint(0, 180) if pick() < 0.6 else self.random.randint(180, 4 * 24 * 60)
        self.set_back(order, timedelta(minutes=minutes))

    def advance(self, order) -> None:
        pick = self.random.random
        services.accept(order, actor=None)
        if pick() < 0.8:
            services.start(order, actor=None)
        if pick() < 0.7:
            services.reply(order, actor=None, text="已现场处理，问题已解决。")
            if pick() < 0.8:
                services.close(order, actor=None)
                if pick() < 0.7:
                    satisfaction = self.random.choices(Satisfaction.values, weights=[7, 2, 1])[0]
                    services.record_callback(
                        order, actor=None, satisfaction=satisfaction, solved=satisfaction != Satisfaction.UNSATISFIED
                    )

    @staticmethod
    def set_back(order, by: timedelta) -> None:
        WorkOrder.objects.unscoped("seeding").filter(pk=order.pk).update(**{name: F(name) - by for name in TIMESTAMPS})
        OrderEvent.objects.filter(order=order).update(at=F("at") - by)
