"""Request hygiene shared by every view and endpoint."""

from django.http import HttpResponseBadRequest, JsonResponse

NUL_MESSAGE_SV = "Förfrågan innehåller ett otillåtet tecken (NUL)."
NUL_MESSAGE_EN = "The request contains a NUL character, which is not allowed in text."


class RejectNulMiddleware:
    """NUL can never be stored (PostgreSQL refuses it in text) and has no meaning in a form or a
    JSON field, so refuse it at the door with a 400 instead of failing deep in the database.
    File uploads (multipart) are left alone: binary files may contain NUL legitimately."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "bad_request", "detail": NUL_MESSAGE_EN}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE_SV, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or "\x00" in request.path:
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in ("POST", "PUT", "PATCH") and not content_type.startswith("multipart/"):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body
        return False


class LanguageMiddleware:
    """Swedish unless the user chose English with the language switch (the set_language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which for most
    browsers is English; a Swedish municipality's service should not switch language on its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# Scripts only from this origin (htmx and the app's own files are vendored; no inline script,
# no eval). Styles also allow inline `style` attributes, which templates and the server-rendered
# SVG charts use; they cannot run code. Nothing may frame the pages.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Django's
    SecurityMiddleware adds nosniff, Referrer-Policy and Cross-Origin-Opener-Policy;
    XFrameOptionsMiddleware adds X-Frame-Options). TILLIT_CSP overrides the policy."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = getattr(settings, "TILLIT_CSP", "") or CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
