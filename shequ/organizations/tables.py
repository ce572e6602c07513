from django.utils.translation import gettext_lazy as _

from shequ.core.tables import Table
from shequ.organizations import models

__all__ = [
    "BuildingHeadTable",
    "CoBuildingActivityTable",
    "CommitteeDecisionTable",
    "CommitteeMemberTable",
    "ElectionTable",
    "GuidanceCommitteeTable",
    "GuidanceMemberTable",
    "LeaderContactTable",
    "ParticipantTable",
    "PartyMemberTable",
    "PartyOrganizationTable",
    "ResidentGroupTable",
    "ResidentsCommitteeTable",
    "SocialOrganizationTable",
    "StationedUnitTable",
    "SubcommitteeTable",
]


class PartyOrganizationTable(Table):
    model = models.PartyOrganization
    fields = ("name", "kind", "division", "parent", "co_building")


class PartyMemberTable(Table):
    model = models.PartyMember
    fields = ("name", "role", "organization", "joined_on")


class ResidentsCommitteeTable(Table):
    model = models.ResidentsCommittee
    fields = ("term_number", "community", "term_start", "term_end")


class CommitteeMemberTable(Table):
    model = models.CommitteeMember
    fields = ("name", "position", "committee", "party_member", "full_time")


class ElectionTable(Table):
    model = models.Election
    fields = ("held_on", "committee", "electorate", "votes_cast", "turnout")
    extra_labels = {"turnout": _("turnout")}

    def render_turnout(self, obj):
        return obj.turnout


class SubcommitteeTable(Table):
    model = models.Subcommittee
    fields = ("kind", "committee", "members")
    prefetch_related = ("members",)

    def render_members(self, obj):
        return "、".join(member.name for member in obj.members.all())


class CommitteeDecisionTable(Table):
    model = models.CommitteeDecision
    fields = ("document_number", "kind", "community", "decided_on", "filed_on")


class ResidentGroupTable(Table):
    model = models.ResidentGroup
    fields = ("name", "community", "leader_name", "households")


class BuildingHeadTable(Table):
    model = models.BuildingHead
    fields = ("name", "building", "since")


class ParticipantTable(Table):
    model = models.Participant
    fields = ("name", "kind", "community", "note")


class SocialOrganizationTable(Table):
    model = models.SocialOrganization
    fields = ("name", "kind", "community", "credit_code", "venue_support", "funds_support")


class StationedUnitTable(Table):
    model = models.StationedUnit
    fields = ("name", "community", "credit_code", "resources_shared")


class CoBuildingActivityTable(Table):
    model = models.CoBuildingActivity
    fields = ("title", "unit", "held_on", "contribution")


class GuidanceCommitteeTable(Table):
    model = models.GuidanceCommittee
    fields = ("name", "division", "office")


class GuidanceMemberTable(Table):
    model = models.GuidanceMember
    fields = ("name", "position", "unit", "committee")


class LeaderContactTable(Table):
    model = models.LeaderContact
    fields = ("leader_name", "leader_position", "community", "since")
