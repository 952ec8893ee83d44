"""Writes for accounts: API tokens and roles."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext

from tillit.core.errors import NotFound

from .models import ApiToken, Role, RoleKind, hash_token

TOKEN_PREFIX = "tillit_"


def api_token_create(
    *, username: str, name: str = "", expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for a user. Returns the row and the raw token, which is shown once only."""
    User = get_user_model()
    try:
        user = User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise NotFound(
            gettext("Det finns ingen aktiv användare med namnet %(username)s.")
            % {"username": repr(username)}
        ) from None
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 4],
        key_hash=hash_token(raw),
        expires_at=expires_at,
    )
    return token, raw


def api_token_authenticate(raw: str):
    """The user a raw token belongs to, or None when it is unknown, expired or revoked."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.usable().select_related("user").filter(key_hash=hash_token(raw)).first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def role_grant(*, user, municipality, kind: str, body=None, office=None) -> Role:
    if kind not in RoleKind.values:
        raise ValueError(f"unknown role {kind}")
    role, _ = Role.objects.get_or_create(
        user=user, municipality=municipality, kind=kind, body=body, office=office
    )
    return role
