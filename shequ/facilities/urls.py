from django.urls import path

from shequ.core.registry import register_page
from shequ.facilities import models, views

app_name = "facilities"

urlpatterns = [
    *views.FacilityViews.urls("facilities"),
    *views.FunctionStandardViews.urls("standards"),
    *views.FunctionItemViews.urls("function-items"),
    *views.PlanningProjectViews.urls("planning-projects"),
    *views.UpkeepIssueViews.urls("upkeep-issues"),
    path("upkeep/", views.UpkeepRatesView.as_view(), name="upkeep_rates"),
    path("facility-photos/<int:pk>/", views.FacilityPhotoView.as_view(model=models.Facility), name="photo"),
]
register_page("facilities:upkeep_rates", "facilities.view_upkeepissue")
register_page("facilities:photo", "facilities.view_facility")
