from django.urls import path

from shequ.core.registry import register_page
from shequ.workorders import views
from shequ.workorders.supervision import StatisticsView, SupervisionView

app_name = "workorders"

urlpatterns = [
    *views.WorkOrderViews.urls("orders"),
    *views.CategoryViews.urls("categories"),
    *views.HandlingUnitViews.urls("units"),
    *views.RoutingRuleViews.urls("routing"),
    path("supervision/", SupervisionView.as_view(), name="supervision"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
]
register_page("workorders:supervision", "workorders.view_workorder")
register_page("workorders:statistics", "workorders.view_workorder")
