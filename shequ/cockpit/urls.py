from django.urls import path

from shequ.cockpit.views import CheckDetailView, ComplianceView, HomeView
from shequ.core.registry import register_page

app_name = "cockpit"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("checks/", ComplianceView.as_view(), name="compliance"),
    path("checks/<slug:check_id>/<str:code>/", CheckDetailView.as_view(), name="check_detail"),
]
register_page("cockpit:home")
register_page("cockpit:compliance")  # any signed-in user: restricted to the jurisdiction inside
register_page("cockpit:check_detail")
