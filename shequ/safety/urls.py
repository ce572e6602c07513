from shequ.safety import views

app_name = "safety"

urlpatterns = [
    *views.PoliceRoomViews.urls("police-rooms"),
    *views.PoliceOfficerViews.urls("police-officers"),
    *views.JointDefenceTeamViews.urls("defence-teams"),
    *views.JointDefenceMemberViews.urls("defence-members"),
    *views.PatrolAreaViews.urls("patrol-areas"),
    *views.PatrolRecordViews.urls("patrols"),
    *views.SurveillanceDeviceViews.urls("devices"),
    *views.DeviceStatusReportViews.urls("device-reports"),
    *views.DisputeCaseViews.urls("disputes"),
    *views.DisputePartyViews.urls("dispute-parties"),
    *views.FireInspectionViews.urls("fire-inspections"),
    *views.SafetyActivityViews.urls("activities"),
    *views.HelpEducationCaseViews.urls("help-education"),
    *views.HelpGroupMemberViews.urls("help-groups"),
    *views.HelpVisitViews.urls("help-visits"),
]
