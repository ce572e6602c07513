from django.contrib.auth import views as auth_views
from django.urls import path

from shequ.accounts.views import AssignmentViews, LoginView, UserViews

app_name = "accounts"

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    *UserViews.urls("users"),
    *AssignmentViews.urls("assignments"),
]
