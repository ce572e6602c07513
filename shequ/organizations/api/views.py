"""The organizations API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.organizations import models

__all__ = [
    "BuildingHeadViewSet",
    "CoBuildingActivityViewSet",
    "CommitteeDecisionViewSet",
    "CommitteeMemberViewSet",
    "ContributionViewSet",
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


class PartyMemberViewSet(BaseViewSet):
    queryset = models.PartyMember.objects.all()


class ResidentsCommitteeViewSet(BaseViewSet):
    queryset = models.ResidentsCommittee.objects.all()


class CommitteeMemberViewSet(BaseViewSet):
    queryset = models.CommitteeMember.objects.all()


class ElectionViewSet(BaseViewSet):
    queryset = models.Election.objects.all()


class SubcommitteeViewSet(BaseViewSet):
    queryset = models.Subcommittee.objects.all()


class CommitteeDecisionViewSet(BaseViewSet):
    queryset = models.CommitteeDecision.objects.all()


class ResidentGroupViewSet(BaseViewSet):
    queryset = models.ResidentGroup.objects.all()


class BuildingHeadViewSet(BaseViewSet):
    queryset = models.BuildingHead.objects.all()


class ParticipantViewSet(BaseViewSet):
    queryset = models.Participant.objects.all()


class SocialOrganizationViewSet(BaseViewSet):
    queryset = models.SocialOrganization.objects.all()


class StationedUnitViewSet(BaseViewSet):
    queryset = models.StationedUnit.objects.all()


class CoBuildingActivityViewSet(BaseViewSet):
    queryset = models.CoBuildingActivity.objects.all()


class GuidanceCommitteeViewSet(BaseViewSet):
    queryset = models.GuidanceCommittee.objects.all()


class GuidanceMemberViewSet(BaseViewSet):
    queryset = models.GuidanceMember.objects.all()


class LeaderContactViewSet(BaseViewSet):
    queryset = models.LeaderContact.objects.all()


class GuidanceMeetingViewSet(BaseViewSet):
    queryset = models.GuidanceMeeting.objects.select_related("committee")


class GuidanceDecisionViewSet(BaseViewSet):
    queryset = models.GuidanceDecision.objects.select_related("meeting")


class ResponsibilityAssignmentViewSet(BaseViewSet):
    queryset = models.ResponsibilityAssignment.objects.select_related("division")


class ContributionViewSet(BaseViewSet):
    queryset = models.Contribution.objects.select_related("community", "unit", "social_organization", "activity")
