from rest_framework.routers import SimpleRouter

from shequ.volunteers.api import views

router = SimpleRouter()
router.register("volunteers", views.VolunteerViewSet)
router.register("teams", views.VolunteerTeamViewSet)
router.register("activities", views.VolunteerActivityViewSet)
router.register("service-records", views.ServiceRecordViewSet)

app_name = "volunteers-api"
urlpatterns = router.urls
