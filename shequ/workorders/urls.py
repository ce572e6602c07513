from django.urls import path

from shequ.core.registry import register_page
from shequ.workorders import models, views
from shequ.workorders.supervision import StatisticsView, SupervisionView

app_name = "workorders"

urlpatterns = [
    *views.WorkOrderViews.urls("orders"),
    *views.CategoryViews.urls("categories"),
    *views.HandlingUnitViews.urls("units"),
    *views.RoutingRuleViews.urls("routing"),
    path("photos/<int:pk>/", views.PhotoView.as_view(model=models.WorkOrder), name="photo"),
    path("supervision/", SupervisionView.as_view(), name="supervision"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("publication/", views.PublicationReviewView.as_view(), name="publication"),
]
register_page("workorders:photo", "workorders.view_workorder")
register_page("workorders:supervision", "workorders.view_workorder")
register_page("workorders:statistics", "workorders.view_workorder")
register_page("workorders:publication", "workorders.change_workorder")
