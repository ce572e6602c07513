from django.urls import path

from shequ.core.registry import register_page
from shequ.organizations import views

app_name = "organizations"

urlpatterns = [
    *views.PartyOrganizationViews.urls("party-organizations"),
    *views.PartyMemberViews.urls("party-members"),
    *views.ResidentsCommitteeViews.urls("committees"),
    *views.CommitteeMemberViews.urls("committee-members"),
    *views.ElectionViews.urls("elections"),
    *views.SubcommitteeViews.urls("subcommittees"),
    *views.CommitteeDecisionViews.urls("decisions"),
    *views.ResidentGroupViews.urls("resident-groups"),
    *views.BuildingHeadViews.urls("building-heads"),
    *views.ParticipantViews.urls("participants"),
    *views.SocialOrganizationViews.urls("social-organizations"),
    *views.StationedUnitViews.urls("stationed-units"),
    *views.CoBuildingActivityViews.urls("co-building-activities"),
    path("contributions/summary/", views.ContributionSummaryView.as_view(), name="contribution_summary"),
    *views.ContributionViews.urls("contributions"),
    *views.GuidanceCommitteeViews.urls("guidance-committees"),
    *views.GuidanceMemberViews.urls("guidance-members"),
    *views.GuidanceMeetingViews.urls("guidance-meetings"),
    *views.GuidanceDecisionViews.urls("guidance-decisions"),
    *views.ResponsibilityAssignmentViews.urls("responsibility-chain"),
    *views.LeaderContactViews.urls("leader-contacts"),
]
register_page("organizations:contribution_summary", "organizations.view_contribution")
