from shequ.places.views import BuildingViews, DwellingViews, RentalViews, ResidentialAreaViews

app_name = "places"

urlpatterns = [
    *ResidentialAreaViews.urls("areas"),
    *BuildingViews.urls("buildings"),
    *DwellingViews.urls("dwellings"),
    *RentalViews.urls("rentals"),
]
