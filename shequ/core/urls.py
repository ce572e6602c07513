from django.urls import path

from shequ.core.pages import AccessLogViews, HomeView, ObjectChangeViews
from shequ.core.registry import register_page

app_name = "core"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    *ObjectChangeViews.urls("changes"),
    *AccessLogViews.urls("access-log"),
]
register_page("core:home")
