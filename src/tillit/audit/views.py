"""The audit trail page for auditors (revisorer): /<kommun>/granskning/."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tillit.core.errors import NotFound, PermissionDenied, TillitError
from tillit.core.web import municipality_or_404, page_context

from .selectors import audit_events_for, audit_models, event_rows


def audit_log(request, municipality):
    m = municipality_or_404(municipality)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    model = request.GET.get("tabell", "")[:100]
    include_noise = request.GET.get("alla") == "1"
    try:
        events = audit_events_for(
            user=request.user,
            municipality=m,
            model=model,
            object_pk=request.GET.get("rad", "")[:64],
            include_noise=include_noise,
        )
    except PermissionDenied as exc:
        return HttpResponseForbidden(exc.message, content_type="text/plain; charset=utf-8")
    page = Paginator(events, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    query.pop("jobb", None)
    context = page_context(
        request,
        m,
        page=page,
        rows=event_rows(page),
        model=model,
        models=audit_models(municipality=m),
        include_noise=include_noise,
        query=query.urlencode(),
    )
    pk = request.GET.get("jobb", "")
    if pk.isdigit():  # a verification started here (audit_verify_start): its progress
        from tillit.jobs.selectors import job_get

        try:
            context["job"] = job_get(user=request.user, municipality=m, pk=int(pk))
        except (NotFound, PermissionDenied):
            raise Http404 from None
    return render(request, "audit/log.html", context)


@require_POST
def audit_verify_start(request, municipality):
    """`tillit audit verify` for this municipality, as a background job (audit/jobs.py)."""
    from django.utils.translation import gettext as _

    from tillit.jobs.services import job_start

    m = municipality_or_404(municipality)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("audit:log", kwargs={"municipality": m.slug}))
    try:
        job = job_start(
            actor=request.user,
            municipality=m,
            kind="audit.verify",
            title=_("Kontroll av granskningsloggen"),
            lock_key=f"audit-verify:{m.pk}",
        )
    except PermissionDenied as exc:
        return HttpResponseForbidden(exc.message, content_type="text/plain; charset=utf-8")
    except TillitError as exc:  # one already running
        return HttpResponseForbidden(exc.message, content_type="text/plain; charset=utf-8")
    url = reverse("audit:log", kwargs={"municipality": m.slug})
    return redirect(f"{url}?jobb={job.pk}")
