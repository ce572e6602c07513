from shequ.core.forms import CommunityRecordForm, ScopedModelForm
from shequ.organizations import models

__all__ = [
    "BuildingHeadForm",
    "CoBuildingActivityForm",
    "CommitteeDecisionForm",
    "CommitteeMemberForm",
    "ElectionForm",
    "GuidanceCommitteeForm",
    "GuidanceMemberForm",
    "LeaderContactForm",
    "ParticipantForm",
    "PartyMemberForm",
    "PartyOrganizationForm",
    "ResidentGroupForm",
    "ResidentsCommitteeForm",
    "SocialOrganizationForm",
    "StationedUnitForm",
    "SubcommitteeForm",
]


class PartyOrganizationForm(ScopedModelForm):
    class Meta:
        model = models.PartyOrganization
        fields = ["division", "parent", "kind", "name", "co_building"]


class PartyMemberForm(ScopedModelForm):
    class Meta:
        model = models.PartyMember
        fields = ["organization", "name", "role", "joined_on"]


class ResidentsCommitteeForm(CommunityRecordForm):
    class Meta:
        model = models.ResidentsCommittee
        fields = ["community", "term_number", "term_start", "term_end"]


class CommitteeMemberForm(ScopedModelForm):
    class Meta:
        model = models.CommitteeMember
        fields = ["committee", "name", "position", "party_member", "full_time"]


class ElectionForm(ScopedModelForm):
    class Meta:
        model = models.Election
        fields = ["committee", "held_on", "electorate", "votes_cast", "result"]


class SubcommitteeForm(ScopedModelForm):
    """Members are chosen among the members of the same committee term."""

    class Meta:
        model = models.Subcommittee
        fields = ["committee", "kind", "members"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        committee = self.data.get("committee") or self.initial.get("committee") or self.instance.committee_id
        if str(committee or "").isdigit():  # a member of another term is then "not one of the choices"
            self.fields["members"].queryset = self.fields["members"].queryset.filter(committee=committee)


class CommitteeDecisionForm(CommunityRecordForm):
    class Meta:
        model = models.CommitteeDecision
        fields = ["community", "kind", "document_number", "decided_on", "filed_on", "note"]


class ResidentGroupForm(CommunityRecordForm):
    class Meta:
        model = models.ResidentGroup
        fields = ["community", "grid", "name", "leader_name", "households"]


class BuildingHeadForm(ScopedModelForm):
    class Meta:
        model = models.BuildingHead
        fields = ["building", "name", "since"]


class ParticipantForm(CommunityRecordForm):
    class Meta:
        model = models.Participant
        fields = ["community", "kind", "name", "note"]


class SocialOrganizationForm(CommunityRecordForm):
    class Meta:
        model = models.SocialOrganization
        fields = ["community", "name", "kind", "credit_code", "venue_support", "funds_support", "contact"]


class StationedUnitForm(CommunityRecordForm):
    class Meta:
        model = models.StationedUnit
        fields = ["community", "name", "credit_code", "resources_shared", "contributions"]


class CoBuildingActivityForm(ScopedModelForm):
    class Meta:
        model = models.CoBuildingActivity
        fields = ["unit", "held_on", "title", "contribution"]


class GuidanceCommitteeForm(ScopedModelForm):
    class Meta:
        model = models.GuidanceCommittee
        fields = ["division", "name", "office"]


class GuidanceMemberForm(ScopedModelForm):
    class Meta:
        model = models.GuidanceMember
        fields = ["committee", "name", "position", "unit"]


class LeaderContactForm(CommunityRecordForm):
    class Meta:
        model = models.LeaderContact
        fields = ["community", "leader_name", "leader_position", "since"]
