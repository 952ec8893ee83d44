"""Login and logout (Django's auth views with Tillit's Swedish templates), the lockout answer of
the login throttle (django-axes), TOTP two-factor enrolment and verification (django-otp)."""

from __future__ import annotations

import re
from base64 import b32encode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .forms import LoginForm
from .middleware import OTP_PENDING


def _safe_next(request, default="/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # Signing in from the public start page (or with no page at all) leads to Min sida:
        # a user who signs in comes to work. Any other page is returned to.
        url = super().get_redirect_url()
        if url in ("", "/") or re.fullmatch(r"/[a-z0-9-]+/", url or ""):
            return ""
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = getattr(settings, "TILLIT_OIDC_ENABLED", False)
        context["oidc_label"] = settings.TILLIT_OIDC_LABEL
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.session.get(OTP_PENDING):
            # The password was right; the session is not trusted until the code is given
            # (accounts.middleware.mark_otp_pending set the flag at login).
            return redirect(f"/konto/verifiera/?next={self.get_success_url()}")
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); GET shows a confirmation page with the logout button."""

    template_name = "accounts/logged_out.html"
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/logout_confirm.html")


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes: too many failed logins from this address for this user name."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    message = _(
        "För många misslyckade inloggningsförsök. Kontot är tillfälligt spärrat från den här "
        "adressen – försök igen om %(minutes)d minuter eller kontakta kommunens administratör."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"code": "locked_out", "detail": message}, status=429)
    form = LoginForm(request)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_out": message, "next": _safe_next(request)},
        status=429,
    )


def csrf_failure(request, reason=""):
    return render(
        request,
        "accounts/csrf_failure.html",
        {"reason": reason},
        status=403,
    )


@login_required
def otp_verify(request):
    from django_otp import login as otp_login
    from django_otp import match_token

    error = ""
    if request.method == "POST":
        device = match_token(request.user, (request.POST.get("token") or "").strip()[:8])
        if device is not None:
            otp_login(request, device)
            request.session.pop(OTP_PENDING, None)
            return redirect(_safe_next(request))
        error = _(
            "Koden stämmer inte. Kontrollera att klockan i telefonen går rätt och försök igen."
        )
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": _safe_next(request)},
        status=422 if error else 200,
    )


@login_required
def otp_setup(request):
    import segno
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return render(request, "accounts/otp_setup.html", {"enrolled": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False)
    error = ""
    if request.method == "POST":
        token = (request.POST.get("token") or "").strip()[:8]
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            from django_otp import login as otp_login

            otp_login(request, device)
            return render(request, "accounts/otp_setup.html", {"enrolled": True})
        error = _("Koden stämmer inte. Försök igen med koden som appen visar nu.")
    secret = b32encode(device.bin_key).decode().rstrip("=")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR-kod")
    return render(
        request,
        "accounts/otp_setup.html",
        {"secret": secret, "qr_svg": qr_svg, "error": error},
        status=422 if error else 200,
    )
