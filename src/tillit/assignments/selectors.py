"""Reads of assignments. Every list is scoped to one municipality and prefetches what it shows,
so list pages and endpoints run a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tillit.analysis.selectors import analyses_prefetch
from tillit.core.errors import NotFound
from tillit.organisation.models import Body, Majority, Municipality

from .models import (
    Assignment,
    AssignmentEvent,
    AssignmentRecipient,
    EventKind,
    FollowUp,
    Status,
)

# History events the public never sees (an internal note). portal.published states the rule
# for every public page; it lives here so the apps below portal (followup's timeline, the
# assignment API) apply it without importing portal.
INTERNAL_EVENT_KINDS = (EventKind.NOTE,)


@dataclass
class AssignmentFilter:
    body: Body | None = None  # issued by or received by this body (or its chiefs)
    role: str = "any"  # "issued", "received" or "any"
    issuer: Body | None = None  # issued by this body (may be combined with body)
    status: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    majority: Majority | None = None
    q: str = ""


def _base(municipality: Municipality) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(municipality=municipality)
        .select_related("issuer", "decision", "decision__meeting", "decision__body")
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=AssignmentRecipient.objects.select_related(
                    "body", "office", "office__answers_to"
                ),
            ),
            "followups",
            analyses_prefetch(),
        )
    )


def _table_base(municipality: Municipality) -> QuerySet[Assignment]:
    """Only what assignments/_table.html shows (issuer, §, recipients, follow-ups for the stale
    tag). The current recipients and follow-ups come as plain lists (``current_recipients``,
    ``current_followups``): a normal prefetch builds two querysets per row, which cost more
    than the rest of a 50-row page's queries (docs/performance.md)."""
    return (
        Assignment.objects.filter(municipality=municipality)
        .select_related("issuer", "decision")
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=AssignmentRecipient.objects.select_related("body", "office"),
                to_attr="current_recipients",
            ),
            Prefetch("followups", queryset=FollowUp.objects.all(), to_attr="current_followups"),
        )
    )


def assignments_list(
    *,
    municipality: Municipality,
    filters: AssignmentFilter | None = None,
    for_table: bool = False,
):
    """The municipality's assignments, filtered, newest first. ``for_table``: only what the
    HTML table shows (see ``_table_base``), not what exports and the API need."""
    f = filters or AssignmentFilter()
    qs = _table_base(municipality) if for_table else _base(municipality)
    if f.body is not None:
        issued = Q(issuer=f.body)
        # Only the current version's recipients (superseded rows are kept as history).
        received = Q(recipients__superseded_in_version__isnull=True) & (
            Q(recipients__body=f.body) | Q(recipients__office__answers_to=f.body)
        )
        if f.role == "issued":
            qs = qs.filter(issued)
        elif f.role == "received":
            qs = qs.filter(received).distinct()  # the recipients join can repeat a row
        else:
            qs = qs.filter(issued | received).distinct()
    if f.issuer is not None:
        qs = qs.filter(issuer=f.issuer)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.issued_from:
        qs = qs.filter(issued_on__gte=f.issued_from)
    if f.issued_to:
        qs = qs.filter(issued_on__lte=f.issued_to)
    if f.majority is not None:
        qs = qs.filter(issued_on__gte=f.majority.valid_from)
        if f.majority.valid_to:
            qs = qs.filter(issued_on__lte=f.majority.valid_to)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(what__icontains=f.q) | Q(why__icontains=f.q))
    # DISTINCT only where a join can repeat rows: over a whole national table it costs a sort
    # of every column of every assignment of the municipality (docs/performance.md).
    return qs.order_by("-issued_on", "-id")


def assignment_get(*, municipality: Municipality, pk: int) -> Assignment:
    assignment = _base(municipality).filter(pk=pk).first()
    if assignment is None:
        raise NotFound(
            _("Uppdraget %(pk)s finns inte i %(name)s.") % {"pk": pk, "name": municipality.name}
        )
    return assignment


def assignment_history(*, assignment: Assignment):
    return (
        AssignmentEvent.objects.filter(assignment=assignment)
        .select_related("actor", "decision", "decision__body", "decision__meeting")
        .order_by("occurred_at", "id")
    )


def assignment_public_history(*, assignment: Assignment) -> QuerySet[AssignmentEvent]:
    """The assignment's history as the public sees it: without internal notes
    (``portal.published.published_history``)."""
    return assignment_history(assignment=assignment).exclude(kind__in=INTERNAL_EVENT_KINDS)


def assignment_counts_by_status(*, municipality: Municipality, body: Body | None = None) -> dict:
    qs = Assignment.objects.filter(municipality=municipality)
    if body is not None:
        qs = qs.filter(issuer=body)
    counts = {value: 0 for value in Status.values}
    for row in qs.values("status").order_by():
        counts[row["status"]] += 1
    return counts


def assignments_for_decision(*, decision) -> QuerySet[Assignment]:
    """The assignments a decision gave, with what a listing shows."""
    return _base(decision.municipality_id).filter(decision=decision).order_by("id")
