from django.contrib.auth import views as auth_views
from django.urls import path

from shequ.accounts import views
from shequ.accounts.views import AssignmentViews, LoginView, UserViews
from shequ.core.registry import register_page

app_name = "accounts"

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/reset/<str:token>/", views.password_reset, name="password_reset"),
    path("two-factor/", views.otp_enrol, name="otp_enrol"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("users/<int:pk>/reset-link/", views.user_reset_link, name="user_reset_link"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    *UserViews.urls("users"),
    *AssignmentViews.urls("assignments"),
]

# Pages of every signed-in user (issue #12); the user actions check the scope of accounts.change_user themselves.
for _name in ("password_change", "otp_enrol", "otp_verify"):
    register_page(f"accounts:{_name}")
register_page("accounts:user_reset_link", "accounts.change_user")
register_page("accounts:user_unlock", "accounts.change_user")
