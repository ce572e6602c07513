from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from shequ.accounts.models import ApiToken

__all__ = ["HashedTokenAuthentication"]


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <token>`; tokens are looked up by their SHA-256 digest, never stored in clear."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key), revoked=False).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user, token
