"""API authentication: `Authorization: Bearer <token>`; tokens are stored hashed."""

from ninja.security import HttpBearer

from tillit.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


def optional_user(request):
    """Reads are public; a valid token only widens what a later permission layer may show."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = api_token_authenticate(header[7:].strip())
        if user is not None:
            return user
    return request.user
