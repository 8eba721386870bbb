"""Signing in to the API with a personal token: `Authorization: Bearer mo_…`.

Each request looks the token up by its digest (one indexed query), so a revoked or expired
token is refused on the very next request; there is no cache to wait for."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken, token_digest

# last_used_at is written at most once a minute per token, so a busy integration does not turn
# every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after “Bearer”."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        return self.authenticate_credentials(secret)

    def authenticate_credentials(self, secret: str):
        token = (
            ApiToken.objects.select_related("user", "user__region")
            .filter(digest=token_digest(secret))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        # A 401 (not a 403) for a request without credentials, so clients know to sign in.
        return f'{self.keyword} realm="api"'
