"""Compile a month's disclosure drafts (INFO-1): for every community (or those of `--within`) that has none, a draft;
drafts already there get fresh figures. The hourly loop (`refresh_rollups --loop`) does last month's on its own.

manage.py compile_disclosures                      # last month, every community
manage.py compile_disclosures --month 2026-10 --within 350203001000
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shequ.core.context import change_context
from shequ.disclosure.services import compile_month
from shequ.regions.models import Division


def _month(value: str) -> date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise CommandError("--month takes a month, YYYY-MM.") from None


class Command(BaseCommand):
    help = "Compile a month's disclosure drafts for every community that has none."

    def add_arguments(self, parser):
        parser.add_argument("--month", default="")
        parser.add_argument("--within", default="", help="a division's code: only its communities")

    def handle(self, *args, month, within, **options):
        first = timezone.localdate().replace(day=1)
        day = _month(month) if month else (first - timedelta(days=1)).replace(day=1)
        division = None
        if within:
            division = Division.objects.unscoped("the operator's command").filter(code=within).first()
            if division is None:
                raise CommandError(f"No division {within}.")
        try:
            with change_context(None, source="command:compile_disclosures"):
                made = compile_month(acting_user=None, month=day, within=division)
        except ValidationError as invalid:
            raise CommandError("；".join(invalid.messages)) from None
        self.stdout.write(f"{day:%Y-%m}: {made} drafts compiled.")
