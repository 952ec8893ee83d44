"""Two-factor: a user who has enrolled a device must give the code before the session counts."""

from django.shortcuts import redirect

EXEMPT = ("/konto/verifiera/", "/konto/logga-ut/", "/static/", "/api/", "/healthz")


class OtpRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .views import OTP_PENDING

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(OTP_PENDING)
            and not user.is_verified()
            and not request.path.startswith(EXEMPT)
        ):
            return redirect(f"/konto/verifiera/?next={request.get_full_path()}")
        return self.get_response(request)
