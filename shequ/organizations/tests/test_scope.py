"""Scope matrix over the organisation registers (issue #4, AC-1, AC-3)."""

from datetime import date

from django.test import TestCase

from shequ.core.testing.scope import ScopeMatrix
from shequ.organizations import models
from shequ.places.models import Building


def committee_in(community):
    return models.ResidentsCommittee.objects.get_or_create(
        community=community, term_number=1, defaults={"term_start": date(2024, 1, 1)}
    )[0]


def party_in(community):
    return models.PartyOrganization.objects.get_or_create(
        division=community, kind="community_committee", name=f"{community.name}党委"
    )[0]


def unit_in(community):
    return models.StationedUnit.objects.get_or_create(community=community, name=f"{community.name}驻区医院")[0]


def guidance_in(community):
    return models.GuidanceCommittee.objects.get_or_create(division=community, name=f"{community.name}指导委员会")[0]


class PartyOrganizationScopeTests(ScopeMatrix, TestCase):
    model = models.PartyOrganization

    @classmethod
    def make_object(cls, community):
        return party_in(community)

    def create_payload(self, key):
        return {"division": self.tree[key].pk, "kind": "branch", "name": "新支部"}

    def form_data(self, key):
        return {"division": self.tree[key].pk, "kind": "branch", "name": "新支部"}

    def update_payload(self):
        return {"co_building": True}


class PartyMemberScopeTests(ScopeMatrix, TestCase):
    model = models.PartyMember

    @classmethod
    def make_object(cls, community):
        return models.PartyMember.objects.create(organization=party_in(community), name=f"党员{community.pk}")

    def create_payload(self, key):
        return {"organization": self.objects[key].organization_id, "name": "新党员", "role": "member"}

    form_data = create_payload

    def update_payload(self):
        return {"role": "secretary"}


class ResidentsCommitteeScopeTests(ScopeMatrix, TestCase):
    model = models.ResidentsCommittee
    export_key = "term_number"

    @classmethod
    def make_object(cls, community):
        return committee_in(community)

    def create_payload(self, key):
        return {"community": self.tree[key].code, "term_number": 2, "term_start": "2027-01-01"}

    def form_data(self, key):
        return {"community": self.tree[key].pk, "term_number": 2, "term_start": "2027-01-01"}

    def update_payload(self):
        return {"term_end": "2031-12-31"}


class CommitteeMemberScopeTests(ScopeMatrix, TestCase):
    model = models.CommitteeMember

    @classmethod
    def make_object(cls, community):
        return models.CommitteeMember.objects.create(
            committee=committee_in(community), name=f"委员{community.pk}", position="member"
        )

    def create_payload(self, key):
        return {"committee": self.objects[key].committee_id, "name": "新委员", "position": "member"}

    form_data = create_payload

    def update_payload(self):
        return {"position": "deputy_director"}


class ElectionScopeTests(ScopeMatrix, TestCase):
    model = models.Election
    export_key = "held_on"

    @classmethod
    def make_object(cls, community):
        return models.Election.objects.create(
            committee=committee_in(community), held_on=date(2024, 1, 1), electorate=3000, votes_cast=2500
        )

    def create_payload(self, key):
        return {"committee": self.objects[key].committee_id, "held_on": "2021-01-01", "electorate": 10, "votes_cast": 9}

    form_data = create_payload

    def update_payload(self):
        return {"votes_cast": 8}


class SubcommitteeScopeTests(ScopeMatrix, TestCase):
    model = models.Subcommittee
    export_key = "kind"

    @classmethod
    def make_object(cls, community):
        return models.Subcommittee.objects.create(committee=committee_in(community), kind="health")

    def test_export_holds_exactly_the_scope(self):
        """The export shows the kind's label; the scope is what matters here."""
        self.export_key = "get_kind_display"
        for obj in self.objects.values():
            obj.get_kind_display = obj.get_kind_display()
        super().test_export_holds_exactly_the_scope()

    def create_payload(self, key):
        return {"committee": self.objects[key].committee_id, "kind": "mediation", "members": []}

    def form_data(self, key):
        return {"committee": self.objects[key].committee_id, "kind": "mediation"}

    def update_payload(self):
        return {"kind": "culture"}


class CommitteeDecisionScopeTests(ScopeMatrix, TestCase):
    model = models.CommitteeDecision
    writer_level = "district"
    export_key = "document_number"

    @classmethod
    def make_object(cls, community):
        return models.CommitteeDecision.objects.create(
            community=community,
            kind="establish",
            document_number=f"思府〔2024〕{community.pk}号",
            decided_on=date(2024, 3, 1),
        )

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "kind": "resize",
            "document_number": "思府〔2026〕9号",
            "decided_on": "2026-03-01",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"filed_on": "2026-04-01"}


class ResidentGroupScopeTests(ScopeMatrix, TestCase):
    model = models.ResidentGroup

    @classmethod
    def make_object(cls, community):
        return models.ResidentGroup.objects.create(community=community, name=f"第{community.pk}居民小组")

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新居民小组", "leader_name": "组长", "households": 400}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"households": 450}


class BuildingHeadScopeTests(ScopeMatrix, TestCase):
    model = models.BuildingHead

    @classmethod
    def make_object(cls, community):
        building = Building.objects.create(community=community, number=f"{community.pk}号楼")
        return models.BuildingHead.objects.create(building=building, name=f"楼长{community.pk}")

    def create_payload(self, key):
        return {"building": self.objects[key].building_id, "name": "新楼长"}

    form_data = create_payload

    def update_payload(self):
        return {"since": "2025-01-01"}


class ParticipantScopeTests(ScopeMatrix, TestCase):
    model = models.Participant

    @classmethod
    def make_object(cls, community):
        return models.Participant.objects.create(
            community=community, kind="veteran_teacher", name=f"老师{community.pk}"
        )

    def create_payload(self, key):
        return {"community": self.tree[key].code, "kind": "council", "name": "理事"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"note": "退休教师"}


class SocialOrganizationScopeTests(ScopeMatrix, TestCase):
    model = models.SocialOrganization

    @classmethod
    def make_object(cls, community):
        return models.SocialOrganization.objects.create(
            community=community, name=f"互助会{community.pk}", kind="mutual_aid"
        )

    def create_payload(self, key):
        return {
            "community": self.tree[key].code,
            "name": "新社会组织",
            "kind": "service",
            "credit_code": "91110000802100433B",
            "funds_support": "5000.00",
        }

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"venue_support": True}


class StationedUnitScopeTests(ScopeMatrix, TestCase):
    model = models.StationedUnit

    @classmethod
    def make_object(cls, community):
        return unit_in(community)

    def create_payload(self, key):
        return {"community": self.tree[key].code, "name": "新驻区单位", "resources_shared": "会议室"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"contributions": "捐赠图书"}


class CoBuildingActivityScopeTests(ScopeMatrix, TestCase):
    model = models.CoBuildingActivity
    export_key = "title"

    @classmethod
    def make_object(cls, community):
        return models.CoBuildingActivity.objects.create(
            unit=unit_in(community), held_on=date(2026, 5, 1), title=f"义诊{community.pk}"
        )

    def create_payload(self, key):
        return {"unit": self.objects[key].unit_id, "held_on": "2026-06-01", "title": "新活动"}

    form_data = create_payload

    def update_payload(self):
        return {"contribution": "免费体检"}


class GuidanceCommitteeScopeTests(ScopeMatrix, TestCase):
    model = models.GuidanceCommittee

    @classmethod
    def make_object(cls, community):
        return guidance_in(community)

    def create_payload(self, key):
        return {"division": self.tree[key].pk, "name": "新指导委员会", "office": "民政局"}

    form_data = create_payload

    def update_payload(self):
        return {"office": "民政局基层政权科"}


class GuidanceMemberScopeTests(ScopeMatrix, TestCase):
    model = models.GuidanceMember

    @classmethod
    def make_object(cls, community):
        return models.GuidanceMember.objects.create(
            committee=guidance_in(community), name=f"成员{community.pk}", position="副主任"
        )

    def create_payload(self, key):
        return {"committee": self.objects[key].committee_id, "name": "新成员", "position": "委员"}

    form_data = create_payload

    def update_payload(self):
        return {"unit": "民政局"}


class LeaderContactScopeTests(ScopeMatrix, TestCase):
    model = models.LeaderContact
    export_key = "leader_name"

    @classmethod
    def make_object(cls, community):
        return models.LeaderContact.objects.create(
            community=community, leader_name=f"领导{community.pk}", leader_position="区委书记"
        )

    def create_payload(self, key):
        return {"community": self.tree[key].code, "leader_name": "新领导", "leader_position": "副区长"}

    def form_data(self, key):
        return {**self.create_payload(key), "community": self.tree[key].pk}

    def update_payload(self):
        return {"since": "2026-01-01"}
