"""Pages of the organizations registers: each declares its form, filterset and table (core.views.ModelViews)."""

from shequ.core.views import ModelViews
from shequ.organizations import filtersets, forms, models, tables

__all__ = [
    "BuildingHeadViews",
    "CoBuildingActivityViews",
    "CommitteeDecisionViews",
    "CommitteeMemberViews",
    "ElectionViews",
    "GuidanceCommitteeViews",
    "GuidanceMemberViews",
    "LeaderContactViews",
    "ParticipantViews",
    "PartyMemberViews",
    "PartyOrganizationViews",
    "ResidentGroupViews",
    "ResidentsCommitteeViews",
    "SocialOrganizationViews",
    "StationedUnitViews",
    "SubcommitteeViews",
]


class PartyOrganizationViews(ModelViews):
    model = models.PartyOrganization
    form = forms.PartyOrganizationForm
    filterset = filtersets.PartyOrganizationFilterSet
    table = tables.PartyOrganizationTable


class PartyMemberViews(ModelViews):
    model = models.PartyMember
    form = forms.PartyMemberForm
    filterset = filtersets.PartyMemberFilterSet
    table = tables.PartyMemberTable


class ResidentsCommitteeViews(ModelViews):
    model = models.ResidentsCommittee
    form = forms.ResidentsCommitteeForm
    filterset = filtersets.ResidentsCommitteeFilterSet
    table = tables.ResidentsCommitteeTable


class CommitteeMemberViews(ModelViews):
    model = models.CommitteeMember
    form = forms.CommitteeMemberForm
    filterset = filtersets.CommitteeMemberFilterSet
    table = tables.CommitteeMemberTable


class ElectionViews(ModelViews):
    model = models.Election
    form = forms.ElectionForm
    filterset = filtersets.ElectionFilterSet
    table = tables.ElectionTable


class SubcommitteeViews(ModelViews):
    model = models.Subcommittee
    form = forms.SubcommitteeForm
    filterset = filtersets.SubcommitteeFilterSet
    table = tables.SubcommitteeTable


class CommitteeDecisionViews(ModelViews):
    model = models.CommitteeDecision
    form = forms.CommitteeDecisionForm
    filterset = filtersets.CommitteeDecisionFilterSet
    table = tables.CommitteeDecisionTable


class ResidentGroupViews(ModelViews):
    model = models.ResidentGroup
    form = forms.ResidentGroupForm
    filterset = filtersets.ResidentGroupFilterSet
    table = tables.ResidentGroupTable


class BuildingHeadViews(ModelViews):
    model = models.BuildingHead
    form = forms.BuildingHeadForm
    filterset = filtersets.BuildingHeadFilterSet
    table = tables.BuildingHeadTable


class ParticipantViews(ModelViews):
    model = models.Participant
    form = forms.ParticipantForm
    filterset = filtersets.ParticipantFilterSet
    table = tables.ParticipantTable


class SocialOrganizationViews(ModelViews):
    model = models.SocialOrganization
    form = forms.SocialOrganizationForm
    filterset = filtersets.SocialOrganizationFilterSet
    table = tables.SocialOrganizationTable


class StationedUnitViews(ModelViews):
    model = models.StationedUnit
    form = forms.StationedUnitForm
    filterset = filtersets.StationedUnitFilterSet
    table = tables.StationedUnitTable


class CoBuildingActivityViews(ModelViews):
    model = models.CoBuildingActivity
    form = forms.CoBuildingActivityForm
    filterset = filtersets.CoBuildingActivityFilterSet
    table = tables.CoBuildingActivityTable


class GuidanceCommitteeViews(ModelViews):
    model = models.GuidanceCommittee
    form = forms.GuidanceCommitteeForm
    filterset = filtersets.GuidanceCommitteeFilterSet
    table = tables.GuidanceCommitteeTable


class GuidanceMemberViews(ModelViews):
    model = models.GuidanceMember
    form = forms.GuidanceMemberForm
    filterset = filtersets.GuidanceMemberFilterSet
    table = tables.GuidanceMemberTable


class LeaderContactViews(ModelViews):
    model = models.LeaderContact
    form = forms.LeaderContactForm
    filterset = filtersets.LeaderContactFilterSet
    table = tables.LeaderContactTable
