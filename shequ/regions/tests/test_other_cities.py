"""Another city in one command (issue #18 item 6): the loaders `make run` calls work for any prefecture-level city
of the shipped division data, not only the demo's Xiamen — shown for 乌海市 (Inner Mongolia: 3 districts) and
中山市 (Guangdong: a city without districts, its streets directly below it), with exact counts from the shipped
files, a few residents, and demo accounts that sign in and see their own city."""

import re
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings

from shequ.accounts.models import Assignment, User
from shequ.people.models import Household, Resident
from shequ.regions.models import Division
from shequ.workorders.models import WorkOrder

RESIDENTS = 40


class OtherCityTests(TestCase):
    def load(self, city: str) -> dict[str, str]:
        """Run the demo's loaders as `make demo` does (`CITY=<city>`); the demo accounts' passwords by user name."""
        accounts = Path(tempfile.mkdtemp(prefix="shequ-demo-")) / "demo-accounts.txt"
        out = StringIO()
        with (
            mock.patch("shequ.accounts.management.commands.setup_demo.ACCOUNTS_FILE", accounts),
            override_settings(SHEQU_CITY_CODE=city),  # what `CITY=<city> make run` exports
        ):
            call_command("load_divisions", city=city, stdout=out)
            call_command("seed_population", residents=RESIDENTS, city=city, if_empty=True, stdout=out, stderr=out)
            for command in ("seed_organizations", "seed_facilities", "seed_property"):
                call_command(command, city=city, if_empty=True, stdout=out)
            call_command("setup_call_centre", city=city, stdout=out)
            call_command("seed_work_orders", city=city, orders=30, if_empty=True, stdout=out)
            call_command("setup_demo", city=city, stdout=out)
            call_command("refresh_rollups", stdout=out)
        return dict(re.findall(r"^\s+(demo_\w+)\s+(\S+)\s+\w+", out.getvalue(), re.MULTILINE))

    def counts(self, city: str) -> dict[str, int]:
        divisions = Division.objects.unscoped("test").filter(code__startswith=city[:4])
        return {level: divisions.filter(level=level).count() for level in ("city", "district", "street", "community")}

    def check_city(self, city: str, expected: dict[str, int]) -> dict[str, str]:
        passwords = self.load(city)
        self.assertEqual(self.counts(city), expected)
        self.assertEqual(Division.objects.unscoped("test").exclude(code__startswith=city[:4]).count(), 0)
        residents = Resident.objects.unscoped("test")
        self.assertEqual(residents.count(), RESIDENTS)
        self.assertEqual(residents.filter(division_code__startswith=city[:4]).count(), RESIDENTS)
        self.assertEqual(Household.objects.unscoped("test").exclude(division_code__startswith=city[:4]).count(), 0)
        orders = WorkOrder.objects.unscoped("test")
        self.assertEqual(orders.count(), 30)
        self.assertEqual(orders.exclude(division_code__startswith=city[:4]).count(), 0)
        for username, password in passwords.items():
            user = User.objects.get(username=username)
            self.assertTrue(user.is_active and user.check_password(password), username)
            codes = set(Assignment.objects.filter(user=user).values_list("division_code", flat=True))
            self.assertTrue(codes and all(c.startswith(city[:4]) for c in codes), (username, codes))
        city_admin = User.objects.get(username="demo_city_admin")
        self.assertEqual(
            list(Assignment.objects.filter(user=city_admin).values_list("division_code", flat=True)), [city]
        )
        self.client.force_login(city_admin)
        page = self.client.get("/", {"division": city})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, Division.objects.unscoped("test").get(code=city).name)
        return passwords

    def test_wuhai_a_city_of_inner_mongolia_with_three_districts(self):
        passwords = self.check_city("150300000000", {"city": 1, "district": 3, "street": 22, "community": 87})
        self.assertEqual(len(passwords), 9)  # one account per role
        street_staff = Assignment.objects.get(user__username="demo_street_staff")
        self.assertEqual(street_staff.division_code, "150302001000")  # 凤凰岭街道, the first street of 海勃湾区

    def test_zhongshan_a_city_without_districts(self):
        passwords = self.check_city("442000000000", {"city": 1, "district": 0, "street": 23, "community": 287})
        # Its streets hang from the city; no district: no district-level accounts.
        self.assertEqual(Division.objects.unscoped("test").get(code="442000001000").parent.code, "442000000000")
        self.assertEqual(len(passwords), 7)
        self.assertNotIn("demo_district_admin", passwords)
        self.assertNotIn("demo_department_staff", passwords)
        self.assertEqual(Assignment.objects.get(user__username="demo_street_staff").division_code, "442000001000")
