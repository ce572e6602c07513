from rest_framework.routers import SimpleRouter

from shequ.places.api import views

router = SimpleRouter()
router.register("areas", views.ResidentialAreaViewSet)
router.register("buildings", views.BuildingViewSet)
router.register("dwellings", views.DwellingViewSet)
router.register("rentals", views.RentalViewSet)

app_name = "places-api"
urlpatterns = router.urls
