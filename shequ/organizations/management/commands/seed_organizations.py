"""Synthetic organisations, workforce and volunteers for the communities that have residents (issue #4 demo).

For each such community: a committee term with 4–10 members, its subcommittees (now and then one missing),
resident groups, building heads for most buildings, the community's workers with their training (some overdue)
and a few volunteers — so that the compliance page of the demo shows both kept and broken rules. Nothing here is a
real person. In the same first run, the city's first district and street get their guidance committees, meetings
and decisions, their responsibility chain and their communities' units, organisations and contributions
(`organizations.demo`, issue #15). `--if-empty` does nothing when committees exist already.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from shequ.core.context import change_context
from shequ.core.models import in_scope
from shequ.organizations.choices import CommitteePosition, SubcommitteeKind
from shequ.organizations.demo import seed_guarantees
from shequ.organizations.models import BuildingHead, CommitteeMember, ResidentGroup, ResidentsCommittee, Subcommittee
from shequ.people.models import Household
from shequ.people.synthetic import SyntheticPeople
from shequ.places.models import Building
from shequ.regions.models import Division
from shequ.volunteers.models import Volunteer
from shequ.workforce.choices import Background, WorkerPosition
from shequ.workforce.models import CommunityWorker, TrainingAttendance, TrainingCourse

TODAY = date(2026, 11, 1)


class Command(BaseCommand):
    help = "Create synthetic committees, groups, building heads, workers, training and volunteers."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, seed, if_empty, **options):
        if if_empty and ResidentsCommittee.objects.within(city[:4]).exists():
            self.stdout.write("Committees already present; nothing seeded.")
            return
        self.random = random.Random(seed)
        self.people = SyntheticPeople(seed)
        counts = dict(
            Household.objects.within(city[:4])
            .values("division_code")
            .annotate(n=Count("pk"))
            .values_list("division_code", "n")
        )
        communities = Division.objects.unscoped("seeding").filter(code__in=list(counts)).order_by("code")
        with change_context(None, source="seed"):
            courses = {}
            for community in communities:
                street = community.parent
                if street.code not in courses:
                    courses[street.code] = [
                        TrainingCourse.objects.create(
                            division=street,
                            title=f"{street.name}{year}年社区工作者培训班",
                            starts_on=date(year, 4, 10),
                            hours=Decimal(24),
                            organiser=f"{street.name}办事处",
                        )
                        for year in (2024, 2025, 2026)
                    ]
                self.seed_community(community, counts[community.code], courses[street.code])
            city_division = Division.objects.unscoped("seeding").filter(code=city).first()
            made = seed_guarantees(city_division, timezone.localdate()) if city_division is not None else {}
        self.stdout.write(f"Organisations seeded for {communities.count()} communities.")
        if made:
            self.stdout.write(
                "Guidance, responsibility chain and investment: " + ", ".join(f"{v} {k}" for k, v in made.items())
            )

    def name(self) -> str:
        """A name not yet used in the community being seeded (posts and groups are kept per name)."""
        while (name := self.people.name()) in self.used:
            pass
        self.used.add(name)
        return name

    def seed_community(self, community, households: int, courses) -> None:
        self.used = set()
        term = ResidentsCommittee.objects.create(
            community=community, term_number=11, term_start=date(2024, 1, 1), term_end=date(2028, 12, 31)
        )
        size = self.random.choice((4, 5, 7, 7, 9, 9, 10))
        members = [
            CommitteeMember.objects.create(
                committee=term,
                name=self.name(),
                position=CommitteePosition.DIRECTOR
                if index == 0
                else (CommitteePosition.DEPUTY_DIRECTOR if index == 1 else CommitteePosition.MEMBER),
                party_member=self.random.random() < 0.6,
            )
            for index in range(size)
        ]
        kinds = list(SubcommitteeKind.values)
        if self.random.random() < 0.4:
            kinds.remove(self.random.choice(kinds))
        for kind in kinds:
            Subcommittee.objects.create(committee=term, kind=kind).members.set(self.random.sample(members, 2))
        leaders = max(1, round(households / self.random.choice((350, 420, 600))))
        ResidentGroup.objects.bulk_create(
            in_scope(
                ResidentGroup(
                    community=community,
                    name=f"第{index + 1}居民小组",
                    leader_name=self.name(),
                    households=households // leaders,
                )
            )
            for index in range(leaders)
        )
        BuildingHead.objects.bulk_create(
            in_scope(BuildingHead(building=building, name=self.name()))
            for building in Building.objects.filter(community=community)
            if self.random.random() < 0.97
        )
        positions = [
            WorkerPosition.PARTY_SECRETARY,
            WorkerPosition.DIRECTOR,
            *[WorkerPosition.COMMITTEE_MEMBER] * 3,
            *[WorkerPosition.WORKER] * 3,
        ]
        for position in positions:
            worker = CommunityWorker.objects.create(
                community=community,
                name=self.name(),
                position=position,
                background=self.random.choice(Background.values),
                hired_on=TODAY - timedelta(days=900),
            )
            for course in courses:
                if self.random.random() < 0.8:
                    TrainingAttendance.objects.create(course=course, worker=worker, hours=Decimal(24))
        for _index in range(12):
            Volunteer.objects.create(
                community=community,
                name=self.name(),
                registered_on=TODAY - timedelta(days=self.random.randint(30, 900)),
                skills=self.random.choice(("急救", "理发", "法律咨询", "助老", "文艺", "")),
            )
