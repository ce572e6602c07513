from shequ.facilities import views

app_name = "facilities"

urlpatterns = [
    *views.FacilityViews.urls("facilities"),
    *views.FunctionStandardViews.urls("standards"),
    *views.FunctionItemViews.urls("function-items"),
    *views.PlanningProjectViews.urls("planning-projects"),
    *views.UpkeepIssueViews.urls("upkeep-issues"),
]
