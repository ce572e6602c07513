"""The signed-in session's account rules, enforced before any page (issue #12; IA-1, IA-2, IA-6).

`AccountPolicyMiddleware` runs after django-otp's `OTPMiddleware` (which tells whether the session passed a second
factor) and the message middleware. For a user signed in through the session it applies, in this order:

1. **Idle timeout** (`SHEQU_IDLE_TIMEOUT_MINUTES`, default 30; 0 = off): a session idle longer than that is logged
   out (access-logged as a logout). The last activity is stored at most once a minute, so that reading pages does
   not write the session on every request. Because saving a session renews its expiry, the absolute limit
   (`SESSION_COOKIE_AGE`, 12 hours) is enforced here too, from the sign-in time the login receiver stores.
2. **Second factor**: a user with a confirmed TOTP device whose session is not verified may open only the
   verification page (and log out).
3. **Enrolment**: a user whose role requires a second factor (`roles.TWO_FACTOR_ROLES`, and operators with
   `is_superuser`) and who has no device may open only the enrolment page, when `SHEQU_REQUIRE_2FA` is on (it is
   always on in production; the test settings switch it off for the suites that sign in with `force_login`).
4. **Password change**: a user who must change the password (first login, a password set by an administrator) or
   whose password expired (`SHEQU_PASSWORD_MAX_AGE_DAYS`) may open only the password-change page.

Pages are redirected there (with `next`); session-authenticated API requests are answered 403 in JSON. API calls
authenticated by a token carry no session user here and are unchanged (tokens are issued to trusted clients).
"""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from shequ.accounts.roles import TWO_FACTOR_ROLES

__all__ = ["LAST_SEEN_KEY", "SIGNED_IN_KEY", "AccountPolicyMiddleware", "requires_two_factor"]

LAST_SEEN_KEY = "shequ_last_seen"
SIGNED_IN_KEY = "shequ_signed_in"
LAST_SEEN_RESOLUTION = 60  # seconds


def requires_two_factor(user) -> bool:
    """Whether `user` must sign in with a second factor (IA-1): administrators, auditors and operators."""
    if not settings.SHEQU_REQUIRE_2FA:
        return False
    return user.is_superuser or bool(user.roles & TWO_FACTOR_ROLES)


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.enforce(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def enforce(self, request, user):
        ended = self.session_ended(request)
        if ended:
            logout(request)
            messages.info(request, ended)
            return None  # the request goes on as anonymous: pages send it to the login page, the API answers 401/403
        if user_has_device(user, confirmed=True):
            if not user.is_verified():
                return self.only(request, "accounts:otp_verify")
        elif requires_two_factor(user):
            return self.only(request, "accounts:otp_enrol")
        if user.must_change_password or user.password_expired:
            return self.only(request, "accounts:password_change", "accounts:otp_enrol")
        return None

    def session_ended(self, request) -> str:
        """Why the session ends now (idle too long, or older than the absolute limit), or "" if it goes on."""
        session = getattr(request, "session", None)
        if session is None:
            return ""
        now = int(time.time())
        signed_in = session.setdefault(SIGNED_IN_KEY, now)
        if now - signed_in > settings.SESSION_COOKIE_AGE:
            return _("Your session has reached its maximum length; sign in again.")
        minutes = settings.SHEQU_IDLE_TIMEOUT_MINUTES
        if not minutes:
            return ""
        # The last activity is kept in the cache, not the session: saving the session would make a page view write
        # to the database, and on SQLite wait behind an import's write lock (issue #12). Kept as long as a session
        # may live; a session whose entry is gone is past the absolute limit above.
        key = f"{LAST_SEEN_KEY}:{session.session_key}"
        last_seen = cache.get(key)
        if last_seen is not None and now - last_seen > minutes * 60:
            cache.delete(key)
            return _("You were signed out after a period of inactivity.")
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            cache.set(key, now, timeout=settings.SESSION_COOKIE_AGE)
        return ""

    @staticmethod
    def only(request, *url_names):
        """Let the request through if it is for one of `url_names` (or logging out); else send it to the first."""
        allowed = {reverse(name) for name in (*url_names, "accounts:logout", "set_language")}
        if request.path_info in allowed:
            return None
        target = reverse(url_names[0])
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Complete the sign-in at %(url)s first.") % {"url": target}}, status=403)
        if request.method in ("GET", "HEAD"):
            target += "?next=" + quote(request.get_full_path())
        return redirect(target)
