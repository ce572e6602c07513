"""The demo community's safe-community records (issue #17: "`make run` seeds a police room, devices with status
reports, a mediation case …"; GOV-1 to GOV-5).

For the first community of the demo street (the community staff's and the grid worker's, `setup_demo`): a police
room with its officer, a joint-defence team and members, a patrol area with a week of patrols, three surveillance
devices (one offline by its latest report, so the coverage check has something to say), a mediation case with its
parties, a fire inspection with hazards to rectify and an anti-drug campaign, and one restricted help-and-education
case with its help group and a visit (seen by the street staff and above, after a reason). Names are invented;
nothing here is a real person. `--if-empty` does nothing when a police room exists already.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from shequ.core.context import change_context
from shequ.people.models import Resident
from shequ.places.models import ResidentialArea
from shequ.regions.services import LoadError, demo_community
from shequ.safety import models
from shequ.safety.choices import (
    ActivityKind,
    DeviceKind,
    DeviceStatus,
    DisputeKind,
    HelperRole,
    HelpKind,
    MediationStage,
    OfficerKind,
    PartyRole,
    PlaceKind,
)
from shequ.safety.personal import seal


class Command(BaseCommand):
    help = "Create the demo community's police room, patrols, devices, a mediation case and a help-and-education case."

    def add_arguments(self, parser):
        parser.add_argument("--city", default=settings.SHEQU_CITY_CODE)
        parser.add_argument("--if-empty", action="store_true")

    @transaction.atomic
    def handle(self, *args, city, if_empty, **options):
        if if_empty and models.PoliceRoom.objects.unscoped("seeding").exists():
            self.stdout.write("Safe-community records are present already; nothing seeded.")
            return
        try:
            community = demo_community(city)
        except LoadError as error:
            raise CommandError(str(error)) from None
        today = timezone.localdate()
        with change_context(None, source="seed"):
            self.seed_policing(community, today)
            self.seed_devices(community, today)
            self.seed_mediation(community, today)
            self.seed_fire_and_campaigns(community, today)
            self.seed_help(community, today)
        self.stdout.write(f"Safe-community records of {community.name} seeded.")

    def seed_policing(self, community, today):
        room = models.PoliceRoom.objects.create(
            community=community,
            name=f"{community.name[:4]}警务室",
            address="社区党群服务中心一楼",
            opened_on=date(2015, 3, 1),
        )
        for name, kind, since in (("郑警官", OfficerKind.OFFICER, 2020), ("许辅警", OfficerKind.AUXILIARY, 2022)):
            models.PoliceOfficer.objects.create(room=room, name=name, kind=kind, since=date(since, 9, 1))
        team = models.JointDefenceTeam.objects.create(
            community=community, name="红袖标巡防队", leader_name="陈大海", founded_on=date(2018, 5, 1)
        )
        for name in ("陈大海", "王建国", "李秀梅"):
            models.JointDefenceMember.objects.create(team=team, name=name, joined_on=date(2018, 5, 1))
        area = models.PatrolArea.objects.create(
            community=community,
            name="一片区",
            person_in_charge="陈大海",
            team=team,
            description="社区东侧各小区及沿街商铺",
        )
        for days_ago in range(1, 8):
            start = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(20, 0)))
            models.PatrolRecord.objects.create(
                area=area,
                started_at=start,
                ended_at=start + timedelta(hours=2),
                patrollers="陈大海、王建国",
                findings="消防通道堆放杂物，已劝离" if days_ago == 3 else "",
            )

    def seed_devices(self, community, today):
        areas = list(ResidentialArea.objects.unscoped("seeding").filter(community=community).order_by("pk")[:2])
        places = [{"residential_area": area} for area in areas] + [{"public_area": "社区文化广场"}]
        reported = timezone.make_aware(datetime.combine(today, time(6, 0)))
        for index, place in enumerate(places, start=1):
            device = models.SurveillanceDevice.objects.create(
                community=community,
                code=f"{community.code[:9]}{index:05d}",
                name=f"{place.get('public_area') or place['residential_area'].name}监控{index}",
                kind=DeviceKind.CAMERA,
                installed_on=date(2021, 6, 1),
                **place,
            )
            status = DeviceStatus.OFFLINE if index == 1 else DeviceStatus.ONLINE
            models.DeviceStatusReport.objects.create(
                device=device, status=status, reported_at=reported, note="断电，已报修" if index == 1 else ""
            )
            device.status = status
            device.save(update_fields=["status"])

    def seed_mediation(self, community, today):
        case = models.DisputeCase.objects.create(
            community=community,
            number=f"（{today.year}）调字第 1 号",
            title="楼上漏水纠纷",
            kind=DisputeKind.NEIGHBOURS,
            summary="5 楼卫生间漏水致 4 楼天花板受损，双方就维修费用协商未果。",
            opened_on=today - timedelta(days=5),
            deadline=today + timedelta(days=25),
            stage=MediationStage.MEDIATING,
        )
        models.DisputeParty.objects.create(case=case, name="张某", role=PartyRole.APPLICANT)
        models.DisputeParty.objects.create(case=case, name="李某", role=PartyRole.RESPONDENT)

    def seed_fire_and_campaigns(self, community, today):
        models.FireInspection.objects.create(
            community=community,
            place="鸿山路 12 号小吃店",
            place_kind=PlaceKind.SMALL_VENUE,
            inspected_on=today - timedelta(days=10),
            inspectors="郑警官、陈干部",
            hazard_count=2,
            hazards="灭火器过期\n电动车在店内充电",
            rectify_by=today + timedelta(days=5),
        )
        models.SafetyActivity.objects.create(
            community=community,
            kind=ActivityKind.VICE,
            title="禁毒知识进社区",
            held_on=today - timedelta(days=12),
            place="社区文化广场",
            organiser="社区居委会、辖区派出所",
            reach=120,
        )

    def seed_help(self, community, today):
        resident = Resident.objects.unscoped("seeding").filter(community=community).order_by("pk").first()
        if resident is None:
            return
        case = models.HelpEducationCase(resident=resident, started_on=today - timedelta(days=90), visit_every_days=30)
        seal(case, "kind", HelpKind.CORRECTIONS, indexed=True)
        seal(case, "notes", "社区矫正期一年，每月到司法所报到。")
        case.save()
        models.HelpGroupMember.objects.create(case=case, name="陈干部", role=HelperRole.CADRE)
        models.HelpGroupMember.objects.create(case=case, name="郑警官", role=HelperRole.POLICE)
        visit = models.HelpVisit(case=case, visited_on=today - timedelta(days=40), visitor="陈干部")
        seal(visit, "content", "谈心谈话，了解就业情况，已推荐社区公益岗位。")
        visit.save()
