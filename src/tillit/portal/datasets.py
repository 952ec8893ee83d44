"""The public datasets: which rows (published selectors) and which columns each export has.
The same definitions serve CSV, JSON and Excel, so the three never drift apart."""

from __future__ import annotations

from django.urls import reverse

from tillit.barometer.models import DeviationSource

from .exports import Column


def _recipients(a) -> str:
    return "; ".join(str(r.target) for r in a.recipients.all())


def assignment_columns(slug: str) -> list[Column]:
    return [
        Column("id", lambda a: a.pk),
        Column("title", lambda a: a.title),
        Column("what", lambda a: a.what),
        Column("why", lambda a: a.why),
        Column("issuer", lambda a: a.issuer.slug),
        Column("issuer_name", lambda a: a.issuer.name),
        Column("decision_reference", lambda a: a.decision.reference),
        Column("issued_on", lambda a: a.issued_on),
        Column("recipients", _recipients),
        Column("resources_sek", lambda a: a.resources_sek),
        Column("resources_fte", lambda a: a.resources_fte),
        Column("deadline", lambda a: a.deadline),
        Column("status", lambda a: a.status),
        Column("status_label", lambda a: a.get_status_display()),
        Column("version", lambda a: a.version),
        Column("url", lambda a: reverse("assignments:detail", args=[slug, a.pk])),
    ]


def decision_columns(slug: str) -> list[Column]:
    return [
        Column("id", lambda d: d.pk),
        Column("reference", lambda d: d.reference),
        Column("body", lambda d: d.body.slug),
        Column("body_name", lambda d: d.body.name),
        Column("meeting_date", lambda d: d.meeting.date),
        Column("paragraph", lambda d: d.paragraph),
        Column("case_number", lambda d: d.case_number),
        Column("title", lambda d: d.title),
        Column("text", lambda d: d.text),
        Column("approved_on", lambda d: d.approved_on),
        Column("assignment_count", lambda d: getattr(d, "assignment_count", None)),
        Column("url", lambda d: reverse("decisions:detail", args=[slug, d.pk])),
    ]


def body_columns(slug: str) -> list[Column]:
    return [
        Column("slug", lambda b: b.slug),
        Column("name", lambda b: b.name),
        Column("short_name", lambda b: b.short_name),
        Column("kind", lambda b: b.kind),
        Column("kind_label", lambda b: b.get_kind_display()),
        Column("parent", lambda b: b.parent.slug if b.parent_id else None),
        Column("valid_from", lambda b: b.valid_from),
        Column("valid_to", lambda b: b.valid_to),
        Column("seats", lambda b: b.seats),
        Column("area_of_responsibility", lambda b: b.area_of_responsibility),
        Column("url", lambda b: reverse("organisation:body", args=[slug, b.slug])),
    ]


def report_columns(slug: str) -> list[Column]:
    return [
        Column("id", lambda r: r.pk),
        Column("assignment_id", lambda r: r.assignment_id),
        Column("assignment_title", lambda r: r.assignment.title),
        Column("issuer", lambda r: r.assignment.issuer.slug),
        Column("period", lambda r: r.period),
        Column("period_end", lambda r: r.period_end),
        Column("status", lambda r: r.status),
        Column("status_label", lambda r: r.get_status_display()),
        Column("narrative", lambda r: r.narrative),
        Column("resources_suffice", lambda r: r.resources_suffice),
        Column("resources_missing_sek", lambda r: r.resources_missing_sek),
        Column("forecast", lambda r: r.forecast),
        Column("adjustment_request", lambda r: r.adjustment_request),
        Column("submitted_at", lambda r: r.submitted_at),
        Column("url", lambda r: reverse("followup:report", args=[slug, r.pk])),
    ]


def deviation_count_columns(slug: str) -> list[Column]:
    return [
        Column("year", lambda r: r["year"]),
        Column("body", lambda r: r["body"]),
        Column("body_name", lambda r: r["body_name"]),
        # One column per source, from the enum, so a new source cannot go missing.
        *(Column(s.value, lambda r, key=s.value: r.get(key, 0)) for s in DeviationSource),
        Column("total", lambda r: r["total"]),
    ]


def deviation_columns(slug: str) -> list[Column]:
    """Never the reporter (``deviations_public`` does not read it); content and receiving unit
    are blank unless the reader has a role in the municipality."""
    return [
        Column("id", lambda d: d["id"]),
        Column("occurred_on", lambda d: d["occurred_on"]),
        Column("body", lambda d: d["body"]),
        Column("body_name", lambda d: d["body_name"]),
        Column("source", lambda d: d["source"]),
        Column("source_label", lambda d: d["source_label"]),
        Column("from_role", lambda d: d["from_role"]),
        Column("to", lambda d: d["to"]),
        Column("content", lambda d: d["content"]),
        Column("handling", lambda d: d["handling"]),
        Column("handling_label", lambda d: d["handling_label"]),
        Column("level", lambda d: d["level"]),
    ]
