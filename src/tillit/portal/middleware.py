"""CORS for the public read API: any origin may GET /api/v1/…, without credentials.

Writes (POST …) get no CORS headers, so a browser on another site can never make them with a
visitor's cookies; they need a Bearer token anyway. A tiny middleware instead of a dependency:
the policy is one rule.
"""

from django.http import HttpResponse

API_PREFIX = "/api/v1/"
READ_METHODS = ("GET", "HEAD")


class PublicApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            asked = request.META["HTTP_ACCESS_CONTROL_REQUEST_METHOD"].upper()
            response = HttpResponse(status=204)
            if asked in READ_METHODS:
                self._allow(response)
                response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
                response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
                response["Access-Control-Max-Age"] = "86400"
            return response
        response = self.get_response(request)
        if request.method in READ_METHODS:
            self._allow(response)
        return response

    @staticmethod
    def _allow(response):
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Retry-After, Content-Language"
        vary = response.get("Vary", "")
        if "Origin" not in vary:
            response["Vary"] = f"{vary}, Origin" if vary else "Origin"
