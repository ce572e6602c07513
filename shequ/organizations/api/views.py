from shequ.core.api.viewsets import BaseViewSet
from shequ.organizations import filtersets, models
from shequ.organizations.api import serializers

__all__ = [
    "BuildingHeadViewSet",
    "CoBuildingActivityViewSet",
    "CommitteeDecisionViewSet",
    "CommitteeMemberViewSet",
    "ElectionViewSet",
    "GuidanceCommitteeViewSet",
    "GuidanceMemberViewSet",
    "LeaderContactViewSet",
    "ParticipantViewSet",
    "PartyMemberViewSet",
    "PartyOrganizationViewSet",
    "ResidentGroupViewSet",
    "ResidentsCommitteeViewSet",
    "SocialOrganizationViewSet",
    "StationedUnitViewSet",
    "SubcommitteeViewSet",
]


class PartyOrganizationViewSet(BaseViewSet):
    queryset = models.PartyOrganization.objects.all()
    serializer_class = serializers.PartyOrganizationSerializer
    filterset_class = filtersets.PartyOrganizationFilterSet


class PartyMemberViewSet(BaseViewSet):
    queryset = models.PartyMember.objects.all()
    serializer_class = serializers.PartyMemberSerializer
    filterset_class = filtersets.PartyMemberFilterSet


class ResidentsCommitteeViewSet(BaseViewSet):
    queryset = models.ResidentsCommittee.objects.all()
    serializer_class = serializers.ResidentsCommitteeSerializer
    filterset_class = filtersets.ResidentsCommitteeFilterSet


class CommitteeMemberViewSet(BaseViewSet):
    queryset = models.CommitteeMember.objects.all()
    serializer_class = serializers.CommitteeMemberSerializer
    filterset_class = filtersets.CommitteeMemberFilterSet


class ElectionViewSet(BaseViewSet):
    queryset = models.Election.objects.all()
    serializer_class = serializers.ElectionSerializer
    filterset_class = filtersets.ElectionFilterSet


class SubcommitteeViewSet(BaseViewSet):
    queryset = models.Subcommittee.objects.all()
    serializer_class = serializers.SubcommitteeSerializer
    filterset_class = filtersets.SubcommitteeFilterSet


class CommitteeDecisionViewSet(BaseViewSet):
    queryset = models.CommitteeDecision.objects.all()
    serializer_class = serializers.CommitteeDecisionSerializer
    filterset_class = filtersets.CommitteeDecisionFilterSet


class ResidentGroupViewSet(BaseViewSet):
    queryset = models.ResidentGroup.objects.all()
    serializer_class = serializers.ResidentGroupSerializer
    filterset_class = filtersets.ResidentGroupFilterSet


class BuildingHeadViewSet(BaseViewSet):
    queryset = models.BuildingHead.objects.all()
    serializer_class = serializers.BuildingHeadSerializer
    filterset_class = filtersets.BuildingHeadFilterSet


class ParticipantViewSet(BaseViewSet):
    queryset = models.Participant.objects.all()
    serializer_class = serializers.ParticipantSerializer
    filterset_class = filtersets.ParticipantFilterSet


class SocialOrganizationViewSet(BaseViewSet):
    queryset = models.SocialOrganization.objects.all()
    serializer_class = serializers.SocialOrganizationSerializer
    filterset_class = filtersets.SocialOrganizationFilterSet


class StationedUnitViewSet(BaseViewSet):
    queryset = models.StationedUnit.objects.all()
    serializer_class = serializers.StationedUnitSerializer
    filterset_class = filtersets.StationedUnitFilterSet


class CoBuildingActivityViewSet(BaseViewSet):
    queryset = models.CoBuildingActivity.objects.all()
    serializer_class = serializers.CoBuildingActivitySerializer
    filterset_class = filtersets.CoBuildingActivityFilterSet


class GuidanceCommitteeViewSet(BaseViewSet):
    queryset = models.GuidanceCommittee.objects.all()
    serializer_class = serializers.GuidanceCommitteeSerializer
    filterset_class = filtersets.GuidanceCommitteeFilterSet


class GuidanceMemberViewSet(BaseViewSet):
    queryset = models.GuidanceMember.objects.all()
    serializer_class = serializers.GuidanceMemberSerializer
    filterset_class = filtersets.GuidanceMemberFilterSet


class LeaderContactViewSet(BaseViewSet):
    queryset = models.LeaderContact.objects.all()
    serializer_class = serializers.LeaderContactSerializer
    filterset_class = filtersets.LeaderContactFilterSet
