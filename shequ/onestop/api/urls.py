from rest_framework.routers import SimpleRouter

from shequ.onestop.api import views

router = SimpleRouter()
router.register("items", views.ServiceItemViewSet)
router.register("cases", views.ServiceCaseViewSet)
router.register("allowance-reviews", views.AllowanceReviewViewSet)

app_name = "onestop-api"
urlpatterns = router.urls
