"""Reads of the API app."""

from __future__ import annotations

import access

from .models import ApiToken


def token_list(*, user):
    return access.visible(user, ApiToken).order_by("-created_at", "-pk")


def token_get_for_user(*, user, pk) -> ApiToken:
    return access.get_for_user(user, ApiToken, pk=pk)
