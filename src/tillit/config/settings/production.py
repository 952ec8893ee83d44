"""Production: debug off, real secret required, secure cookies and headers.

`tillit serve` and `make run` use this module; TILLIT_DEBUG=1 turns debug back on for development.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool

# Whole-page cache for anonymous readers of public pages (tillit.core.public_cache). The pages
# live in files under var/, shared by all gunicorn workers on the host, so a page is rendered
# once per period for the whole server instead of once per worker.
PUBLIC_CACHE_SECONDS = int(os.environ.get("TILLIT_PUBLIC_CACHE_SECONDS", "15"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": FRAGMENT_CACHE,  # noqa: F405 - per worker process: no pickling to disk
    "public_pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "public-pages"),  # noqa: F405
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("TILLIT_SESSION_HOURS", "10")) * 3600
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind TLS (the normal case) set TILLIT_HTTPS=1: secure cookies, HSTS and redirect.
if env_bool("TILLIT_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("TILLIT_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only allows preloading; the domain's owner decides whether to submit it.
    SECURE_HSTS_PRELOAD = env_bool("TILLIT_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
