from rest_framework.routers import SimpleRouter

from shequ.organizations.api import views

router = SimpleRouter()
router.register("party-organizations", views.PartyOrganizationViewSet)
router.register("party-members", views.PartyMemberViewSet)
router.register("committees", views.ResidentsCommitteeViewSet)
router.register("committee-members", views.CommitteeMemberViewSet)
router.register("elections", views.ElectionViewSet)
router.register("subcommittees", views.SubcommitteeViewSet)
router.register("decisions", views.CommitteeDecisionViewSet)
router.register("resident-groups", views.ResidentGroupViewSet)
router.register("building-heads", views.BuildingHeadViewSet)
router.register("participants", views.ParticipantViewSet)
router.register("social-organizations", views.SocialOrganizationViewSet)
router.register("stationed-units", views.StationedUnitViewSet)
router.register("co-building-activities", views.CoBuildingActivityViewSet)
router.register("contributions", views.ContributionViewSet)
router.register("guidance-committees", views.GuidanceCommitteeViewSet)
router.register("guidance-members", views.GuidanceMemberViewSet)
router.register("guidance-meetings", views.GuidanceMeetingViewSet)
router.register("guidance-decisions", views.GuidanceDecisionViewSet)
router.register("responsibility-chain", views.ResponsibilityAssignmentViewSet)
router.register("leader-contacts", views.LeaderContactViewSet)

app_name = "organizations-api"
urlpatterns = router.urls
