"""Reads of meetings and decisions, scoped to one municipality."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from tillit.core.errors import NotFound
from tillit.organisation.models import Body, Municipality

from .models import Decision, Meeting


def decisions_list(
    *,
    municipality: Municipality,
    body: Body | None = None,
    decided_from: date | None = None,
    decided_to: date | None = None,
):
    qs = (
        Decision.objects.filter(municipality=municipality)
        .select_related("body", "meeting")
        .annotate(assignment_count=Count("assignments"))
    )
    if body is not None:
        qs = qs.filter(body=body)
    if decided_from:
        qs = qs.filter(meeting__date__gte=decided_from)
    if decided_to:
        qs = qs.filter(meeting__date__lte=decided_to)
    return qs.order_by("-meeting__date", "-paragraph")


def decision_get(*, municipality: Municipality, pk: int) -> Decision:
    decision = (
        Decision.objects.filter(municipality=municipality, pk=pk)
        .select_related("body", "meeting")
        .first()
    )
    if decision is None:
        raise NotFound(
            _("Beslutet %(pk)s finns inte i %(name)s.") % {"pk": pk, "name": municipality.name}
        )
    return decision


def meetings_for_body(*, body: Body):
    return (
        Meeting.objects.filter(body=body)
        .annotate(decision_count=Count("decisions"))
        .order_by("-date")
    )
