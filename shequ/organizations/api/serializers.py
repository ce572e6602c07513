from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.organizations import models

__all__ = [
    "BuildingHeadSerializer",
    "CommitteeMemberSerializer",
    "GuidanceCommitteeSerializer",
    "ParticipantSerializer",
    "PartyOrganizationSerializer",
    "ResidentGroupSerializer",
]

# The registers whose API differs from what their declaration derives: a party organisation and a guidance
# committee name their division by its id (not its 12-digit code); the others also link a person to the resident
# register (`resident`, a group's `leader`), which the page and the import do not.


class PartyOrganizationSerializer(ScopedModelSerializer):
    class Meta:
        model = models.PartyOrganization
        fields = ["id", "division", "parent", "kind", "name", "co_building", "division_code"]
        read_only_fields = ["division_code"]


class CommitteeMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = models.CommitteeMember
        fields = ["id", "committee", "name", "position", "party_member", "full_time", "resident", "division_code"]
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


class GuidanceCommitteeSerializer(ScopedModelSerializer):
    class Meta:
        model = models.GuidanceCommittee
        fields = ["id", "division", "name", "office", "division_code"]
        read_only_fields = ["division_code"]
