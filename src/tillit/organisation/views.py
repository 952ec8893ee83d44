"""Organisation pages: the front door, the municipality's start page, the chart of the decision
chain, a body."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tillit.assignments.models import Status
from tillit.assignments.selectors import (
    AssignmentFilter,
    assignment_counts_by_status,
    assignments_list,
)
from tillit.core.errors import NotFound
from tillit.core.web import municipality_or_404, page_context, parse_iso_date, today
from tillit.decisions.selectors import decisions_list, meetings_for_body

from .models import Municipality
from .selectors import (
    bodies_list,
    body_get,
    body_history,
    majority_on,
    memberships_for_body,
    offices_list,
    org_chart,
    organisation_history,
    term_on,
)


def home(request):
    """The front door (/). One municipality: go straight to it. Several (a shared
    installation): list them."""
    municipalities = list(Municipality.objects.order_by("name")[:2])
    if len(municipalities) == 1:
        return redirect("organisation:start", municipality=municipalities[0].slug)
    return render(
        request, "core/home.html", {"municipalities": Municipality.objects.order_by("name")}
    )


def _can_manage(request, municipality) -> bool:
    from tillit.accounts.permissions import can_manage_organisation

    return request.user.is_authenticated and can_manage_organisation(request.user, municipality)


def _day_from_query(request) -> tuple:
    """The ?datum= day, or today with a Swedish error message when it is not a valid date."""
    raw = request.GET.get("datum", "").strip()
    try:
        return parse_iso_date(raw) or today(), None
    except ValueError:
        return today(), _(
            "”%(value)s” är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel "
            "2024-03-01. Organisationen visas för i dag."
        ) % {"value": raw[:40]}


def start(request, municipality):
    m = municipality_or_404(municipality)
    day = today()
    counts = assignment_counts_by_status(municipality=m)
    status_counts = [(value, label, counts.get(value, 0)) for value, label in Status.choices]
    context = page_context(
        request,
        m,
        day=day,
        majority=majority_on(municipality=m, on=day),
        term=term_on(municipality=m, on=day),
        status_counts=status_counts,
        total_assignments=sum(counts.values()),
        recent_decisions=list(decisions_list(municipality=m)[:8]),
    )
    return render(request, "organisation/start.html", context)


def chart(request, municipality):
    m = municipality_or_404(municipality)
    day, date_error = _day_from_query(request)
    context = page_context(
        request,
        m,
        chart=org_chart(municipality=m, on=day),
        history=organisation_history(municipality=m),
        can_manage_organisation=_can_manage(request, m),
        day=day,
        date_error=date_error,
        datum=request.GET.get("datum", ""),
    )
    return render(request, "organisation/chart.html", context, status=400 if date_error else 200)


def body_detail(request, municipality, slug):
    m = municipality_or_404(municipality)
    try:
        body = body_get(municipality=m, slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from None
    day, date_error = _day_from_query(request)
    meetings = list(meetings_for_body(body=body)[:20])
    decisions_by_meeting: dict[int, list] = {}
    for decision in decisions_list(municipality=m, body=body).filter(
        meeting__in=[mt.id for mt in meetings]
    ):
        decisions_by_meeting.setdefault(decision.meeting_id, []).append(decision)
    for meeting in meetings:
        meeting.decision_rows = decisions_by_meeting.get(meeting.id, [])
    chiefs = [o for o in offices_list(municipality=m, on=day).filter(answers_to=body) if o.is_chief]
    context = page_context(
        request,
        m,
        body=body,
        history=body_history(body=body),
        can_manage_organisation=_can_manage(request, m),
        day=day,
        date_error=date_error,
        datum=request.GET.get("datum", ""),
        memberships=list(memberships_for_body(body=body, on=day)),
        chiefs=chiefs,
        children=list(bodies_list(municipality=m, on=day).filter(parent=body)),
        meetings=meetings,
        issued=list(
            assignments_list(municipality=m, filters=AssignmentFilter(body=body, role="issued"))[
                :50
            ]
        ),
        received=list(
            assignments_list(municipality=m, filters=AssignmentFilter(body=body, role="received"))[
                :50
            ]
        ),
    )
    return render(request, "organisation/body.html", context, status=400 if date_error else 200)
