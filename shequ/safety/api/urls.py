from django.urls import path
from rest_framework.routers import SimpleRouter

from shequ.safety.api import platform, views

router = SimpleRouter()
router.register("police-rooms", views.PoliceRoomViewSet)
router.register("police-officers", views.PoliceOfficerViewSet)
router.register("defence-teams", views.JointDefenceTeamViewSet)
router.register("defence-members", views.JointDefenceMemberViewSet)
router.register("patrol-areas", views.PatrolAreaViewSet)
router.register("patrols", views.PatrolRecordViewSet)
router.register("devices", views.SurveillanceDeviceViewSet)
router.register("device-reports", views.DeviceStatusReportViewSet)
router.register("disputes", views.DisputeCaseViewSet)
router.register("dispute-parties", views.DisputePartyViewSet)
router.register("fire-inspections", views.FireInspectionViewSet)
router.register("activities", views.SafetyActivityViewSet)
router.register("help-education", views.HelpEducationCaseViewSet)
router.register("help-groups", views.HelpGroupMemberViewSet)
router.register("help-visits", views.HelpVisitViewSet)

app_name = "safety-api"
urlpatterns = [
    path("platform/device-status/<str:code>/", platform.PlatformStatusView.as_view(), name="platform-status"),
    *router.urls,
]
