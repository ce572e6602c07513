"""Synthetic population for the loaded city (issue #3): households in dwellings, residents with valid ID numbers whose
birthplace and birth date fit, realistic names, some floating residents and care categories.

    manage.py seed_population --residents 50000          # the demo (a few full communities), seconds
    manage.py seed_population --residents 10000000       # benchmark scale

About 3,000 households per community, communities filled in code order starting with the demo street's, so the
demo accounts see a full register. Nothing here is a real person.
"""

import sys
import time
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shequ.core.crypto import blind_index, encrypt
from shequ.core.models import in_scope
from shequ.core.names import pinyin_keys
from shequ.core.personal import mask_address, mask_id_number, mask_phone
from shequ.people.choices import (
    CareCategory,
    Education,
    Employment,
    MaritalStatus,
    PoliticalStatus,
    RegistrationType,
    Relation,
)
from shequ.people.models import CareRecord, FloatingRecord, Household, Resident
from shequ.people.synthetic import SURNAMES, SyntheticPeople, id_number_for
from shequ.places.models import Building, Dwelling, ResidentialArea
from shequ.regions.models import Division
from shequ.regions.services import DATA_DIR, read_division_file

HOUSEHOLDS_PER_COMMUNITY = 3000
BATCH_HOUSEHOLDS = 2000
TODAY = date(2026, 11, 1)


class Command(BaseCommand):
    help = "Create synthetic households and residents for the loaded city."

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, required=True)
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the city already has residents")

    def handle(self, *args, residents, city, seed, if_empty, **options):
        divisions = Division.objects.unscoped("seeding")
        if not divisions.filter(code=city).exists():
            raise CommandError(f"City {city} is not loaded; run load_divisions first.")
        existing = Resident.objects.unscoped("seeding").within(city[:4]).count()
        if if_empty and existing:
            self.stdout.write(f"{existing} residents already present; nothing seeded.")
            return
        communities = list(divisions.communities().within(city[:4]).order_by("code"))
        if not communities:
            raise CommandError("The city has no communities loaded.")
        # Start with the demo street (the first street of the first district), then the rest in code order.
        first_street = communities[0].code[:9]
        communities.sort(key=lambda c: (not c.code.startswith(first_street), c.code))
        self.people = SyntheticPeople(seed)
        self.random = self.people.random
        self.sequences = defaultdict(int)
        self.origins = [
            row["code"][:6]
            for row in read_division_file(DATA_DIR / "nbs-2023-divisions.csv.gz")
            if row["level"] == "district" and not row["code"].startswith(city[:4])
        ]
        started, made, households = time.monotonic(), 0, 0
        for community in communities:
            if made >= residents:
                break
            count, households_made = self.seed_community(community, residents - made)
            made += count
            households += households_made
            sys.stderr.write(f"\r{made:,} residents in {households:,} households")
        sys.stderr.write("\n")
        self.stdout.write(
            f"Seeded {made:,} residents in {households:,} households in {time.monotonic() - started:.1f} s."
        )

    # -----------------------------------------------------------------------------------------------------------

    def seed_community(self, community, wanted: int) -> tuple[int, int]:
        made = households_made = 0
        dwellings = self.make_places(community)
        for start in range(0, HOUSEHOLDS_PER_COMMUNITY, BATCH_HOUSEHOLDS):
            if made >= wanted:
                break
            with transaction.atomic():
                batch = [
                    self.make_household(community, dwellings[i], i)
                    for i in range(start, min(start + BATCH_HOUSEHOLDS, HOUSEHOLDS_PER_COMMUNITY))
                ]
                Household.objects.bulk_create([h for h, _members in batch], batch_size=1000)
                members = []
                for household, people in batch:
                    for resident in people:
                        resident.household = household
                        members.append(resident)
                        if made + len(members) >= wanted:
                            break
                    if made + len(members) >= wanted:
                        break
                Resident.objects.bulk_create(members, batch_size=1000)
                self.make_extras(members)
            made += len(members)
            households_made += len({r.household_id for r in members})
        return made, households_made

    def make_places(self, community) -> list[Dwelling]:
        base = community.name.removesuffix("社区居委会").removesuffix("村委会").removesuffix("居委会")
        areas = ResidentialArea.objects.bulk_create(
            [
                in_scope(ResidentialArea(community=community, name=f"{base}{n}区", enclosed=n % 3 != 0))
                for n in range(1, 6)
            ]
        )
        buildings = Building.objects.bulk_create(
            [
                in_scope(
                    Building(community=community, area=areas[b // 6], number=f"{b % 6 + 1}号楼", floors=18, units=2)
                )
                for b in range(30)
            ]
        )
        dwellings = [
            in_scope(
                Dwelling(
                    building=buildings[i // 100],
                    unit=str((i % 100) // 50 + 1),
                    floor=(i % 50) // 2 + 1,
                    room=f"{(i % 50) // 2 + 1}0{i % 2 + 1}",
                    floor_area=self.random.choice((58, 72, 89, 96, 118, 135)),
                )
            )
            for i in range(HOUSEHOLDS_PER_COMMUNITY)
        ]
        return Dwelling.objects.bulk_create(dwellings, batch_size=1000)

    def make_household(self, community, dwelling, index: int):
        floating = self.random.random() < 0.15
        household = in_scope(
            Household(
                community=community,
                number=f"{index + 1:05d}",
                dwelling=dwelling,
                registration="non_local" if floating else "local",
            )
        )
        address = (
            f"{community.name.removesuffix('居委会')}{dwelling.building.area.name}{dwelling.building.number}"
            f"{dwelling.unit}单元{dwelling.room}"
        )
        household.registered_address_encrypted = encrypt(address, field="people.household.registered_address")
        household.registered_address_masked = mask_address(address)
        area = self.random.choice(self.origins) if floating else community.code[:6]
        surname = self.random.choice(SURNAMES)
        head_age = self.random.randint(24, 88)
        size = (
            1
            if head_age > 75 and self.random.random() < 0.4
            else self.random.choices((1, 2, 3, 4, 5), (12, 28, 30, 20, 10))[0]
        )
        members = [self.resident(community, area, surname, head_age, Relation.HEAD, floating, address)]
        if size >= 2:
            members.append(
                self.resident(
                    community,
                    area,
                    None,
                    max(20, head_age + self.random.randint(-5, 5)),
                    Relation.SPOUSE,
                    floating,
                    address,
                    male=not members[0].sex == "male",
                )
            )
        for _child in range(max(0, size - 2)):
            age = head_age - self.random.randint(22, 38)
            if age < 0:
                break
            members.append(self.resident(community, area, surname, age, Relation.CHILD, floating, address))
        return household, members

    def resident(self, community, area, surname, age, relation, floating, address, male=None) -> Resident:
        male = self.random.random() < 0.5 if male is None else male
        birth = TODAY - timedelta(days=age * 365 + self.random.randint(0, 364))
        key = (area, birth, male)
        self.sequences[key] += 1
        sequence = self.sequences[key] * 2 - (1 if male else 2)  # odd for men, even for women
        number = id_number_for(area, birth, sequence)
        name = (surname or self.random.choice(SURNAMES)) + self.people.name()[1:]
        phone = self.people.mobile() if age >= 16 else ""
        resident = Resident(
            community=community,
            name=name,
            pinyin_keys=pinyin_keys(name),
            id_number_encrypted=encrypt(number, field="people.resident.id_number"),
            id_number_digest=blind_index(number, kind="id_number"),
            id_number_masked=mask_id_number(number),
            phone_encrypted=encrypt(phone, field="people.resident.phone") if phone else "",
            phone_digest=blind_index(phone, kind="phone") if phone else "",
            phone_masked=mask_phone(phone) if phone else "",
            address_encrypted=encrypt(address, field="people.resident.address"),
            address_masked=mask_address(address),
            sex="male" if male else "female",
            birth_date=birth,
            relation=relation,
            registration_type=RegistrationType.FLOATING if floating else RegistrationType.REGISTERED,
            political_status=self.random.choices(list(PoliticalStatus.values), (80, 8, 1, 9, 2))[0],
            education=self.random.choice(list(Education.values)) if age >= 6 else "",
            employment=(
                Employment.RETIRED
                if age >= 60
                else Employment.STUDENT
                if age < 22
                else self.random.choices((Employment.EMPLOYED, Employment.UNEMPLOYED), (92, 8))[0]
            ),
            marital_status=(
                MaritalStatus.MARRIED
                if relation == Relation.SPOUSE
                else MaritalStatus.SINGLE
                if age < 22
                else self.random.choice(list(MaritalStatus.values))
            ),
        )
        in_scope(resident)
        resident.floating_origin = area if floating else None
        return resident

    def make_extras(self, members: list[Resident]) -> None:
        floating, care = [], []
        for resident in members:
            if resident.floating_origin:
                floating.append(
                    in_scope(
                        FloatingRecord(
                            resident=resident,
                            origin_code=resident.floating_origin,
                            arrival_date=TODAY - timedelta(days=self.random.randint(30, 3000)),
                            permit_number=f"{self.random.randrange(10**11):011d}",
                            permit_expiry=TODAY + timedelta(days=self.random.randint(-60, 700)),
                        )
                    )
                )
            roll = self.random.random()
            age = resident.age_on(TODAY)
            category = (
                CareCategory.DIBAO
                if roll < 0.03
                else CareCategory.DISABILITY
                if roll < 0.05
                else CareCategory.ENTITLED
                if roll < 0.06
                else CareCategory.EXTREME_POVERTY
                if roll < 0.063
                else CareCategory.CORRECTIONS
                if roll < 0.0645
                else CareCategory.RELEASED
                if roll < 0.066
                else None
            )
            if age < 18 and roll > 0.997:
                category = CareCategory.AT_RISK_YOUTH
            if age >= 70 and resident.relation == Relation.HEAD and roll > 0.9:
                category = CareCategory.ELDERLY_ALONE
            if category:
                care.append(
                    in_scope(
                        CareRecord(
                            resident=resident,
                            category=category,
                            disability_grade=self.random.randint(1, 4) if category == CareCategory.DISABILITY else None,
                        )
                    )
                )
        FloatingRecord.objects.bulk_create(floating, batch_size=1000)
        CareRecord.objects.bulk_create(care, batch_size=1000)
