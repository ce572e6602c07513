from rest_framework.routers import SimpleRouter

from shequ.admission.api import views

router = SimpleRouter()
router.register("items", views.AdmittedItemViewSet)
router.register("requests", views.CommunityRequestViewSet)
router.register("targets", views.DepartmentTargetViewSet)
router.register("service-points", views.ServicePointViewSet)

app_name = "admission-api"
urlpatterns = router.urls
