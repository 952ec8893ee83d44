"""API rate limits: anonymous clients per IP (TILLIT_API_ANON_RATE, default 120/min), clients
with a valid Bearer token per token (TILLIT_API_AUTH_RATE, default 1200/min). Rates are read from
settings on every request so an operator's change (or a test's override) applies at once.
Counting uses Django's cache (per process with the default local-memory cache; configure a
shared cache such as Redis or the database cache for several workers)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from ninja.throttling import SimpleRateThrottle


class TillitApiThrottle(SimpleRateThrottle):
    scope = "tillit"

    def __init__(self):
        # The rate is chosen per request; parse the anonymous one so the base class is content.
        super().__init__(rate=settings.TILLIT_API_ANON_RATE)

    def allow_request(self, request) -> bool:
        token = _bearer(request)
        if token:
            from tillit.accounts.services import api_token_authenticate

            if api_token_authenticate(token) is not None:
                self.rate = settings.TILLIT_API_AUTH_RATE
                self._ident = "auth_" + hashlib.sha256(token.encode()).hexdigest()[:32]
            else:
                token = ""
        if not token:
            self.rate = settings.TILLIT_API_ANON_RATE
            self._ident = "anon_" + (self.get_ident(request) or "unknown")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self._ident}


def _bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else ""
