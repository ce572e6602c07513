from django.urls import path

from shequ.core.registry import register_page
from shequ.regions.views import DivisionBrowserView, DivisionChildrenView, DivisionViews, GridViews

app_name = "regions"

urlpatterns = [
    path("", DivisionBrowserView.as_view(), name="browser"),
    path("tree/<int:pk>/", DivisionChildrenView.as_view(), name="tree_children"),
    *DivisionViews.urls("divisions"),
    *GridViews.urls("grids"),
]
register_page("regions:browser")
register_page("regions:tree_children")
