from django.urls import path

from shequ.core.compliance import CheckDetailView, ComplianceView
from shequ.core.imports import ImportJobView, ImportReportView, ImportTemplateView, ImportView
from shequ.core.pages import AccessLogViews, HomeView, ObjectChangeViews
from shequ.core.registry import register_page

app_name = "core"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    *ObjectChangeViews.urls("changes"),
    *AccessLogViews.urls("access-log"),
    path("checks/", ComplianceView.as_view(), name="compliance"),
    path("checks/<slug:check_id>/<str:code>/", CheckDetailView.as_view(), name="check_detail"),
    path("imports/<slug:kind>/", ImportView.as_view(), name="import"),
    path("imports/<slug:kind>/template/", ImportTemplateView.as_view(), name="import_template"),
    path("imports/jobs/<int:pk>/", ImportJobView.as_view(), name="import_job"),
    path("imports/jobs/<int:pk>/report/", ImportReportView.as_view(), name="import_report"),
]
register_page("core:home")
register_page("core:compliance")  # any signed-in user: restricted to the jurisdiction inside
register_page("core:check_detail")
for name in ("import", "import_template", "import_job", "import_report"):
    register_page(f"core:{name}")  # permission: the importer's own, checked in the view
