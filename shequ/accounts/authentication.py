"""API token authentication (issue #2, IA-4) with the caller kept in each process between requests (issue #5).

A token's user and the user's assignments are read from the database on the token's first use in a process and
kept (`CALLERS`): the hotline's intake takes hundreds of requests a second from a few clients, and reading them
again was a quarter of each request. Every request still compares the shared token of `CALLERS` (one shared-cache
read), which saving or deleting any user, assignment or API token replaces — at once and again after the commit —
so a deactivated user, a revoked token or a withdrawn role stops the very next request in every process (AC-6).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from shequ.accounts.models import ApiToken, Assignment, User
from shequ.core.refcache import ReferenceCache

__all__ = ["CALLERS", "LAST_USED_RESOLUTION", "HashedTokenAuthentication"]

LAST_USED_RESOLUTION = timedelta(minutes=1)
USER_FIELDS = tuple(f.attname for f in User._meta.concrete_fields)


def _login_only(update_fields=None, **kwargs) -> bool:
    """A login writes `last_login` and nothing a token's caller depends on."""
    return update_fields is not None and set(update_fields) <= {"last_login"}


CALLERS = ReferenceCache("api-callers", User, Assignment, ApiToken, check_every=0, ignore=_login_only)


@dataclass
class Caller:
    """What a token stands for, as read once: the token's row, the user's row and the user's (role, code) pairs."""

    token: tuple
    user: tuple
    assignments: tuple[tuple[str, str], ...]
    last_used: datetime | None = None  # written back at most once a minute

    @classmethod
    def read(cls, digest: str) -> "Caller":
        token = ApiToken.objects.select_related("user").filter(digest=digest, revoked=False).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return cls(
            token=(token.pk, token.user_id, token.name, token.digest, token.created),
            user=tuple(getattr(token.user, name) for name in USER_FIELDS),
            assignments=tuple(token.user.assignments.values_list("role", "division_code")),
            last_used=token.last_used,
        )

    def instances(self) -> tuple[User, ApiToken]:
        """Fresh model instances for one request: nothing a request caches on its user outlives it."""
        user = User.from_db("default", USER_FIELDS, self.user)
        user._assignment_cache = list(self.assignments)
        pk, user_id, name, digest, created = self.token
        token = ApiToken(pk=pk, user_id=user_id, name=name, digest=digest, created=created, last_used=self.last_used)
        token._state.adding = False
        return user, token


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <token>`; tokens are looked up by their SHA-256 digest, never stored in clear."""

    def authenticate_credentials(self, key):
        digest = ApiToken.digest_of(key)
        caller = CALLERS.get(digest, lambda: Caller.read(digest))  # an unknown token raises: nothing is kept
        now = timezone.now()
        # To the minute: a write per request would also hold the token's row lock for the whole request
        # transaction (ATOMIC_REQUESTS), queueing every concurrent request of one client behind it.
        if caller.last_used is None or now - caller.last_used >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=caller.token[0]).update(last_used=now)
            caller.last_used = now
        return caller.instances()
