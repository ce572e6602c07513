from rest_framework.routers import SimpleRouter

from shequ.services.api import views

router = SimpleRouter()
router.register("items", views.ServiceItemViewSet)
router.register("cases", views.ServiceCaseViewSet)
router.register("allowance-reviews", views.AllowanceReviewViewSet)

app_name = "services-api"
urlpatterns = router.urls
