from shequ.onestop import views

app_name = "onestop"

urlpatterns = [
    *views.ServiceItemViews.urls("items"),
    *views.ServiceCaseViews.urls("cases"),
    *views.AllowanceReviewViews.urls("allowance-reviews"),
]
