"""The demo's function-room standard and community facilities (issue #16, FAC-2).

The policy names the standard, "18室1厅1站6栏", but not its items: a city enters them from its own documents. The
demo ships an example list, marked as an example on the standard and on every item, and facilities for the
communities of the demo street — the first complete, the next ones with gaps, the last with none registered — so
that the compliance page shows every answer of the gaps check. Nothing here is a real place. `--if-empty` does
nothing when a standard exists already.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shequ.core.context import change_context
from shequ.facilities.choices import FunctionKind, Ownership
from shequ.facilities.models import Facility, FunctionItem, FunctionStandard
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division

EXAMPLE = "示例"
ROOMS = [
    "党员活动室",
    "社区警务室",
    "人民调解室",
    "计生服务室",
    "卫生服务室",
    "图书阅览室",
    "老年活动室",
    "青少年活动室",
    "妇女儿童之家",
    "残疾人康复室",
    "多功能活动室",
    "档案室",
    "会议室",
    "志愿者服务室",
    "心理咨询室",
    "市民学校",
    "文体活动室",
    "社会组织服务室",
]
HALL = ["便民服务大厅"]
STATION = ["社区服务站"]
BOARDS = ["党务公开栏", "居务公开栏", "政务公开栏", "宣传栏", "科普宣传栏", "法治宣传栏"]

# The first community's rooms, each serving several functions (一室多用), together the whole example list.
COMPLETE = [
    ("党群服务中心一楼", Ownership.OWNED, "420", 1, 3, [*HALL, *STATION, *BOARDS, "档案室"]),
    ("党群服务中心二楼", Ownership.OWNED, "380", 2, 8, ROOMS[:6] + ["会议室", "志愿者服务室", "心理咨询室"]),
    ("邻里中心", Ownership.LEASED, "260", 1, 5, ROOMS[6:11] + ["市民学校", "文体活动室", "社会组织服务室"]),
]


class Command(BaseCommand):
    help = "Create the example function-room standard and facilities for the demo street's communities."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        if if_empty and FunctionStandard.objects.exists():
            self.stdout.write("A function-room standard is present already; nothing seeded.")
            return
        divisions = Division.objects.unscoped("seeding")
        district = divisions.filter(parent__code=city).order_by("code").first()
        street = divisions.filter(parent=district).order_by("code").first()
        if street is None:
            raise CommandError(f"Division {city} is not loaded; run load_divisions --city {city} first.")
        communities = list(divisions.filter(parent=street, level=DivisionLevel.COMMUNITY).order_by("code"))
        with change_context(None, source="seed"):
            items = self.seed_standard()
            for index, community in enumerate(communities[:-1] if len(communities) > 1 else communities):
                self.seed_community(community, index, items)
        self.stdout.write(
            f"Function-room standard ({len(items)} example items) and facilities of {street.name} seeded."
        )

    def seed_standard(self) -> dict[str, FunctionItem]:
        standard = FunctionStandard.objects.create(
            name="18室1厅1站6栏",
            issued_by="《关于加强社区建设和管理的若干意见》",
            note="演示数据：本标准的条目是示例清单，不是本市文件的规定。请按本市正式文件核对、修改后再使用。",
        )
        listed = [
            *((FunctionKind.ROOM, name) for name in ROOMS),
            *((FunctionKind.HALL, name) for name in HALL),
            *((FunctionKind.STATION, name) for name in STATION),
            *((FunctionKind.BOARD, name) for name in BOARDS),
        ]
        return {
            name: FunctionItem.objects.create(standard=standard, sequence=n, kind=kind, name=name, note=EXAMPLE)
            for n, (kind, name) in enumerate(listed, start=1)
        }

    def seed_community(self, community, index: int, items) -> None:
        """The first community complete; each later one lacks more of the list (every third room unregistered)."""
        for number, (name, ownership, area, floor, rooms, uses) in enumerate(COMPLETE):
            if index and (number + index) % 3 == 0:
                continue
            registered = date(2024, 3 + number, 10)
            facility = Facility.objects.create(
                community=community,
                name=name,
                ownership=ownership,
                floor_area=Decimal(area),
                floor=floor,
                rooms=rooms,
                opening_hours="周一至周日 8:30–21:00",
                registered_on=registered,
                civil_affairs_filed_on=date(2024, 6, 1) if number < 2 else None,
                state_assets_filed_on=date(2024, 6, 15) if number == 0 else None,
            )
            facility.uses.set(items[use] for use in uses[: len(uses) - index] or uses[:1])
