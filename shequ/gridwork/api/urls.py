from rest_framework.routers import SimpleRouter

from shequ.gridwork.api import views

router = SimpleRouter()
router.register("workers", views.GridWorkerViewSet)
router.register("patrols", views.PatrolLogViewSet)

app_name = "gridwork-api"
urlpatterns = router.urls
