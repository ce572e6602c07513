from django.urls import path

from shequ.core.imports import ImportJobView, ImportMappingView, ImportReportView, ImportTemplateView, ImportView
from shequ.core.pages import AccessLogViews, ObjectChangeViews
from shequ.core.registry import register_page
from shequ.core.views import RestrictedReasonView

app_name = "core"

urlpatterns = [
    *ObjectChangeViews.urls("changes"),
    *AccessLogViews.urls("access-log"),
    path("imports/<str:kind>/", ImportView.as_view(), name="import"),
    path("imports/<str:kind>/template/", ImportTemplateView.as_view(), name="import_template"),
    path("imports/<str:kind>/mapping/<str:token>/", ImportMappingView.as_view(), name="import_mapping"),
    path("imports/jobs/<int:pk>/", ImportJobView.as_view(), name="import_job"),
    path("imports/jobs/<int:pk>/report/", ImportReportView.as_view(), name="import_report"),
    path("restricted/<str:label>/reason/", RestrictedReasonView.as_view(), name="restricted_reason"),
]
for name in ("import", "import_template", "import_mapping", "import_job", "import_report"):
    register_page(f"core:{name}")  # permission: the importer's own, checked in the view
register_page("core:restricted_reason")  # permission: the restricted register's own, checked in the view
