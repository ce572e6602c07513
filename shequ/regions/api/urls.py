from rest_framework.routers import SimpleRouter

from shequ.regions.api.views import DivisionViewSet, GridViewSet

router = SimpleRouter()
router.register("divisions", DivisionViewSet)
router.register("grids", GridViewSet)

app_name = "regions-api"
urlpatterns = router.urls
