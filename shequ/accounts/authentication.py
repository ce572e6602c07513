from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from shequ.accounts.models import ApiToken

__all__ = ["LAST_USED_RESOLUTION", "HashedTokenAuthentication"]

LAST_USED_RESOLUTION = timedelta(minutes=1)


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <token>`; tokens are looked up by their SHA-256 digest, never stored in clear."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key), revoked=False).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        # To the minute: a write per request would also hold the token's row lock for the whole request
        # transaction (ATOMIC_REQUESTS), queueing every concurrent request of one client behind it.
        if token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token
