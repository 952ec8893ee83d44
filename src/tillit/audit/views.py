"""The audit trail page for auditors (revisorer): /<kommun>/granskning/."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tillit.core.csvfile import csv_text
from tillit.core.errors import NotFound, PermissionDenied, TillitError
from tillit.core.web import municipality_or_404, page_context, parse_iso_date

from .models import Action
from .selectors import (
    audit_actors,
    audit_events_for,
    audit_models,
    event_rows,
    hidden_count,
)


def _day(request, name: str, errors: list) -> date | None:
    value = request.GET.get(name, "").strip()[:20]
    try:
        return parse_iso_date(value)
    except ValueError:
        errors.append(
            _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-10: %(v)s") % {"v": value}
        )
        return None


def audit_log(request, municipality):
    m = municipality_or_404(municipality)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    model = request.GET.get("tabell", "")[:100]
    include_noise = request.GET.get("alla") == "1"
    errors: list[str] = []
    date_from = _day(request, "fran", errors)
    date_to = _day(request, "till", errors)
    actor = request.GET.get("vem", "")[:20]
    action = request.GET.get("handelse", "")
    if action not in Action.values:
        action = ""
    try:
        events = audit_events_for(
            user=request.user,
            municipality=m,
            model=model,
            object_pk=request.GET.get("rad", "")[:64],
            include_noise=include_noise,
            date_from=date_from,
            date_to=date_to,
            actor=actor,
            action=action,
        )
    except PermissionDenied as exc:
        return HttpResponseForbidden(exc.message, content_type="text/plain; charset=utf-8")
    if request.GET.get("format") == "csv" and not errors:
        return _csv(m, events)
    page = Paginator(events, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    query.pop("jobb", None)
    query.pop("format", None)
    context = page_context(
        request,
        m,
        page=page,
        rows=event_rows(page),
        model=model,
        models=audit_models(municipality=m),
        actors=audit_actors(municipality=m),
        actions=Action.choices,
        actor=actor,
        action=action,
        date_from=request.GET.get("fran", "")[:20],
        date_to=request.GET.get("till", "")[:20],
        errors=errors,
        hidden=0 if include_noise or model else hidden_count(municipality=m),
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


def _csv(m, events) -> HttpResponse:
    """The filtered log as CSV for Swedish Excel, the project's convention (docs/openness.md):
    ';', UTF-8 with BOM, decimal comma (the values as shown on the page), text a spreadsheet
    would run as a formula neutralised. One row per event; its changes as
    "Fält: före → efter", separated by " | "."""
    header = [_("Nummer"), _("Tid"), _("Vem"), _("Händelse"), _("Uppgift"), _("Ändringar")]
    events = list(events)

    def rows():
        for start in range(0, len(events), 500):  # the names read once per 500 events
            for r in event_rows(events[start : start + 500]):
                e = r.event
                changes = " | ".join(f"{c.field}: {c.old} → {c.new}" for c in r.changes)
                yield [
                    e.seq,
                    timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                    str(r.who),
                    str(e.get_action_display()),
                    str(r.what),
                    changes or r.note,
                ]

    response = HttpResponse(
        csv_text(header, rows(), excel=True), content_type="text/csv; charset=utf-8"
    )
    name = f"{m.slug}-granskningslogg-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def audit_verify_start(request, municipality):
    """`tillit audit verify` for this municipality, as a background job (audit/jobs.py)."""
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
