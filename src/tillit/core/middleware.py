"""Request hygiene shared by every view and endpoint."""

import re

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext_lazy

NUL_MESSAGE_SV = gettext_lazy("Förfrågan innehåller ett otillåtet tecken (NUL).")
NUL_MESSAGE_EN = "The request contains a NUL character, which is not allowed in text."
TOO_LARGE_SV = "Förfrågan är för stor."
TOO_LARGE_EN = "The request body is too large."
# A JSON escape of NUL: "\u0000" preceded by an even number of backslashes (an odd number
# would make the backslash itself text, as in "C:\\u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class RejectNulMiddleware:
    """NUL can never be stored (PostgreSQL refuses it in text) and has no meaning in a form or a
    JSON field, so refuse it at the door with a 400 instead of failing deep in the database.
    Only a real NUL counts: raw, percent-encoded where the body is form-encoded (or in the query
    string), or escaped in JSON; the text "%00" in a JSON string is just text. File uploads
    (multipart) are left alone: binary files may contain NUL legitimately. A body over
    DATA_UPLOAD_MAX_MEMORY_SIZE is 413 (JSON under /api/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith("/api/")
        try:
            has_nul = self._has_nul(request)
        except RequestDataTooBig:
            if api:
                return JsonResponse({"code": "too_large", "detail": TOO_LARGE_EN}, status=413)
            return HttpResponse(TOO_LARGE_SV, status=413, content_type="text/plain; charset=utf-8")
        if has_nul:
            if api:
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
            if b"\x00" in body:
                return True
            if content_type.startswith("application/x-www-form-urlencoded"):
                return b"%00" in body
            if "json" in content_type:
                return bool(_JSON_NUL.search(body))
            return b"%00" in body or b"\\u0000" in body  # unknown type: be strict
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
