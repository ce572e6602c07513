from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.organizations import models

__all__ = [
    "BuildingHeadSerializer",
    "CoBuildingActivitySerializer",
    "CommitteeDecisionSerializer",
    "CommitteeMemberSerializer",
    "ElectionSerializer",
    "GuidanceCommitteeSerializer",
    "GuidanceMemberSerializer",
    "LeaderContactSerializer",
    "ParticipantSerializer",
    "PartyMemberSerializer",
    "PartyOrganizationSerializer",
    "ResidentGroupSerializer",
    "ResidentsCommitteeSerializer",
    "SocialOrganizationSerializer",
    "StationedUnitSerializer",
    "SubcommitteeSerializer",
]


class PartyOrganizationSerializer(ScopedModelSerializer):
    class Meta:
        model = models.PartyOrganization
        fields = ["id", "division", "parent", "kind", "name", "co_building", "division_code"]
        read_only_fields = ["division_code"]


class PartyMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = models.PartyMember
        fields = ["id", "organization", "name", "role", "joined_on", "division_code"]
        read_only_fields = ["division_code"]


class ResidentsCommitteeSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.ResidentsCommittee
        fields = ["id", "community", "term_number", "term_start", "term_end", "division_code"]
        read_only_fields = ["division_code"]


class CommitteeMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = models.CommitteeMember
        fields = ["id", "committee", "name", "position", "party_member", "full_time", "resident", "division_code"]
        read_only_fields = ["division_code"]


class ElectionSerializer(ScopedModelSerializer):
    class Meta:
        model = models.Election
        fields = ["id", "committee", "held_on", "electorate", "votes_cast", "result", "division_code"]
        read_only_fields = ["division_code"]


class SubcommitteeSerializer(ScopedModelSerializer):
    class Meta:
        model = models.Subcommittee
        fields = ["id", "committee", "kind", "members", "division_code"]
        read_only_fields = ["division_code"]


class CommitteeDecisionSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.CommitteeDecision
        fields = ["id", "community", "kind", "document_number", "decided_on", "filed_on", "note", "division_code"]
        read_only_fields = ["division_code"]


class ResidentGroupSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.ResidentGroup
        fields = ["id", "community", "grid", "name", "leader_name", "households", "leader", "division_code"]
        read_only_fields = ["division_code"]


class BuildingHeadSerializer(ScopedModelSerializer):
    class Meta:
        model = models.BuildingHead
        fields = ["id", "building", "name", "since", "resident", "division_code"]
        read_only_fields = ["division_code"]


class ParticipantSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.Participant
        fields = ["id", "community", "kind", "name", "note", "resident", "division_code"]
        read_only_fields = ["division_code"]


class SocialOrganizationSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.SocialOrganization
        fields = [
            "id",
            "community",
            "name",
            "kind",
            "credit_code",
            "venue_support",
            "funds_support",
            "contact",
            "division_code",
        ]
        read_only_fields = ["division_code"]


class StationedUnitSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.StationedUnit
        fields = ["id", "community", "name", "credit_code", "resources_shared", "contributions", "division_code"]
        read_only_fields = ["division_code"]


class CoBuildingActivitySerializer(ScopedModelSerializer):
    class Meta:
        model = models.CoBuildingActivity
        fields = ["id", "unit", "held_on", "title", "contribution", "division_code"]
        read_only_fields = ["division_code"]


class GuidanceCommitteeSerializer(ScopedModelSerializer):
    class Meta:
        model = models.GuidanceCommittee
        fields = ["id", "division", "name", "office", "division_code"]
        read_only_fields = ["division_code"]


class GuidanceMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = models.GuidanceMember
        fields = ["id", "committee", "name", "position", "unit", "division_code"]
        read_only_fields = ["division_code"]


class LeaderContactSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.LeaderContact
        fields = ["id", "community", "leader_name", "leader_position", "since", "division_code"]
        read_only_fields = ["division_code"]
