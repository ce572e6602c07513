"""The demo's admission list and a year of requests to the demo street's communities (issue #15, ADM-1).

Three district departments each publish admitted items (one of each kind among them); every community of the city's
first street receives a few requests a month for the last twelve months, most answered with the hours they took,
some declined. `--if-empty` does nothing when an admitted item exists already. Deterministic (a fixed seed).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import Department
from shequ.admission.choices import ItemKind, ItemStatus, RequestStatus
from shequ.admission.models import AdmittedItem, CommunityRequest
from shequ.core.context import change_context
from shequ.regions.models import Division

ITEMS = [  # department, code, name, kind, legal basis, funding per community per year
    ("民政局", "MZ-01", "最低生活保障对象动态管理台账", ItemKind.LEDGER, "《社会救助暂行办法》第十一条", "6000.00"),
    ("民政局", "MZ-02", "居民委员会换届工作会议", ItemKind.MEETING, "《城市居民委员会组织法》第八条", "0.00"),
    ("民政局", "MZ-03", "老年人基本信息统计报表", ItemKind.REPORT, "《老年人权益保障法》第十二条", "2000.00"),
    ("应急管理局", "YJ-01", "社区消防安全检查", ItemKind.INSPECTION, "《消防法》第三十二条", "8000.00"),
    ("卫生健康局", "WJ-01", "爱国卫生运动评比", ItemKind.APPRAISAL, "《爱国卫生工作条例》（省级）", "3000.00"),
    ("卫生健康局", "WJ-02", "家庭医生签约宣传任务", ItemKind.TASK, "《基本医疗卫生与健康促进法》第三十一条", "5000.00"),
]
DECLINE = "该事项属于部门自身职责，不在社区准入清单范围内。"


class Command(BaseCommand):
    help = "Publish a demo admission list and a year of requests to the demo street's communities."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        if if_empty and AdmittedItem.objects.unscoped("seed check").within(city[:4]).exists():
            self.stdout.write("Admitted items already present; nothing seeded.")
            return
        street = Division.objects.filter(code__startswith=city[:4], level="street").order_by("code").first()
        if street is None:
            self.stdout.write("No street to seed requests for; run load_divisions first.")
            return
        communities = list(Division.objects.filter(parent=street).communities().order_by("code"))
        rng = random.Random(15)
        today = timezone.localdate()
        with change_context(None, source="seed"):
            items = []
            for department_name, code, name, kind, basis, funding in ITEMS:
                # The district's departments by their short names, as `setup_demo` names the demo department's.
                department = Department.objects.get_or_create(division=street.parent, name=department_name)[0]
                item, _created = AdmittedItem.objects.get_or_create(
                    department=department,
                    code=code,
                    version=1,
                    defaults={
                        "name": name,
                        "kind": kind,
                        "legal_basis": basis,
                        "funding_per_community": Decimal(funding),
                        "valid_from": date(today.year - 1, 1, 1),
                        "status": ItemStatus.PUBLISHED,
                        "published_on": date(today.year - 1, 1, 1),
                    },
                )
                items.append(item)
            count = 0
            for community in communities:
                for day_offset in range(365, 0, -9):
                    sent_on = today - timedelta(days=day_offset)
                    item = rng.choice(items)
                    answered = day_offset > 20
                    declined = answered and rng.random() < 0.08
                    CommunityRequest.objects.create(
                        community=community,
                        item=item,
                        title=f"{item.name}（{sent_on:%Y年%m月}）",
                        sent_on=sent_on,
                        deadline=sent_on + timedelta(days=15),
                        status=(
                            RequestStatus.DECLINED
                            if declined
                            else RequestStatus.REPLIED
                            if answered
                            else RequestStatus.SENT
                        ),
                        reply="" if declined or not answered else "已按要求办理并报送。",
                        hours=None if declined or not answered else Decimal(rng.randint(5, 60)) / 10,
                        replied_on=sent_on + timedelta(days=rng.randint(1, 14)) if answered else None,
                        decline_reason=DECLINE if declined else "",
                    )
                    count += 1
        self.stdout.write(
            f"Published {len(items)} admitted items; sent {count} requests to {len(communities)} communities."
        )
