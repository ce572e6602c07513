"""Last month's disclosures of the demo street (issue #14: "`make run` seeds … a month of disclosures for the demo
street"; INFO-1): compiled from the seeded data, each with a little text, reviewed and published (their PDFs are
rendered by the worker `make run` starts). `--if-empty` does nothing when a disclosure exists already."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from shequ.core.context import change_context
from shequ.disclosure import services
from shequ.disclosure.models import Disclosure
from shequ.regions.services import LoadError, demo_community

TEXTS = {
    "work_notes": "本月组织居民议事协商会，推进加装电梯意见征集；开展长者助餐和志愿服务活动。",
    "problems_notes": "部分老旧小区停车难、路灯损坏问题已报街道协调，下月跟进。",
    "services_notes": "辖区供水、供电、燃气运行正常；物业服务满意度测评安排在下月开展。",
    "other_notes": "居民如有意见建议，可通过社区服务站或 12345 热线反映。",
}


class Command(BaseCommand):
    help = "Compile, review and publish last month's disclosures of the demo street."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        if if_empty and Disclosure.objects.unscoped("seeding").exists():
            self.stdout.write("Disclosures are present already; nothing seeded.")
            return
        try:
            street = demo_community(city).parent
        except LoadError as error:
            raise CommandError(str(error)) from None
        month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
        with change_context(None, source="seed"):
            services.compile_month(acting_user=None, month=month, within=street)
            drafts = Disclosure.objects.unscoped("seeding").filter(month=month, community__parent=street)
            for disclosure in drafts.order_by("division_code"):
                for name, text in TEXTS.items():
                    setattr(disclosure, name, text)
                disclosure.save()
                services.review(acting_user=None, disclosure=disclosure)
                services.publish(acting_user=None, disclosure=disclosure)
        self.stdout.write(f"Disclosures of {month:%Y-%m}: {drafts.count()} published for {street.name}.")
