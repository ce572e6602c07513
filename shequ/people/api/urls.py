from rest_framework.routers import SimpleRouter

from shequ.people.api import views

router = SimpleRouter()
router.register("households", views.HouseholdViewSet)
router.register("residents", views.ResidentViewSet)
router.register("floating", views.FloatingRecordViewSet)
router.register("care", views.CareRecordViewSet)
router.register("moves", views.ResidentMoveViewSet)

app_name = "people-api"
urlpatterns = router.urls
