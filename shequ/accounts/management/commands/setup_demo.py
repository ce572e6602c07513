"""Demo accounts, one per role, in the loaded demo city (issue #2). Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.accounts.services import generate_password, grant_role
from shequ.core.context import change_context
from shequ.regions.choices import DivisionLevel
from shequ.regions.models import Division, Grid

ACCOUNTS_FILE = settings.VAR_DIR / "demo-accounts.txt"


class Command(BaseCommand):
    help = "Create one demo account per role in the demo city and write them to var/demo-accounts.txt."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--reset", action="store_true", help="give every demo account a new password")

    def handle(self, *args, city, reset, **options):
        division = Division.objects.unscoped("demo set-up").filter(code=city).first()
        if division is None:
            raise CommandError(f"Division {city} is not loaded; run load_divisions --city {city} first.")
        if not reset and ACCOUNTS_FILE.exists() and self.all_present(division):
            self.stdout.write(ACCOUNTS_FILE.read_text())
            return
        with translation.override("zh-hans"):
            lines = self.create(division)
        ACCOUNTS_FILE.write_text("\n".join(lines) + "\n")
        ACCOUNTS_FILE.chmod(0o600)
        self.stdout.write("\n".join(lines))

    def all_present(self, city: Division) -> bool:
        roles = self.places(city)
        return User.objects.filter(username__in=[f"demo_{role}" for role in roles]).count() == len(roles)

    @staticmethod
    def places(city: Division) -> dict:
        """Where each role's demo account works: the city, its first district, that district's first street and
        community. By level within the city, not by parent: a city without districts (东莞, 中山) has its streets
        directly below it and no district-level accounts (issue #18)."""
        divisions = Division.objects.unscoped("demo set-up")
        district = divisions.filter(parent=city, level=DivisionLevel.DISTRICT).order_by("code").first()
        below = (district or city).prefix
        street = divisions.filter(level=DivisionLevel.STREET, code__startswith=below).order_by("code").first()
        community = (
            divisions.filter(level=DivisionLevel.COMMUNITY, code__startswith=street.prefix).order_by("code").first()
            if street
            else None
        )
        if street is None or community is None:
            raise CommandError(f"{city.name} ({city.code}) has no street with a community loaded.")
        places = {
            Role.CITY_ADMIN: (city, None),
            Role.DISTRICT_ADMIN: (district, None),
            Role.STREET_STAFF: (street, None),
            Role.COMMUNITY_STAFF: (community, None),
            Role.GRID_WORKER: (community, None),
            Role.DEPARTMENT_STAFF: (district, "民政局"),
            Role.AUDITOR: (city, None),
            Role.SYSTEM_ADMIN: (city, None),
            Role.SECURITY_ADMIN: (city, None),
        }
        return {role: place for role, place in places.items() if place[0] is not None}

    @transaction.atomic
    def create(self, city: Division) -> list[str]:
        places = self.places(city)
        community = places[Role.COMMUNITY_STAFF][0]
        places = self.places(city)
        lines = ["Demo accounts (演示账户) — user name / password / role / division:"]
        with change_context(None, source="command:setup_demo"):
            Grid.objects.get_or_create(community=community, sequence=1, defaults={"name": "第一网格"})
            for role, (division, department) in places.items():
                username, password = f"demo_{role}", generate_password()
                User.objects.filter(username=username).delete()
                grant_role(
                    acting_user=None,
                    username=username,
                    role=role,
                    division_code=division.code,
                    department=department,
                    password=password,
                    full_name=f"演示 {Role(role).label}",
                )
                # The demo's passwords are written to var/demo-accounts.txt: no forced change on first login.
                User.objects.filter(username=username).update(must_change_password=False)
                lines.append(f"  {username:24} {password:20} {role:17} {division.name} ({division.code})")
        return lines
