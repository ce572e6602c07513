from django.urls import path

from shequ.core.registry import register_page
from shequ.gridwork import views

app_name = "gridwork"

urlpatterns = [
    *views.GridWorkerViews.urls("workers"),
    *views.PatrolLogViews.urls("patrols"),
    path("incidents/new/", views.IncidentReportView.as_view(), name="incident_add"),
    path("patrols/now/", views.PatrolNowView.as_view(), name="patrol_now"),
]
register_page("gridwork:incident_add", "workorders.add_workorder")
register_page("gridwork:patrol_now", "gridwork.add_patrollog")
