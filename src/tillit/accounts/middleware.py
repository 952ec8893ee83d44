"""Two-factor: a user who has enrolled a device must give the code before the session counts.

A session that has given the password but not yet the code ("half logged in", the session flag
OTP_PENDING, set at every login of a user with a confirmed device, whichever login page was
used) is anonymous everywhere: pages redirect to the code, and everything that does not
redirect (the API, which falls back to the session user when no token is sent; static files;
the health check) sees an anonymous user. Only the code page and logout see the user.
"""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect

# Paths that answer a half-logged-in session without redirecting it to the code page.
EXEMPT = ("/konto/verifiera/", "/konto/logga-ut/", "/static/", "/api/", "/healthz")
# ... and the ones among them that still see the user (to give the code, or to log out).
SEES_USER = ("/konto/verifiera/", "/konto/logga-ut/")
OTP_PENDING = "tillit_otp_pending"


def mark_otp_pending(sender, request, user, **kwargs):
    """user_logged_in receiver: a password (or single sign-on) login of a user with a confirmed
    device is not trusted until the code is given, whichever login page was used."""
    from django_otp import user_has_device

    session = getattr(request, "session", None)
    if session is not None and user_has_device(user, confirmed=True):
        session[OTP_PENDING] = True


def half_logged_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and request.session.get(OTP_PENDING)
        and not user.is_verified()
    )


class OtpRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if half_logged_in(request):
            if not request.path.startswith(EXEMPT):
                return redirect(f"/konto/verifiera/?next={request.get_full_path()}")
            if not request.path.startswith(SEES_USER):
                request.user = AnonymousUser()
        return self.get_response(request)
