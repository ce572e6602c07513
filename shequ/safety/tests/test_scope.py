"""Scope matrix over the safe-community registers (issue #17; GOV-1, GOV-3; AC-1, AC-3)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.safety import models

CST = ZoneInfo("Asia/Shanghai")


def room_in(community):
    return models.PoliceRoom.objects.get_or_create(community=community, name=f"警务室{community.pk}")[0]


def team_in(community):
    return models.JointDefenceTeam.objects.get_or_create(community=community, name=f"巡防队{community.pk}")[0]


def area_in(community):
    return models.PatrolArea.objects.get_or_create(
        community=community, name=f"片区{community.pk}", defaults={"person_in_charge": "陈大海"}
    )[0]


def case_in(community):
    return models.DisputeCase.objects.get_or_create(
        community=community,
        number=f"调字{community.pk}",
        defaults={
            "title": "漏水纠纷",
            "kind": "neighbours",
            "opened_on": date(2026, 3, 1),
            "deadline": date(2026, 3, 31),
        },
    )[0]


class PoliceRoomScopeTests(ScopeMatrix, TestCase):
    model = models.PoliceRoom

    @classmethod
    def make_object(cls, community):
        return room_in(community)

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新警务室", "address": "鸿山路 1 号"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"address": "鸿山路 9 号"}


class PoliceOfficerScopeTests(ScopeMatrix, TestCase):
    model = models.PoliceOfficer

    @classmethod
    def make_object(cls, community):
        return models.PoliceOfficer.objects.create(room=room_in(community), name=f"民警{community.pk}")

    def create_payload(self, key):
        return {"room": self.objects[key].room_id, "name": "新民警", "kind": "officer", "badge_number": "035621"}

    form_data = create_payload

    def update_payload(self):
        return {"badge_number": "035622"}


class JointDefenceTeamScopeTests(ScopeMatrix, TestCase):
    model = models.JointDefenceTeam

    @classmethod
    def make_object(cls, community):
        return team_in(community)

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新巡防队", "leader_name": "陈大海"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"leader_name": "王建国"}


class JointDefenceMemberScopeTests(ScopeMatrix, TestCase):
    model = models.JointDefenceMember

    @classmethod
    def make_object(cls, community):
        return models.JointDefenceMember.objects.create(team=team_in(community), name=f"队员{community.pk}")

    def create_payload(self, key):
        return {"team": self.objects[key].team_id, "name": "新队员", "joined_on": "2025-05-01"}

    def form_data(self, key):
        return {**self.create_payload(key), "active": "on"}

    def update_payload(self):
        return {"active": False}


class PatrolAreaScopeTests(ScopeMatrix, TestCase):
    model = models.PatrolArea

    @classmethod
    def make_object(cls, community):
        return area_in(community)

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新片区", "person_in_charge": "王建国"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"person_in_charge": "李秀梅"}


class PatrolRecordScopeTests(ScopeMatrix, TestCase):
    model = models.PatrolRecord
    export_key = "area"

    @classmethod
    def make_object(cls, community):
        return models.PatrolRecord.objects.create(
            area=area_in(community), started_at=datetime(2026, 3, 1, 20, 0, tzinfo=CST), patrollers="陈大海"
        )

    def create_payload(self, key):
        return {
            "area": self.objects[key].area_id,
            "started_at": "2026-03-02T20:00:00+08:00",
            "ended_at": "2026-03-02T21:30:00+08:00",
            "patrollers": "王建国",
        }

    def form_data(self, key):
        return {
            "area": self.objects[key].area_id,
            "started_at": "2026-03-02 20:00",
            "ended_at": "2026-03-02 21:30",
            "patrollers": "王建国",
        }

    def update_payload(self):
        return {"findings": "楼道堆物，已清理"}


class DisputeCaseScopeTests(ScopeMatrix, TestCase):
    model = models.DisputeCase
    export_key = "number"

    @classmethod
    def make_object(cls, community):
        return case_in(community)

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "number": "（2026）鸿调字第 9 号",
            "title": "噪音纠纷",
            "kind": "neighbours",
            "opened_on": "2026-04-01",
            "deadline": "2026-04-30",
            "stage": "accepted",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"stage": "mediating"}


class DisputePartyScopeTests(ScopeMatrix, TestCase):
    model = models.DisputeParty

    @classmethod
    def make_object(cls, community):
        return models.DisputeParty.objects.create(case=case_in(community), name=f"当事人{community.pk}")

    def create_payload(self, key):
        return {"case": self.objects[key].case_id, "name": "张某", "role": "applicant", "phone": "13812345678"}

    form_data = create_payload

    def update_payload(self):
        return {"role": "respondent"}


def device_in(community):
    return models.SurveillanceDevice.objects.get_or_create(
        code=f"DEV{community.pk}", defaults={"community": community, "name": "东门枪机", "public_area": "东门"}
    )[0]


class SurveillanceDeviceScopeTests(ScopeMatrix, TestCase):
    model = models.SurveillanceDevice
    export_key = "code"

    @classmethod
    def make_object(cls, community):
        return device_in(community)

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "code": "NEW001",
            "name": "西门球机",
            "kind": "camera",
            "public_area": "西门",
            "status": "online",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"name": "东门球机"}


class DeviceStatusReportScopeTests(ScopeMatrix, TestCase):
    model = models.DeviceStatusReport
    export_key = "device"

    @classmethod
    def make_object(cls, community):
        return models.DeviceStatusReport.objects.create(
            device=device_in(community), status="online", reported_at=datetime(2026, 3, 1, 8, 0, tzinfo=CST)
        )

    def create_payload(self, key):
        return {
            "device": self.objects[key].device_id,
            "status": "offline",
            "reported_at": "2026-03-02T08:00:00+08:00",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "reported_at": "2026-03-02 08:00"}

    def update_payload(self):
        return {"note": "断电"}
