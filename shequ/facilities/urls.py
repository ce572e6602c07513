from django.urls import path

from shequ.core.registry import register_page
from shequ.facilities import views

app_name = "facilities"

urlpatterns = [
    *views.FacilityViews.urls("facilities"),
    *views.FunctionStandardViews.urls("standards"),
    *views.FunctionItemViews.urls("function-items"),
    *views.PlanningProjectViews.urls("planning-projects"),
    *views.UpkeepIssueViews.urls("upkeep-issues"),
    path("upkeep/", views.UpkeepRatesView.as_view(), name="upkeep_rates"),
]
register_page("facilities:upkeep_rates", "facilities.view_upkeepissue")
