"""The follow-up report for a body's meeting, as an accessible PDF (WeasyPrint, tagged PDF/UA,
Swedish) and as Word (.docx, python-docx) — officials edit it before the meeting.

`document_build` gathers the content once through selectors; the two renderers only lay it out.
Only submitted reports are included: drafts are the administration's own. Word (XML) cannot
carry control characters: render_docx strips them from every text (core.validation.xml_safe), so
a row stored before they were refused still renders.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from tillit.assignments.models import FINAL_STATUSES, Assignment
from tillit.core.formatting import date_long
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
    closed: bool = False  # compiled report: completed or cancelled in the period, no report


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
        f"{doc.municipality.name}. Period: {doc.period.label} ({_long(doc.period.start)}–"
        f"{_long(doc.period.end)}). Sammanställd {_long(doc.made_on)}.",
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
            f"Givet genom {a.decision.reference} ({_long(a.issued_on)}) till "
            f"{item.recipients}. Slutdatum: {_long(a.deadline) or '–'}. "
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
                answer = q.answer if q.is_answered else f"Obesvarad, svar senast {_long(q.due_on)}."
                _para(document, f"Fråga: {q.text}", style="List Bullet")
                _para(document, f"Svar: {answer}")
    if not doc.items:
        _para(document, "Inga uppdrag att följa upp för perioden.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The compiled municipality-wide report: delårsrapport (January to the end of the municipality's
# DR month, default August) or årsredovisning (the calendar year), verksamhetsberättelse part.
# Every body's frame, actual and forecast (economy.selectors.economy_year), its assignments by
# the administration's assessment, indicators against targets, deviations and the decisions the
# council is asked for; municipal totals and the adopted budget's financial goal.

ASSESSMENTS = ("on_track", "risk", "deviation", "closed", "missing")


def _mnkr(value) -> str:
    return "–" if value is None else f"{_mn(value)}\u00a0mnkr"


def _mn(value) -> str:
    """Millions with one decimal; an amount that rounds to zero has no sign ("0,0", not "−0,0")."""
    from tillit.budget.documents import mnkr

    if value is not None and abs(Decimal(value)) < 50_000:
        value = Decimal(0)
    return mnkr(value)


def _shown_negative(value) -> bool:
    return value is not None and value <= -50_000


def _number(value) -> str:
    if value is None:
        return "–"
    from tillit.budget.documents import _swedish

    return _swedish(f"{Decimal(value).normalize():,f}")


@dataclass
class CompiledBody:
    body: object
    frame: Decimal | None = None
    actual: Decimal | None = None
    forecast: Decimal | None = None
    forecast_source: str = ""
    needs_action_plan: bool = False
    items: list[DocItem] = field(default_factory=list)
    annual: bool = False  # årsredovisning with the year's books closed: `forecast` is the actual

    @property
    def deviation(self) -> Decimal | None:
        if self.frame is None or self.forecast is None:
            return None
        return self.frame - self.forecast

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(ASSESSMENTS, 0)
        for item in self.items:
            if item.report:
                out[item.report.status] += 1
            else:
                out["closed" if item.closed else "missing"] += 1
        return out

    @property
    def counts_text(self) -> str:
        return _counts_text(self.counts, len(self.items))

    @property
    def item_lines(self) -> list[tuple[DocItem, str]]:
        return [(i, item_status(i)) for i in self.items]

    @property
    def deficit_shown(self) -> bool:
        return _shown_negative(self.deviation)

    @property
    def cells(self) -> list[str]:
        if self.annual:
            return [_mn(self.frame), _mn(self.actual), _mn(self.deviation)]
        return [_mn(self.frame), _mn(self.actual), _mn(self.forecast), _mn(self.deviation)]

    @property
    def has_economy(self) -> bool:
        return self.frame is not None or bool(self.actual) or self.forecast is not None

    @property
    def economy_rows(self) -> list[tuple[str, str]]:
        deviation = _mnkr(self.deviation)
        if _shown_negative(self.deviation):
            deviation += " (underskott)"
        if self.annual:
            return [
                ("Ram (med årets ramförändringar)", _mnkr(self.frame)),
                ("Utfall för helåret", _mnkr(self.actual)),
                ("Avvikelse mot ram (ram − utfall)", deviation),
            ]
        return [
            ("Ram (med årets ramförändringar)", _mnkr(self.frame)),
            ("Utfall för perioden (från januari)", _mnkr(self.actual)),
            ("Prognos för helåret", _mnkr(self.forecast)),
            ("Prognosen bygger på", self.forecast_source or "–"),
            ("Avvikelse mot ram (ram − prognos)", deviation),
        ]


@dataclass
class CompiledDocument:
    title: str
    municipality: object
    period: Period
    covers: str  # "1 januari–31 augusti 2026"
    as_of_text: str  # what the economy's actuals run to
    made_on: date
    end_month: int = 12
    bodies: list[CompiledBody] = field(default_factory=list)
    goal_rows: list[tuple[str, str]] = field(default_factory=list)
    goal_text: str = ""
    annual: bool = False  # årsredovisning with the books closed: the outcome is the actual

    @property
    def basis(self) -> str:
        """What the year's outcome rests on: the forecasts, or (årsredovisning) the actuals."""
        return "utfallet" if self.annual else "prognosen"

    @property
    def headers(self) -> list[str]:
        """The economy table's amount columns."""
        if self.annual:
            return ["Ram", self.actual_header, "Avvikelse (ram − utfall)"]
        return ["Ram", self.actual_header, "Prognos helår", "Avvikelse (ram − prognos)"]

    @property
    def totals(self) -> dict:
        def total(attr):
            values = [getattr(b, attr) for b in self.bodies if getattr(b, attr) is not None]
            return sum(values, Decimal(0)) if values else None

        counts = dict.fromkeys(ASSESSMENTS, 0)
        for b in self.bodies:
            for k, v in b.counts.items():
                counts[k] += v
        return {
            "frame": total("frame"),
            "actual": total("actual"),
            "forecast": total("forecast"),
            "deviation": total("deviation"),
            "counts": counts,
            "assignments": sum(counts.values()),
        } | {
            "cells": [
                _mn(total(a))
                for a in ("frame", "actual", "forecast", "deviation")
                if not (self.annual and a == "forecast")
            ],
            "deficit_shown": _shown_negative(total("deviation")),
        }

    @property
    def actual_header(self) -> str:
        return f"Utfall jan–{MONTHS_SHORT[self.end_month - 1]}"

    @property
    def intro(self) -> str:
        return _intro(self)

    @property
    def counts_text(self) -> str:
        t = self.totals
        return _counts_text(t["counts"], t["assignments"])

    @property
    def economy_bodies(self) -> list[CompiledBody]:
        return [b for b in self.bodies if b.frame is not None or b.actual or b.forecast]

    @property
    def deviations(self) -> list[tuple[CompiledBody, DocItem]]:
        return [
            (b, i)
            for b in self.bodies
            for i in b.items
            if i.report is not None and i.report.status in ("risk", "deviation")
        ]

    @property
    def indicators(self) -> list[tuple[CompiledBody, DocItem, object]]:
        return [
            (b, i, ind)
            for b in self.bodies
            for i in b.items
            if i.report is not None
            for ind in i.report.indicators.all()
        ]

    @property
    def indicator_rows(self) -> list[tuple]:
        return [
            (b, i, ind, _number(ind.value), _number(ind.target)) for b, i, ind in self.indicators
        ]

    @property
    def decisions_needed(self) -> list[tuple[str, str, str]]:
        """(body, subject, what is asked) — requests to change an assignment, resources that do
        not suffice, and deficits without an action plan."""
        out = []
        for b in self.bodies:
            if b.needs_action_plan:
                out.append(
                    (
                        b.body.name,
                        "Underskott utan åtgärdsplan",
                        f"{self.basis.capitalize()} överskrider ramen med "
                        f"{_mnkr(-b.deviation)} (mer än "
                        "1\u00a0%); nämnden har ingen beslutad åtgärdsplan.",
                    )
                )
            for i in b.items:
                r = i.report
                if r is None:
                    continue
                if r.adjustment_request:
                    out.append((b.body.name, i.assignment.title, r.adjustment_request))
                if r.resources_suffice is False:
                    text = "Resurserna räcker inte"
                    if r.resources_missing_sek:
                        text += f"; saknas {_mnkr(r.resources_missing_sek)}"
                    out.append((b.body.name, i.assignment.title, text + "."))
        return out


def _actual_through(row, year: int, month: int) -> Decimal | None:
    """The body's actual from January to the end of `month` (None without any actuals)."""
    for m in row.months:
        if m.month == date(year, month, 1):
            return m.cum_actual if m.cum_actual is not None else None
    return None


def compiled_build(*, municipality, period: Period, today: date) -> CompiledDocument:
    """The municipality-wide delårsrapport (DR) or årsredovisning (AR) for `period`."""
    from tillit.core.errors import ValidationFailed

    from .periods import ANNUAL, INTERIM, MONTHS_SV
    from .selectors import interim_end_month

    if period.kind not in (INTERIM, ANNUAL):
        raise ValidationFailed(
            {
                "period": f"Den sammanställda rapporten finns för delårsrapport (ÅÅÅÅ-DR) och "
                f"årsredovisning (ÅÅÅÅ-AR), inte för {period.code}."
            }
        )
    year = period.year
    end_month = interim_end_month(municipality=municipality) if period.kind == INTERIM else 12
    end = date(year, end_month, calendar_days(year, end_month))
    title = ("Delårsrapport" if period.kind == INTERIM else "Årsredovisning") + f" {year}"
    doc = CompiledDocument(
        title=f"{title} – {municipality.name}",
        municipality=municipality,
        period=period,
        covers=f"1 januari–{end.day} {MONTHS_SV[end_month - 1]} {year}",
        as_of_text="",
        made_on=today,
        end_month=end_month,
    )
    bodies: dict[int, CompiledBody] = {}
    try:
        from tillit.economy.models import Forecast
        from tillit.economy.selectors import WARNING_SHARE, economy_year
    except ImportError:  # pragma: no cover - Economy not installed in a slimmed-down setup
        economy = None
    else:
        economy = economy_year(municipality=municipality, year=year)
    if economy is not None:
        last_actual = min(economy.as_of, date(year, end_month, 1)) if economy.as_of else None
        if last_actual is None:
            doc.as_of_text = f"Det finns inget bokfört utfall för {year}."
        elif last_actual.month < end_month:
            doc.as_of_text = (
                f"Bokfört utfall finns bara till och med {MONTHS_SV[last_actual.month - 1]} "
                f"{year}; utfallet för perioden är därför ofullständigt."
            )
        else:
            doc.as_of_text = f"Utfall till och med {MONTHS_SV[end_month - 1]} {year}."
        # The forecast the body reported by the end of the period (a later one belongs to a
        # later report); without one, the automatic projection from the actuals.
        reported = {}
        for f in Forecast.objects.filter(
            municipality=municipality, year=year, as_of__lte=end
        ).order_by("body_id", "-as_of", "-created_at", "-id"):
            reported.setdefault(f.body_id, f)
        previous = _previous_year_actuals(municipality, year)
        # An årsredovisning with the year's books closed reports the actual, not a forecast.
        doc.annual = period.kind == ANNUAL and last_actual is not None and last_actual.month == 12
        for row in economy.bodies:
            b = CompiledBody(body=row.body, frame=row.frame, annual=doc.annual)
            if last_actual is not None:
                b.actual = _actual_through(row, year, last_actual.month)
            f = reported.get(row.body.pk)
            if doc.annual:
                b.forecast = b.actual
                b.forecast_source = "Utfall för helåret"
            elif f is not None:
                b.forecast = f.amount
                # A forecast "per month" is made after that month's books (economy.Forecast).
                b.forecast_source = f"Nämndens prognos efter {MONTHS_SV[f.as_of.month - 1]} {year}"
            elif b.actual is not None and last_actual is not None:
                b.forecast = _project(
                    b.actual, last_actual, previous.get(row.body.pk, {}), year=year
                )
                b.forecast_source = (
                    f"Automatisk: utfallet t.o.m. {MONTHS_SV[last_actual.month - 1]} uppräknat "
                    "till helår efter förra årets månadsprofil"
                )
            # The Economy pages' deficit warning: a deficit over WARNING_SHARE of the frame.
            b.needs_action_plan = (
                b.deviation is not None
                and b.deviation < 0
                and b.frame is not None
                and -b.deviation > abs(b.frame) * WARNING_SHARE
                and not row.has_plan
            )
            bodies[row.body.pk] = b
    # The whole span the report covers (from 1 January), not only the period's own window:
    # an assignment closed in February belongs to the delårsrapport too.
    span = dataclasses.replace(period, start=date(year, 1, 1), end=end)
    due = list(
        assignments_due(municipality=municipality, period=span).prefetch_related(
            "recipients__body", "recipients__office"
        )
    )
    reports = {
        r.assignment_id: r
        for r in Report.objects.filter(
            assignment__in=due, period=period.code, state=ReportState.SUBMITTED
        ).prefetch_related("indicators")
    }
    for a in due:
        b = bodies.get(a.issuer_id)
        if b is None:
            b = bodies[a.issuer_id] = CompiledBody(body=a.issuer)
        closed = (
            a.status in FINAL_STATUSES
            and a.status_changed_at is not None
            and timezone.localtime(a.status_changed_at).date() <= end
        )
        late = None
        if a.deadline and a.deadline < end and not closed:
            d = a.deadline
            late = f"slutdatum {d.day}\u00a0{MONTHS_SV[d.month - 1]}\u00a0{d.year}"
        b.items.append(
            DocItem(
                assignment=a,
                report=reports.get(a.pk),
                recipients=", ".join(str(r.target) for r in a.recipients.all()),
                economy=[],
                questions=[],
                stale=late,
                closed=closed,
            )
        )
    doc.bodies = list(bodies.values())
    _financial_goal(doc, year)
    return doc


def _previous_year_actuals(municipality, year: int) -> dict[int, dict[int, Decimal]]:
    from django.db.models import Sum

    from tillit.economy.models import ActualLine

    out: dict[int, dict[int, Decimal]] = {}
    for r in (
        ActualLine.objects.active()
        .filter(municipality=municipality, month__year=year - 1, body__isnull=False)
        .values("body_id", "month")
        .annotate(total=Sum("amount"))
    ):
        out.setdefault(r["body_id"], {})[r["month"].month] = r["total"]
    return out


def _project(actual: Decimal, last: date, previous: dict[int, Decimal], *, year: int) -> Decimal:
    """Full-year forecast from the actual to `last`: the same projection as the Economy pages
    (economy.selectors._project), on last year's monthly profile, or linear without one."""
    from tillit.economy.selectors import _project as project

    profile = [previous.get(m, Decimal(0)) for m in range(1, 13)]
    return project(actual, last, profile)


def calendar_days(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def _financial_goal(doc: CompiledDocument, year: int) -> None:
    """The adopted budget's result goal against the result the forecasts give."""
    try:
        from tillit.budget.documents import percent
        from tillit.budget.selectors import adopted_budget
    except ImportError:  # pragma: no cover - Budget not installed in a slimmed-down setup
        return
    budget = adopted_budget(municipality=doc.municipality, year=year)
    if budget is None:
        doc.goal_text = (
            f"Budgeten för {year} finns inte i Tillit med resultatbudget och finansiellt mål "
            "(bara nämndernas ramar); det finansiella målet kan inte följas upp här."
        )
        return
    t = doc.totals
    ref = budget.decision.reference if budget.decision else budget.title
    if budget.tax_revenue is None or t["forecast"] is None:
        doc.goal_text = (
            f"Budgeten ({ref}) anger inte skatteintäkter och generella statsbidrag, eller så "
            "saknas prognos; årets resultat kan inte beräknas här."
        )
        if budget.financial_goal is not None:
            doc.goal_rows = [("Finansiellt mål", percent(budget.financial_goal))]
        return
    net = budget.financial_net or Decimal(0)
    budget_result = budget.tax_revenue - (t["frame"] or Decimal(0)) + net
    result = budget.tax_revenue - t["forecast"] + net
    share = result / budget.tax_revenue * 100
    basis = "utfall" if doc.annual else "prognos"
    doc.goal_rows = [
        ("Skatteintäkter och generella statsbidrag (budget)", _mnkr(budget.tax_revenue)),
        (f"Nämndernas nettokostnader, {basis}", _mnkr(-t["forecast"])),
        ("Finansnetto (budget)", _mnkr(net)),
        ("Årets resultat, budget (med årets ramförändringar)", _mnkr(budget_result)),
        (f"Årets resultat, {basis}", _mnkr(result)),
        (f"Resultat i procent av skatter och bidrag, {basis}", percent(share)),
    ]
    if budget.financial_goal is None:
        doc.goal_text = f"Budgeten ({ref}) anger inget finansiellt mål."
        return
    doc.goal_rows.append(
        ("Finansiellt mål (god ekonomisk hushållning)", percent(budget.financial_goal))
    )
    if doc.annual:
        reached = "nåddes" if share >= budget.financial_goal else "nåddes inte"
        outcome = f"Med nämndernas utfall blev resultatet {percent(share)} – målet {reached}."
        missing = "inget utfall"
    else:
        reached = "nås" if share >= budget.financial_goal else "nås inte"
        outcome = f"Med nämndernas prognoser blir resultatet {percent(share)} – målet {reached}."
        missing = "ingen prognos"
    doc.goal_text = (
        f"Finansiellt mål: årets resultat ska vara minst {percent(budget.financial_goal)} av "
        f"skatter och generella statsbidrag ({ref}). {outcome} Skatteintäkter och finansnetto "
        f"är budgetens; Tillit har {missing} för dem."
    )


def render_compiled_html(doc: CompiledDocument) -> str:
    return render_to_string(
        "followup/compiled.html",
        {"doc": doc, "labels": STATUS_LABEL, "t": doc.totals, "chart": deviation_chart(doc)},
    )


def render_compiled_pdf(doc: CompiledDocument) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_compiled_html(doc), base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=False
    )


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = xml_safe(str(text))
    return table


def render_compiled_docx(doc: CompiledDocument) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    props = document.core_properties
    props.title = xml_safe(doc.title)
    props.language = "sv-SE"
    props.author = xml_safe(doc.municipality.name)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    t = doc.totals
    _heading(document, doc.title, level=0)
    _para(document, _intro(doc))
    _heading(document, "Ekonomi i sammandrag", level=1)
    _para(document, doc.as_of_text)
    if doc.economy_bodies:
        rows = [(b.body.name, *b.cells) for b in doc.economy_bodies]
        rows.append(("Summa", *t["cells"]))
        _table(document, ("Nämnd", *doc.headers), rows)
        _para(document, "Belopp i mnkr. " + _negative_note(doc))
    _heading(document, "Finansiellt mål", level=1)
    if doc.goal_rows:
        _table(document, ("Post", "Belopp"), doc.goal_rows)
    _para(document, doc.goal_text)
    _heading(document, "Uppdrag per status", level=1)
    _para(document, _counts_text(t["counts"], t["assignments"]))
    rows = [
        (b.body.name, len(b.items), *(b.counts[k] for k in ASSESSMENTS))
        for b in doc.bodies
        if b.items
    ]
    rows.append(("Summa", t["assignments"], *(t["counts"][k] for k in ASSESSMENTS)))
    _table(
        document,
        ("Nämnd", "Uppdrag", "Enligt plan", "Risk", "Avvikelse", "Avslutade", "Utan rapport"),
        rows,
    )
    _heading(document, "Avvikelser och risker", level=1)
    if doc.deviations:
        for b, i in doc.deviations:
            _heading(
                document,
                f"{i.assignment.title} ({b.body.name}) – {STATUS_LABEL[i.report.status]}",
                level=2,
            )
            _para(document, i.report.narrative)
    else:
        _para(document, "Inga uppdrag rapporteras med risk eller avvikelse.")
    _heading(document, "Indikatorer mot mål", level=1)
    if doc.indicators:
        _table(
            document,
            ("Nämnd", "Uppdrag", "Indikator", "Utfall", "Mål", "Enhet"),
            [
                (
                    b.body.name,
                    i.assignment.title,
                    ind.name,
                    _number(ind.value),
                    _number(ind.target),
                    ind.unit,
                )
                for b, i, ind in doc.indicators
            ],
        )
    else:
        _para(document, "Inga indikatorer rapporterade för perioden.")
    _heading(document, "Beslut som behövs", level=1)
    if doc.decisions_needed:
        _table(document, ("Nämnd", "Gäller", "Vad"), doc.decisions_needed)
    else:
        _para(document, "Inga rapporter begär beslut.")
    _heading(document, "Nämndernas redovisning", level=1)
    for b in doc.bodies:
        _heading(document, b.body.name, level=2)
        if b.frame is not None or b.actual or b.forecast:
            _table(document, ("Post", "Belopp"), b.economy_rows)
        if b.items:
            _para(document, _counts_text(b.counts, len(b.items)))
            for i in b.items:
                _para(document, f"{i.assignment.title} – {item_status(i)}", style="List Bullet")
        else:
            _para(document, "Inga uppdrag att följa upp för perioden.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _negative_note(doc: CompiledDocument) -> str:
    return f"En negativ avvikelse betyder att {doc.basis} överskrider ramen (underskott)."


def _long(day) -> str:
    """'23 november 2026': the documents are Swedish whatever the page's language."""
    return date_long(day, "sv")


def _intro(doc: CompiledDocument) -> str:
    return (
        f"{doc.municipality.name}. Verksamhetsberättelse för perioden {doc.covers}. "
        f"Sammanställd {_long(doc.made_on)} ur Tillit: nämndernas ramar, bokfört utfall och "
        "prognoser, och förvaltningens inlämnade rapporter om uppdragen. Belopp i miljoner kronor "
        "(mnkr), nettokostnader."
    )


def _counts_text(c: dict, n: int) -> str:
    closed = f"{c['closed']} avslutade under perioden, " if c.get("closed") else ""
    return (
        f"{n} uppdrag: {c['on_track']} enligt plan, {c['risk']} med risk, "
        f"{c['deviation']} med avvikelse, {closed}{c['missing']} utan inlämnad rapport."
    )


def item_status(item: DocItem) -> str:
    """An assignment's line in a body's list: the report's assessment, or why there is none,
    and a deadline that has passed."""
    if item.report:
        text = STATUS_LABEL.get(item.report.status, "–").lower()
    elif item.closed:
        text = "avslutat" if item.assignment.status == "completed" else "avbrutet"
    else:
        text = "ingen rapport"
    # A report on track stands for itself; without one, or at risk, a passed deadline counts.
    if item.stale and (item.report is None or item.report.status != "on_track"):
        text += f" ({item.stale} har passerat)"
    return text


def deviation_chart(doc: CompiledDocument, *, width: int = 640) -> str:
    """Frame − forecast per body as horizontal bars around zero (a deficit to the left, in red),
    server-rendered SVG with <title>/<desc>; the numbers are the "Ekonomi i sammandrag" table's
    last column, which the chart sits under. Empty string without forecasts."""
    from html import escape

    rows = [(b.body.name, b.deviation) for b in doc.economy_bodies if b.deviation is not None]
    if not rows:
        return ""
    label_w, right, top, row_h = 210, 70, 8, 22
    height = top + row_h * len(rows) + 26
    values = [float(v) / 1e6 for _, v in rows]
    lo, hi = min(values + [0.0]), max(values + [0.0])
    span = (hi - lo) or 1.0
    plot_w = width - label_w - right

    def x(v: float) -> float:
        return label_w + plot_w * (v - lo) / span

    title = f"Avvikelse mot ram per nämnd {doc.period.year} (mnkr)"
    desc = "; ".join(f"{name}: {_mn(v)} mnkr" for name, v in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="dev-title dev-desc" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<title id="dev-title">{escape(title)}</title>',
        f'<desc id="dev-desc">{escape(desc)}</desc>',
    ]
    zero = x(0.0)
    for i, ((name, v), mv) in enumerate(zip(rows, values, strict=True)):
        y = top + i * row_h
        x0, x1 = sorted((zero, x(mv)))
        color = "#b3261e" if _shown_negative(v) else "#2f6f3e"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="#1b2631">'
            f"{escape(name)}</text>"
            f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 1):.1f}" height="{row_h - 8}" '
            f'fill="{color}"/>'
        )
        tx, anchor = (x1 + 4, "start") if mv >= 0 else (x0 - 4, "end")
        if mv < 0 and x0 - 4 < label_w + 30:
            tx, anchor = x1 + 4, "start"
        parts.append(
            f'<text x="{tx:.1f}" y="{y + 15}" text-anchor="{anchor}" fill="#1b2631">{_mn(v)}</text>'
        )
    bottom = top + row_h * len(rows)
    parts.append(
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top}" y2="{bottom}" stroke="#3d4a57"/>'
        f'<text x="{label_w}" y="{bottom + 18}" fill="#3d4a57">Till vänster om nollan: '
        f"underskott ({doc.basis} över ramen).</text>"
        "</svg>"
    )
    return "".join(parts)
