"""Writes of the API app: making and revoking tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from core.submissions import create_once

from .models import TOKEN_PREFIX, ApiToken, token_digest

# How long a token may live: a token for an integration is renewed at least once a year.
MAX_DAYS = 365


def _issue(*, user, name: str, days: int) -> tuple[ApiToken, str]:
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lives between 1 and 365 days.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name.strip(),
        hint=secret[:10],
        digest=token_digest(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, secret


def token_create(
    *, actor, name: str, days: int, submission_key: str = ""
) -> tuple[ApiToken, str | None]:
    """A new token for `actor`. Returns (token, secret): the secret exists only now and is
    never stored. A repeated submission (same key) returns the token already made and None:
    its secret was shown once and cannot be shown again."""
    access.require(actor, "api.token_manage")
    made: dict[str, str] = {}

    def create():
        token, made["secret"] = _issue(user=actor, name=name, days=days)
        return token

    token, created = create_once(actor=actor, key=submission_key, create=create)
    return token, (made.get("secret") if created else None)


def token_issue_for_service(*, user, name: str, days: int) -> tuple[ApiToken, str]:
    """A token for an integration's service account (the ERP), made by an administrator with
    `manage.py api_token_create`; service accounts have no pages to make their own."""
    return _issue(user=user, name=name, days=days)


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke at once: the very next request with this token is refused. Revoking twice keeps
    the first time."""
    access.require(actor, "api.token_manage")
    token = access.get_for_user(actor, ApiToken.objects.select_for_update(), pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
