"""The organizations pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.organizations import models

__all__ = [
    "BuildingHeadViews",
    "CoBuildingActivityViews",
    "CommitteeDecisionViews",
    "CommitteeMemberViews",
    "ElectionViews",
    "GuidanceCommitteeViews",
    "GuidanceDecisionViews",
    "GuidanceMeetingViews",
    "GuidanceMemberViews",
    "LeaderContactViews",
    "ParticipantViews",
    "PartyMemberViews",
    "PartyOrganizationViews",
    "ResidentGroupViews",
    "ResidentsCommitteeViews",
    "ResponsibilityAssignmentViews",
    "SocialOrganizationViews",
    "StationedUnitViews",
    "SubcommitteeViews",
]


class PartyOrganizationViews(ModelViews):
    model = models.PartyOrganization


class PartyMemberViews(ModelViews):
    model = models.PartyMember


class ResidentsCommitteeViews(ModelViews):
    model = models.ResidentsCommittee


class CommitteeMemberViews(ModelViews):
    model = models.CommitteeMember


class ElectionViews(ModelViews):
    model = models.Election


class SubcommitteeViews(ModelViews):
    model = models.Subcommittee


class CommitteeDecisionViews(ModelViews):
    model = models.CommitteeDecision


class ResidentGroupViews(ModelViews):
    model = models.ResidentGroup


class BuildingHeadViews(ModelViews):
    model = models.BuildingHead


class ParticipantViews(ModelViews):
    model = models.Participant


class SocialOrganizationViews(ModelViews):
    model = models.SocialOrganization


class StationedUnitViews(ModelViews):
    model = models.StationedUnit


class CoBuildingActivityViews(ModelViews):
    model = models.CoBuildingActivity


class GuidanceCommitteeViews(ModelViews):
    model = models.GuidanceCommittee


class GuidanceMemberViews(ModelViews):
    model = models.GuidanceMember


class LeaderContactViews(ModelViews):
    model = models.LeaderContact


class GuidanceMeetingViews(ModelViews):
    model = models.GuidanceMeeting


class GuidanceDecisionViews(ModelViews):
    model = models.GuidanceDecision


class ResponsibilityAssignmentViews(ModelViews):
    model = models.ResponsibilityAssignment
