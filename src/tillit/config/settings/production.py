"""Production: debug off, real secret required, secure cookies and headers.

`tillit serve` and `make run` use this module; TILLIT_DEBUG=1 turns debug back on for development.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool

SESSION_COOKIE_HTTPONLY = True
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
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
