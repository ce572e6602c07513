"""Access-log receivers for authentication events (AU-1): logins, failures, lockouts, logouts."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from shequ.accounts.middleware import SIGNED_IN_KEY
from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    log_access(AccessEvent.LOGIN, user=user)
    if request is not None and hasattr(request, "session"):
        # The absolute session limit counts from here (accounts.middleware; issue #12, IA-6).
        request.session[SIGNED_IN_KEY] = int(time.time())


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        log_access(AccessEvent.LOGOUT, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    log_access(AccessEvent.LOGIN_FAILED, username=(credentials.get("username") or "")[:150], success=False)


@receiver(user_locked_out)
def on_lockout(sender, request, username, ip_address, **kwargs):
    log_access(AccessEvent.LOCKOUT, username=(username or "")[:150], success=False)
