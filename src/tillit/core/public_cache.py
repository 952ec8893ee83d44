"""Whole-page cache for anonymous readers of public pages (issue 9, docs/performance.md).

A national installation serves many citizens reading the same public pages (assignment lists,
assignment pages, the barometer). Rendering one of those costs 50-100 ms of CPU; a cached copy
costs about a millisecond. ``PUBLIC_CACHE_SECONDS`` (``TILLIT_PUBLIC_CACHE_SECONDS``; 0 = off,
the default outside production) sets how long an anonymous visitor's page may be reused.

Only the plainest requests and responses are cached, so nobody ever sees another person's page
or a stale page of their own:

* GET/HEAD by a visitor who sends no cookies but the CSRF and language cookies (so **no
  session**: never a signed-in user), no ``Authorization`` header and no HTMX headers, outside
  ``/api/``, ``/admin/`` and ``/konto/``;
* responses with status 200, an HTML content type, no cookies set, no ``Cache-Control:
  private/no-store/no-cache``, where the view did not store anything in the session.

Every page carries a CSRF token (the language form, HTMX headers). The cached copy never shares
one: the token is cut out when the page is stored and every hit gets a token of its own
(``get_token``: masked from the visitor's own CSRF cookie, or a new one whose cookie the CSRF
middleware sets, as for a rendered page). A page
whose token cannot be found is not cached.

The key is the language, host and full path (with the query string). When a stored page's
period is over, the first request renders it again while the others get the stored copy until
the new one is stored (no stampede of identical renders on a busy page), so a page may be the
period plus one render old. Logged-in users, and
everyone right after they log in or post a form, always get a freshly rendered page. The cache
is the ``public_pages`` cache when ``CACHES`` has one (production: files under ``var/``, shared
by the server's worker processes), else Django's default cache.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_response_headers

try:  # Django's own unmasking (4.1+); without it nothing with a token is cached
    from django.middleware.csrf import _unmask_cipher_token
except ImportError:  # pragma: no cover
    _unmask_cipher_token = None

SKIP_PREFIXES = ("/api/", "/admin/", "/konto/", "/static/")
_NO_STORE = ("private", "no-store", "no-cache")
_TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
PLACEHOLDER = b"\x00tillit-csrf\x00"
# A page past its period is kept this much longer, for the requests that arrive while one of
# them renders it again; that render holds a lock for at most REFRESH_LOCK_SECONDS.
STALE_SECONDS = 60
REFRESH_LOCK_SECONDS = 30
_KEEP_HEADERS = ("Content-Type", "Content-Language", "Content-Security-Policy")


def _key(request) -> str:
    raw = f"{getattr(request, 'LANGUAGE_CODE', '')}|{request.get_host()}|{request.get_full_path()}"
    return "tillit.publicpage." + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
        and not request.path.startswith(SKIP_PREFIXES)
    )


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in _NO_STORE):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False  # the view stored something for this visitor (a cookie will follow)
    user = getattr(request, "user", None)
    return not getattr(user, "is_authenticated", False)


def _without_token(request, content: bytes) -> bytes | None:
    """The page with this request's CSRF token(s) replaced by PLACEHOLDER; None when a token
    was handed out but cannot be found (then the page is not cached)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content
    if _unmask_cipher_token is None:
        return None
    found = {
        m for m in set(_TOKEN_RE.findall(content)) if _unmask_cipher_token(m.decode()) == secret
    }
    if not found:
        return None
    for token in found:
        content = content.replace(token, PLACEHOLDER)
    return content


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PUBLIC_CACHE_SECONDS", 0)
        if seconds <= 0 or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        cache = caches["public_pages" if "public_pages" in settings.CACHES else "default"]
        cached = cache.get(key)
        refreshing = False
        if cached is not None and len(cached) == 3:
            content, headers, fresh_until = cached
            # Past its period one request re-renders the page while the others keep getting
            # the stored copy: no stampede of identical renders when a busy page expires.
            if time.time() < fresh_until:
                return _from_cache(request, content, headers, "hit")
            refreshing = cache.add(key + ".refresh", 1, timeout=REFRESH_LOCK_SECONDS)
            if not refreshing:
                return _from_cache(request, content, headers, "stale")
        response = self.get_response(request)
        if _cacheable_response(request, response):
            content = _without_token(request, response.content)
            if content is not None:
                patch_response_headers(response, seconds)
                headers = [
                    (h, response.get(h)) for h in (*_KEEP_HEADERS, "Expires", "Cache-Control")
                ]
                entry = (content, [(h, v) for h, v in headers if v], time.time() + seconds)
                cache.set(key, entry, seconds + STALE_SECONDS)
                response["X-Tillit-Cache"] = "miss"
        if refreshing:
            cache.delete(key + ".refresh")
        return response


def _from_cache(request, content: bytes, headers, state: str) -> HttpResponse:
    if PLACEHOLDER in content:
        content = content.replace(PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["X-Tillit-Cache"] = state
    return response
