from django.urls import path

from shequ.cockpit.api.views import CheckDetailApiView, ComplianceApiView

app_name = "checks-api"

urlpatterns = [
    path("", ComplianceApiView.as_view(), name="compliance"),
    path("<slug:check_id>/<str:code>/", CheckDetailApiView.as_view(), name="detail"),
]
