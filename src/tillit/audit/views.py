"""The audit trail page for auditors (revisorer): /<kommun>/granskning/."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponseForbidden
from django.shortcuts import render

from tillit.core.errors import PermissionDenied
from tillit.core.web import municipality_or_404, page_context

from .selectors import audit_events_for


def audit_log(request, municipality):
    m = municipality_or_404(municipality)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        events = audit_events_for(
            user=request.user,
            municipality=m,
            model=request.GET.get("tabell", "")[:100],
            object_pk=request.GET.get("rad", "")[:64],
        )
    except PermissionDenied as exc:
        return HttpResponseForbidden(exc.message, content_type="text/plain; charset=utf-8")
    page = Paginator(events, 50).get_page(request.GET.get("sida"))
    context = page_context(request, m, page=page, model=request.GET.get("tabell", ""))
    return render(request, "audit/log.html", context)
