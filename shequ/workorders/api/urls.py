from rest_framework.routers import SimpleRouter

from shequ.workorders.api import views

router = SimpleRouter()
router.register("orders", views.WorkOrderViewSet)
router.register("categories", views.CategoryViewSet)
router.register("units", views.HandlingUnitViewSet)
router.register("routing", views.RoutingRuleViewSet)

app_name = "workorders-api"
urlpatterns = router.urls
