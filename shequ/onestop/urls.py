from shequ.services import views

app_name = "services"

urlpatterns = [
    *views.ServiceItemViews.urls("items"),
    *views.ServiceCaseViews.urls("cases"),
    *views.AllowanceReviewViews.urls("allowance-reviews"),
]
