import base64

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from shequ.accounts import services
from shequ.accounts.filtersets import UserFilterSet
from shequ.accounts.forms import LoginForm, OwnPasswordChangeForm, ResetPasswordForm, TokenForm
from shequ.accounts.models import Assignment, User
from shequ.accounts.tables import UserTable
from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.scope import scope_q
from shequ.core.views import ModelViews, ObjectDetailView

__all__ = [
    "AssignmentViews",
    "LoginView",
    "UserViews",
    "lockout_response",
    "otp_enrol",
    "otp_verify",
    "password_change",
    "password_reset",
    "user_reset_link",
    "user_unlock",
]


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
            "may_manage": manageable(self.request.user).filter(pk=obj.pk).exists(),
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


def _next_url(request, default="cockpit:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


@login_required
def password_change(request):
    """Every user's own password change (issue #12, IA-2); also where a forced or expired change lands."""
    user = request.user
    form = OwnPasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, user)
        log_access(AccessEvent.PERMISSION_CHANGE, user=user, obj=user, target=user.username, action="password_change")
        messages.success(request, _("Your password was changed."))
        return redirect(_next_url(request))
    if user.must_change_password:
        reason = _("You must choose a new password before you go on.")
    elif user.password_expired:
        reason = _("Your password has expired; choose a new one.")
    else:
        reason = ""
    return render(
        request,
        "accounts/password_form.html",
        {"form": form, "title": _("Change password"), "reason": reason, "next": request.GET.get("next", "")},
    )


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, omitsize=False)


@never_cache
@login_required
def otp_enrol(request):
    """Enrol a TOTP authenticator (issue #12, IA-1): scan the QR code (made here, no outside service), confirm."""
    user = request.user
    if django_otp.user_has_device(user, confirmed=True):
        messages.info(request, _("Two-factor authentication is already set up for your account."))
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            django_otp.login(request, device)
            log_access(AccessEvent.PERMISSION_CHANGE, user=user, obj=user, target=user.username, action="otp_enrol")
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(_next_url(request))
        form.add_error("token", _("The code is not valid. Check the time on your phone and try again."))
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode(),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
def otp_verify(request):
    """The second step of signing in for a user with a confirmed device (issue #12, IA-1)."""
    user = request.user
    if not django_otp.user_has_device(user, confirmed=True):
        return redirect(_next_url(request))
    if user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        log_access(AccessEvent.LOGIN_FAILED, user=user, success=False, step="otp")
        form.add_error("token", _("The code is not valid. Check the time on your phone and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


def manageable(admin):
    """Users whose password and lock `admin` may manage: every assignment inside the admin's scope for
    `accounts.change_user`, and operators only by operators (issue #12). Others are out of scope: 404."""
    users = User.objects.restrict(admin, "change")
    if admin.is_superuser:
        return users
    prefixes = admin.scope_prefixes("accounts.change_user")
    if not prefixes:
        return users.none()
    outside = Assignment.objects.exclude(scope_q(prefixes)).values("user_id")
    return users.filter(is_superuser=False).exclude(pk__in=outside)


@never_cache
@require_POST
@login_required
def user_reset_link(request, pk):
    """Generate a one-time password link for a user, shown once (issue #12, IA-2)."""
    user = get_object_or_404(manageable(request.user), pk=pk)
    raw = services.create_reset_link(acting_user=request.user, user=user)
    link = request.build_absolute_uri(reverse("accounts:password_reset", args=[raw]))
    hours = settings.SHEQU_PASSWORD_RESET_HOURS
    return render(request, "accounts/reset_link.html", {"object": user, "link": link, "hours": hours})


@require_POST
@login_required
def user_unlock(request, pk):
    """Clear a user's login lockout at once (issue #12, IA-3)."""
    user = get_object_or_404(manageable(request.user), pk=pk)
    services.unlock_user(acting_user=request.user, user=user)
    messages.success(request, _("The login lockout of {user} was cleared.").format(user=user.username))
    return redirect(user.get_absolute_url())


@never_cache
def password_reset(request, token):
    """Set a new password through a one-time link (issue #12, IA-2). Unknown, used and expired links are refused."""
    link = services.find_reset_link(token)
    if link is None:
        return render(request, "accounts/reset_invalid.html", status=404)
    form = ResetPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.use_reset_link(token, form):
            return render(request, "accounts/reset_invalid.html", status=404)
        messages.success(request, _("Your new password is set; sign in with it."))
        return redirect("accounts:login")
    return render(
        request,
        "accounts/password_form.html",
        {"form": form, "title": _("Set a new password"), "reason": "", "public": True, "username": link.user.username},
    )
