"""Site-wide views: health check and error pages (the front door, which lists the
municipalities, is organisation.views.home)."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def ping(request):
    """A bare Django view (no database, no template): the baseline of
    bench/bench_pages.py, which reports page throughput as a share of this."""
    return HttpResponse("ok", content_type="text/plain")


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _api(request):  # the API answers JSON, whatever went wrong (api/api.py)
        return JsonResponse({"code": "not_found", "detail": "No such API endpoint."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _api(request):
        return JsonResponse(
            {"code": "server_error", "detail": "Internal server error; it has been logged."},
            status=500,
        )
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the error page must never fail itself
        return HttpResponse("Internt fel.", status=500, content_type="text/plain; charset=utf-8")
