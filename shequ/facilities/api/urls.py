from rest_framework.routers import SimpleRouter

from shequ.facilities.api import views

router = SimpleRouter()
router.register("facilities", views.FacilityViewSet)
router.register("standards", views.FunctionStandardViewSet)
router.register("function-items", views.FunctionItemViewSet)
router.register("planning-projects", views.PlanningProjectViewSet)
router.register("upkeep-issues", views.UpkeepIssueViewSet)

app_name = "facilities-api"
urlpatterns = router.urls
