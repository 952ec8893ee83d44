"""OpenID Connect single sign-on (mozilla-django-oidc), configured by TILLIT_OIDC_* variables.

Claims → user: the user name is the claim TILLIT_OIDC_USERNAME_CLAIM (default
preferred_username, falling back to email, then sub); first/last name and e-mail are updated at
every login. Roles are not taken from the identity provider: an administrator grants them in
Tillit (docs/permissions.md), so a new SSO user starts as a reader.
"""

from __future__ import annotations

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


def username_from_claims(claims: dict) -> str:
    name = (
        claims.get(settings.TILLIT_OIDC_USERNAME_CLAIM)
        or claims.get("email")
        or claims.get("sub")
        or ""
    )
    return str(name).strip()[:150]


class TillitOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        username = username_from_claims(claims)
        if not username:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username__iexact=username, is_active=True)

    def verify_claims(self, claims):
        return bool(username_from_claims(claims))

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            username=username_from_claims(claims), email=claims.get("email", "")
        )
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.first_name = str(claims.get("given_name", user.first_name))[:150]
        user.last_name = str(claims.get("family_name", user.last_name))[:150]
        user.email = str(claims.get("email", user.email))[:254]
        user.save(update_fields=["first_name", "last_name", "email"])
        return user
