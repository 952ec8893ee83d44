"""The follow-up report for a body's meeting, as an accessible PDF (WeasyPrint, tagged PDF/UA,
Swedish) and as Word (.docx, python-docx) — officials edit it before the meeting.

`document_build` gathers the content once through selectors; the two renderers only lay it out.
Only submitted reports are included: drafts are the administration's own. Word (XML) cannot
carry control characters: render_docx strips them from every text (core.validation.xml_safe), so
a row stored before they were refused still renders.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string

from tillit.assignments.models import Assignment
from tillit.core.validation import xml_safe

from .models import Question, Report, ReportState
from .periods import Period
from .selectors import assignments_due, stale_map

# WeasyPrint logs every layout step at INFO; keep the server and CLI output readable.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sek(value) -> str:
    if value is None:
        return ""
    return f"{Decimal(value):,.0f}".replace(",", "\u00a0") + "\u00a0kr"


@dataclass
class DocItem:
    assignment: Assignment
    report: Report | None
    recipients: str
    economy: list[str]
    questions: list[Question]
    stale: str | None = None


@dataclass
class EconomySummary:
    """The body's economy for the period's year (economy.selectors.economy_year), as label/value
    rows laid out as a small table by both renderers. `rows` is empty when there is no data."""

    year: int
    rows: list[tuple[str, str]] = field(default_factory=list)

    @property
    def caption(self) -> str:
        return f"Ekonomi {self.year}"

    @property
    def empty_text(self) -> str:
        return (
            f"Det finns inga ekonomiuppgifter (ram, budget, utfall eller prognos) för {self.year}."
        )


@dataclass
class FollowUpDocument:
    title: str
    municipality: object
    body: object
    period: Period
    made_on: date
    items: list[DocItem] = field(default_factory=list)
    economy: EconomySummary | None = None

    @property
    def counts(self) -> dict[str, int]:
        out = {"on_track": 0, "risk": 0, "deviation": 0, "missing": 0}
        for item in self.items:
            out[item.report.status if item.report else "missing"] += 1
        return out


def economy_lines(assignment: Assignment) -> list[str]:
    """The assignment's resources and the frame changes linked to it (Economy)."""
    lines = []
    if assignment.resources_sek is not None:
        lines.append(f"Anvisade resurser: {_sek(assignment.resources_sek)}")
    if assignment.resources_fte is not None:
        lines.append(f"Anvisade årsarbetare: {assignment.resources_fte}")
    try:
        changes = list(assignment.frame_changes.select_related("decision", "decision__body"))
    except Exception:  # noqa: BLE001 - Economy not installed in a slimmed-down setup
        changes = []
    for change in changes:
        lines.append(
            f"{change.get_kind_display()} {change.year}: {_sek(change.amount)} "
            f"({change.decision.reference})"
        )
    if not lines:
        lines.append("Inga särskilda resurser anvisade.")
    return lines


MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def economy_summary(*, municipality, body, year: int) -> EconomySummary | None:
    """Frame, budget, actual to date, forecast (reported and automatic), deviation and the deficit
    warning of the body for one year. None when Economy is not installed."""
    try:
        from tillit.economy.selectors import economy_year
    except ImportError:  # pragma: no cover - Economy not installed in a slimmed-down setup
        return None
    summary = EconomySummary(year=year)
    found = economy_year(municipality=municipality, year=year, body=body)
    row = found.bodies[0] if found.bodies else None  # not an economy body (e.g. an utskott)
    if row is None or not (
        row.frame_base is not None
        or row.changes
        or row.budget_total
        or row.actual_to_date
        or row.reported is not None
    ):
        return summary
    as_of = found.as_of
    actual_label = "Utfall hittills"
    if as_of is not None:
        actual_label += f" (t.o.m. {MONTHS_SHORT[as_of.month - 1]} {as_of.year})"
    reported = "–"
    if row.reported is not None:
        reported = f"{_sek(row.reported.amount)} (per {row.reported.as_of.isoformat()})"
    if row.warning:
        warning = "Ja – åtgärdsplan saknas" if row.needs_action_plan else "Ja – åtgärdsplan finns"
    else:
        warning = "Nej"
    deviation = _sek(row.deviation) if row.deviation is not None else "–"
    if row.deviation is not None and row.deviation < 0:
        deviation += " (underskott)"
    summary.rows = [
        (
            "Ram (med årets ramförändringar)",
            _sek(row.frame) if row.frame is not None else "Ingen ram beslutad",
        ),
        ("Budget", _sek(row.budget_total) if row.budget_total else "–"),
        (actual_label, _sek(row.actual_to_date)),
        ("Prognos, rapporterad", reported),
        ("Prognos, automatisk", _sek(row.projection) if row.projection is not None else "–"),
        ("Avvikelse (ram − prognos)", deviation),
        ("Underskottsvarning", warning),
    ]
    return summary


def document_build(*, municipality, body, period: Period, today: date) -> FollowUpDocument:
    rows = list(
        assignments_due(municipality=municipality, period=period)
        .filter(issuer=body)
        .prefetch_related("recipients__body", "recipients__office", "followups")
    )
    reports = {
        r.assignment_id: r
        for r in Report.objects.filter(
            assignment__in=rows, period=period.code, state=ReportState.SUBMITTED
        ).prefetch_related("indicators")
    }
    questions: dict[int, list[Question]] = {}
    for q in (
        Question.objects.filter(assignment__in=rows).select_related("asked_by").order_by("asked_at")
    ):
        if not q.is_answered or (
            q.report_id and q.report_id == getattr(reports.get(q.assignment_id), "pk", None)
        ):
            questions.setdefault(q.assignment_id, []).append(q)
    stale = stale_map(rows, today=today)
    doc = FollowUpDocument(
        title=f"Uppföljning av uppdrag – {body.name} – {period.label}",
        municipality=municipality,
        body=body,
        period=period,
        made_on=today,
        economy=economy_summary(municipality=municipality, body=body, year=period.year),
    )
    for a in rows:
        doc.items.append(
            DocItem(
                assignment=a,
                report=reports.get(a.pk),
                recipients=", ".join(str(r.target) for r in a.recipients.all()),
                economy=economy_lines(a),
                questions=questions.get(a.pk, []),
                stale=stale.get(a.pk),
            )
        )
    return doc


def render_html(doc: FollowUpDocument) -> str:
    return render_to_string("followup/document.html", {"doc": doc})


def render_pdf(doc: FollowUpDocument) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(doc), base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=False
    )


STATUS_LABEL = {"on_track": "Enligt plan", "risk": "Risk", "deviation": "Avvikelse"}


def _para(document, text: str, style: str | None = None):
    return document.add_paragraph(xml_safe(text), style=style)


def _heading(document, text: str, level: int):
    return document.add_heading(xml_safe(text), level=level)


def render_docx(doc: FollowUpDocument) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    props = document.core_properties
    props.title = xml_safe(doc.title)
    props.language = "sv-SE"
    props.author = xml_safe(doc.municipality.name)
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    _heading(document, doc.title, level=0)
    _para(
        document,
        f"{doc.municipality.name}. Period: {doc.period.label} ({doc.period.start.isoformat()}–"
        f"{doc.period.end.isoformat()}). Sammanställd {doc.made_on.isoformat()}.",
    )
    c = doc.counts
    _para(
        document,
        f"{len(doc.items)} uppdrag: {c['on_track']} enligt plan, {c['risk']} med risk, "
        f"{c['deviation']} med avvikelse, {c['missing']} utan inlämnad rapport.",
    )
    if doc.economy is not None:
        _heading(document, doc.economy.caption, level=1)
        if doc.economy.rows:
            table = document.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            table.rows[0].cells[0].text = "Post"
            table.rows[0].cells[1].text = "Belopp"
            for label, value in doc.economy.rows:
                cells = table.add_row().cells
                cells[0].text = xml_safe(label)
                cells[1].text = xml_safe(value)
        else:
            _para(document, doc.economy.empty_text)
    for item in doc.items:
        a = item.assignment
        _heading(document, a.title, level=1)
        _para(
            document,
            f"Givet genom {a.decision.reference} ({a.issued_on.isoformat()}) till "
            f"{item.recipients}. Slutdatum: {a.deadline.isoformat() if a.deadline else '–'}. "
            f"Status i Tillit: {a.get_status_display().lower()}.",
        )
        if item.stale:
            _para(document, f"Försenat: {item.stale}.")
        report = item.report
        if report is None:
            _para(document, "Ingen rapport inlämnad för perioden.")
        else:
            _heading(document, f"Bedömning: {STATUS_LABEL.get(report.status, '–')}", level=2)
            _para(document, report.narrative)
            indicators = list(report.indicators.all())
            if indicators:
                table = document.add_table(rows=1, cols=4)
                table.style = "Table Grid"
                for cell, text in zip(
                    table.rows[0].cells, ("Indikator", "Värde", "Mål", "Enhet"), strict=True
                ):
                    cell.text = text
                for ind in indicators:
                    cells = table.add_row().cells
                    cells[0].text = xml_safe(ind.name)
                    cells[1].text = "" if ind.value is None else f"{ind.value.normalize():f}"
                    cells[2].text = "" if ind.target is None else f"{ind.target.normalize():f}"
                    cells[3].text = xml_safe(ind.unit)
            if report.resources_suffice is not None:
                text = (
                    "Resurserna räcker." if report.resources_suffice else "Resurserna räcker inte."
                )
                if report.resources_missing_sek:
                    text += f" Saknas: {_sek(report.resources_missing_sek)}."
                _para(document, text)
            if report.forecast:
                _para(document, f"Prognos: {report.forecast}")
            if report.adjustment_request:
                _para(document, f"Begäran om ändring: {report.adjustment_request}")
        _heading(document, "Ekonomi", level=2)
        for line in item.economy:
            _para(document, line, style="List Bullet")
        if item.questions:
            _heading(document, "Frågor", level=2)
            for q in item.questions:
                answer = (
                    q.answer if q.is_answered else f"Obesvarad, svar senast {q.due_on.isoformat()}."
                )
                _para(document, f"Fråga: {q.text}", style="List Bullet")
                _para(document, f"Svar: {answer}")
    if not doc.items:
        _para(document, "Inga uppdrag att följa upp för perioden.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
