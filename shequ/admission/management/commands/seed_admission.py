"""The demo's admission list and a year of requests to the demo street's communities (issue #15, ADM-1).

Three district departments each publish admitted items (one of each kind among them); every community of the city's
first street receives a few requests a month for the last twelve months, most answered with the hours they took,
some declined. In the same run the departments set their targets toward the district, the street and its
communities (GUAR-2: some done, some under way, one overdue) and the utilities' service points are registered in
every community of the street (水电气暖进社区). `--if-empty` does nothing when an admitted item exists already.
Deterministic (a fixed seed; dates counted from today).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import Department
from shequ.admission.choices import ItemKind, ItemStatus, RequestStatus, TargetStatus, Utility
from shequ.admission.models import AdmittedItem, CommunityRequest, DepartmentTarget, ServicePoint
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
# Departments' targets (GUAR-2): department, where ("district", "street" or the index of a community), title,
# description, owner, deadline in days from today, status, progress, progress note.
TARGETS = [
    ("民政局", "district", "社区工作事项准入清单全覆盖", "全区社区执行准入清单，清单外事项一律不进社区。",
     "陈建国", 200, TargetStatus.UNDER_WAY, 60, "已完成 8 个街道中 5 个的清单公示"),
    ("民政局", "street", "社区综合服务设施达标", "每个社区党群服务中心面积不少于 600 平方米。",
     "李晓梅", -40, TargetStatus.UNDER_WAY, 75, "2 个社区用房仍在协调置换"),
    ("民政局", 0, "社区养老服务站建成", "建成嵌入式养老服务站并投入运营。",
     "李晓梅", -120, TargetStatus.DONE, 100, "已投入运营，日均服务 45 人次"),
    ("应急管理局", "street", "老旧小区消防设施更新", "为无物业小区配齐灭火器和烟感报警器。",
     "王志强", 90, TargetStatus.UNDER_WAY, 40, "已完成 12 栋楼的设备安装"),
    ("应急管理局", 1, "微型消防站规范化建设", "社区微型消防站人员、器材、制度达标。",
     "王志强", 150, TargetStatus.PLANNED, 0, ""),
    ("卫生健康局", "district", "家庭医生签约率达到 45%", "重点人群签约率不低于 75%。",
     "黄美玲", 320, TargetStatus.UNDER_WAY, 30, "目前签约率 38.2%"),
    ("卫生健康局", 0, "社区健康小屋全覆盖", "配置自助体检设备并安排医生每周坐诊。",
     "黄美玲", 60, TargetStatus.PLANNED, 0, ""),
]  # fmt: skip
# 水电气暖进社区 (GUAR-2): the utilities' service points; the south has no district heating.
SERVICE_POINTS = [  # utility, company ({city} filled in), place, opening hours
    (Utility.ELECTRICITY, "国网{city}供电公司", "社区党群服务中心一楼便民窗口", "周一至周五 8:30–17:30"),
    (Utility.WATER, "{city}水务集团", "社区党群服务中心一楼便民窗口", "每周三 9:00–11:30"),
    (Utility.GAS, "{city}华润燃气有限公司", "社区物业服务中心", "每月第一、三周周五 14:30–17:00"),
]
AREA_CODES = {"3502": "0592", "1100": "010", "3101": "021", "4401": "020", "4403": "0755", "1503": "0473"}
CONTACTS = ["王志强", "林秀英", "陈晓东", "黄丽萍", "吴建军", "郑美玲", "许国栋", "蔡雅琴"]


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
            targets = self.seed_targets(street, communities, today)
            points = self.seed_service_points(street, communities, rng)
        self.stdout.write(
            f"Published {len(items)} admitted items; sent {count} requests to {len(communities)} communities; "
            f"set {targets} department targets; registered {points} utility service points."
        )

    def seed_targets(self, street, communities, today) -> int:
        """The departments' targets (GUAR-2), one of them overdue (under way past its deadline)."""
        count = 0
        for department_name, where, title, description, owner, days, status, progress, note in TARGETS:
            if where == "district":
                division = street.parent
            elif where == "street":
                division = street
            elif where < len(communities):
                division = communities[where]
            else:
                continue
            department = Department.objects.get_or_create(division=street.parent, name=department_name)[0]
            target = DepartmentTarget(
                department=department, division=division, title=title, description=description, owner_name=owner,
                deadline=today + timedelta(days=days), status=status, progress=progress, progress_note=note,
            )  # fmt: skip
            target.full_clean()
            target.save()
            count += 1
        return count

    def seed_service_points(self, street, communities, rng) -> int:
        """Every community of the street has its electricity, water and gas service points."""
        city = street.parent.parent if street.parent.level == "district" else street.parent
        short = city.name.removesuffix("市")
        area = AREA_CODES.get(city.code[:4], "0592")
        count = 0
        for community in communities:
            for utility, company, place, hours in SERVICE_POINTS:
                point = ServicePoint(
                    community=community, utility=utility, company=company.format(city=short), place=place,
                    contact_name=rng.choice(CONTACTS), contact_phone=f"{area}-{rng.randint(2000000, 8999999)}",
                    hours=hours,
                )  # fmt: skip
                point.full_clean()
                point.save()
                count += 1
        return count
