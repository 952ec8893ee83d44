"""Jobs in the browser: one job's page and its progress fragment (polled by HTMX while the job
runs), the user's "Mina jobb", and retry of a failed job."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tillit.core.errors import Conflict, NotFound, PermissionDenied
from tillit.core.web import forbidden, municipality_or_404, page_context

from . import selectors, services


def _job_or_error(request, m, pk):
    try:
        return selectors.job_get(user=request.user, municipality=m, pk=pk), None
    except NotFound:
        raise Http404 from None
    except PermissionDenied as exc:
        return None, forbidden(request, exc.message, m)


@login_required
def job_list(request, municipality):
    m = municipality_or_404(municipality)
    jobs = selectors.jobs_for_user(user=request.user, municipality=m)
    if jobs:
        selectors.has_jobs_seen(request)
    return render(request, "jobs/list.html", page_context(request, m, jobs=jobs))


@login_required
def job_page(request, municipality, pk):
    m = municipality_or_404(municipality)
    job, denied = _job_or_error(request, m, pk)
    if denied:
        return denied
    selectors.has_jobs_seen(request)
    return render(request, "jobs/job.html", page_context(request, m, job=job))


@login_required
def job_progress(request, municipality, pk):
    """The progress fragment alone: what the page's HTMX polling swaps in."""
    m = municipality_or_404(municipality)
    job, denied = _job_or_error(request, m, pk)
    if denied:
        return denied
    selectors.has_jobs_seen(request)
    response = render(request, "jobs/_progress.html", {"municipality": m, "job": job})
    response["Cache-Control"] = "no-store"
    kind = services.KINDS.get(job.kind)
    if request.headers.get("HX-Request") and not job.is_open and kind and kind.refresh:
        # The page that started the job shows its outcome itself (e.g. an import's preview).
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def job_retry(request, municipality, pk):
    m = municipality_or_404(municipality)
    job, denied = _job_or_error(request, m, pk)
    if denied:
        return denied
    try:
        again = services.job_retry(actor=request.user, job=job)
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    except Conflict as exc:
        ctx = page_context(request, m, job=job, error=exc.message)
        return render(request, "jobs/job.html", ctx, status=409)
    return redirect("jobs:job", municipality=m.slug, pk=again.pk)


@login_required
def job_file(request, municipality, pk):
    """The file a finished job produced (a compiled document), for who may see the job."""
    from django.http import FileResponse

    m = municipality_or_404(municipality)
    job, denied = _job_or_error(request, m, pk)
    if denied:
        return denied
    try:
        path, name, kind = services.job_file_open(job)
    except NotFound as exc:
        raise Http404(exc.message) from None
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=kind)
