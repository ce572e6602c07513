from django.contrib.auth import views as auth_views
from django.shortcuts import render

from shequ.accounts.filtersets import AssignmentFilterSet, UserFilterSet
from shequ.accounts.forms import AssignmentForm, LoginForm
from shequ.accounts.models import Assignment, User
from shequ.accounts.tables import AssignmentTable, UserTable
from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.views import ModelViews, ObjectDetailView

__all__ = ["AssignmentViews", "LoginView", "UserViews", "lockout_response"]


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer for a locked account: the login page with the ordinary failure message (IA-3)."""
    form = LoginForm(request, data=request.POST or None)
    form.locked_out()
    return render(request, "accounts/login.html", {"form": form}, status=200)


class AssignmentViews(ModelViews):
    model = Assignment
    form = AssignmentForm
    filterset = AssignmentFilterSet
    table = AssignmentTable

    @classmethod
    def after_save(cls, instance, user, created):
        log_access(
            AccessEvent.PERMISSION_CHANGE,
            user=user,
            obj=instance,
            target=instance.user.username,
            role=instance.role,
            action="grant" if created else "update",
        )

    @classmethod
    def before_delete(cls, instance, user):
        log_access(
            AccessEvent.PERMISSION_CHANGE,
            user=user,
            obj=instance,
            target=instance.user.username,
            role=instance.role,
            action="revoke",
        )


class UserDetailView(ObjectDetailView):
    def extra_context(self, obj):
        return {
            "fields": [
                (User._meta.get_field(f).verbose_name, getattr(obj, f))
                for f in ("username", "full_name", "email", "is_active", "last_login", "date_joined")
            ],
            "assignments": Assignment.objects.restrict(self.request.user).filter(user=obj).select_related("division"),
        }


class UserViews(ModelViews):
    """Users are read here; they are created and changed through assignments and `manage.py grant`."""

    model = User
    filterset = UserFilterSet
    table = UserTable
    detail_view = UserDetailView
    kinds = ("list", "detail", "changes")
