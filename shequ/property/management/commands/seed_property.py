"""The demo's owners' committee and published property-service contract (issue #16, PROP-1).

The first residential area of the demo street's first community gets a committee term with its guided election and a
contract with the four openings, published. Nothing here is a real company (the credit codes are synthetic, with a
valid check digit). `--if-empty` does nothing when a contract exists already.
"""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from shequ.core.context import change_context
from shequ.places.models import ResidentialArea
from shequ.property.choices import Selection
from shequ.property.models import OwnersCommittee, ServiceContract


class Command(BaseCommand):
    help = "Create an owners' committee and a published property-service contract for a demo residential area."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        if if_empty and ServiceContract.objects.within(city[:4]).exists():
            self.stdout.write("Property contracts already present; nothing seeded.")
            return
        area = ResidentialArea.objects.within(city[:4]).order_by("division_code", "name").first()
        if area is None:
            self.stdout.write("No residential area to seed property management for; run seed_population first.")
            return
        with change_context(None, source="seed"):
            OwnersCommittee.objects.get_or_create(
                area=area,
                term_start=date(2024, 6, 1),
                defaults={
                    "elected_on": date(2024, 5, 18),
                    "term_end": date(2029, 5, 31),
                    "electorate_households": 1200,
                    "voted_households": 864,
                    "members": 7,
                    "director_name": "王建国",
                    "guided_by": f"{area.community.parent.name}办事处",
                },
            )
            ServiceContract.objects.get_or_create(
                area=area,
                version=1,
                defaults={
                    "company_name": "厦门鸿山物业服务有限公司（演示）",
                    "credit_code": "91350203MA2YB12346",
                    "selection": Selection.PUBLIC_TENDER,
                    "selected_on": date(2024, 7, 1),
                    "starts_on": date(2024, 8, 1),
                    "ends_on": date(2027, 7, 31),
                    "service_content": "公共区域保洁、秩序维护、共用设施设备维修养护、绿化养护、垃圾分类收运。",
                    "service_standard": "《住宅物业服务等级标准》二级：保洁每日两次，24 小时门岗，报修 30 分钟内响应。",
                    "fees": "住宅 1.80 元/平方米·月；地下车位 80 元/个·月。",
                    "use_of_fees": "人员 58%，保洁绿化 15%，维修养护 14%，公共水电 5%，管理及税费 8%；按季公示。",
                    "published_on": date(2024, 8, 5),
                },
            )
        self.stdout.write(f"Owners' committee and contract seeded for {area.name}.")
