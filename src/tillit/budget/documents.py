"""The budget document "Mål och budget Y med plan Y+1–Y+2": PDF (WeasyPrint, PDF/UA-1, tagged
headings) and Word (python-docx, real headings) — the same machinery as followup.documents.

Contents: the council's direction goals; the result budget (skatteintäkter och generella
statsbidrag, nettokostnader = the frames, finansnetto, result and its share of skatter och
bidrag against the financial goal); then per body its grunduppdrag, a frame table (previous
frame, changes by kind, new frame, plan years), the assignments it funds with resources and
deadlines, and indicators with targets. Numbers in Swedish format (1 234,5 mnkr).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string

from tillit.core.errors import NotFound
from tillit.core.formatting import date_long
from tillit.core.validation import xml_safe
from tillit.organisation.models import BodyKind, Municipality

from .models import Budget, BudgetStatus, Kind
from .selectors import budget_view, budgets_list, carried_bodies, previous_frames

logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

NBSP = "\u00a0"
MINUS = "\u2212"


def _swedish(text: str) -> str:
    """'1,234.5' -> '1 234,5' (no-break space between digit groups), '-' -> '−'."""
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP).replace("-", MINUS)


def kr(value) -> str:
    if value is None:
        return "–"
    return _swedish(f"{Decimal(value):,.0f}") + f"{NBSP}kr"


def mnkr(value) -> str:
    """Millions with one decimal; a non-zero amount below 0,1 mnkr in tkr ('23 tkr'), since
    '0,0' would hide it."""
    if value is None:
        return "–"
    if value and abs(Decimal(value)) < 100_000:
        thousands = (Decimal(value) / Decimal(1000)).quantize(Decimal(1), ROUND_HALF_UP)
        return _swedish(f"{thousands:,.0f}") + f"{NBSP}tkr"
    number = (Decimal(value) / Decimal(1_000_000)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return _swedish(f"{number:,.1f}")


def percent(value) -> str:
    if value is None:
        return "–"
    return _swedish(f"{Decimal(value).quantize(Decimal('0.1'), ROUND_HALF_UP):.1f}") + f"{NBSP}%"


@dataclass
class AssignmentRow:
    title: str
    reference: str
    recipients: str
    resources: str
    deadline: str
    kind_note: str


@dataclass
class BodySection:
    name: str
    mission: str
    mission_reference: str
    frame_rows: list[tuple[str, str, str, str]]  # label, this year, plan 1, plan 2
    assignments: list[AssignmentRow] = field(default_factory=list)
    indicators: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # name, id, unit, target
    # the "Grunduppdrag" heading: left out for the council (KF gives itself no grunduppdrag)
    # unless its line has one, and for every body when the budget gives none at all
    show_mission: bool = True


@dataclass
class BudgetDocument:
    municipality: Municipality
    budget: Budget
    title: str
    subtitle: str
    goals: list[str]
    result_rows: list[tuple[str, str]]
    result_note: str
    sections: list[BodySection]
    made_on: date
    missions_note: str = ""  # one sentence when the budget gives no body a grunduppdrag
    kinds_note: str = (
        "Ramförändringarnas typer: uppdrag (finansierar uppdrag), pris- och löneuppräkning, "
        "volym och demografi, effektiviseringskrav, teknisk justering (flytt mellan organ) och "
        "utan kopplat uppdrag."
    )


def _budget_for(municipality, year: int) -> Budget:
    budgets = list(budgets_list(municipality=municipality, year=year))
    adopted = [b for b in budgets if b.status == BudgetStatus.ADOPTED]
    if adopted:
        return adopted[0]
    if budgets:
        raise NotFound(
            f"Budgeten för {year} är inte antagen ännu ({len(budgets)} förslag finns). "
            "Dokumentet skrivs för den budget kommunfullmäktige har antagit."
        )
    raise NotFound(f"{municipality.name} har ingen budget för {year}.")


def document_build(*, municipality, year: int, today: date) -> BudgetDocument:
    budget = _budget_for(municipality, year)
    previous = previous_frames(municipality=municipality, year=year)
    view = budget_view(
        budget, previous, carried_bodies(municipality=municipality, year=year, previous=previous)
    )
    y1, y2 = budget.plan_years
    totals = view.totals
    net = totals["frame"]
    result_rows = []
    note = ""
    if budget.tax_revenue is not None:
        financial_net = budget.financial_net or Decimal(0)
        result = budget.tax_revenue - net + financial_net
        share = result / budget.tax_revenue * 100
        result_rows = [
            ("Skatteintäkter och generella statsbidrag", mnkr(budget.tax_revenue)),
            ("Nämndernas nettokostnader (ramar)", mnkr(-net)),
            ("Finansnetto", mnkr(financial_net)),
            ("Årets resultat", mnkr(result)),
            ("Resultat i procent av skatter och bidrag", percent(share)),
        ]
        if budget.financial_goal is not None:
            result_rows.append(
                ("Finansiellt mål (god ekonomisk hushållning)", percent(budget.financial_goal))
            )
            reached = share >= budget.financial_goal
            note = (
                f"Resultatet motsvarar {percent(share)} av skatter och bidrag. Målet för god "
                f"ekonomisk hushållning är {percent(budget.financial_goal)}; budgeten "
                + ("uppfyller målet." if reached else "uppfyller inte målet.")
            )
    else:
        note = (
            "Budgeten anger inte skatteintäkter och finansnetto; resultatbudgeten visar bara "
            f"nämndernas nettokostnader, {mnkr(net)} mnkr."
        )
    sections = []
    for line in view.lines:
        by_kind = line.by_kind
        rows = [("Föregående ram", mnkr(line.previous), "", "")]
        for kind, label in Kind.choices:
            if kind in by_kind:
                rows.append((str(label), mnkr(by_kind[kind]), "", ""))
        p1, p2 = line.plan_frames
        rows.append((f"Ny ram {budget.year}", mnkr(line.frame), mnkr(p1), mnkr(p2)))
        assignments = []
        for c in line.changes:
            if c.kind != Kind.ASSIGNMENT:
                continue
            linked = list(c.assignments.all())
            for a in linked:
                assignments.append(
                    AssignmentRow(
                        title=a.title,
                        reference=a.decision.reference.replace(" ", "\u00a0"),
                        recipients=", ".join(str(r.target) for r in a.recipients.all()),
                        resources=kr(c.amount),
                        deadline=a.deadline.isoformat() if a.deadline else "–",
                        kind_note=c.note,
                    )
                )
            if not linked and c.new_assignment:
                assignments.append(
                    AssignmentRow(
                        title=c.new_assignment.get("title", ""),
                        reference="ges när budgeten antas",
                        recipients=", ".join(c.new_assignment.get("recipients", [])),
                        resources=kr(c.amount),
                        deadline=c.new_assignment.get("deadline") or "–",
                        kind_note=c.note,
                    )
                )
        # an unchanged body (the budget leaves it out) has no stored line
        mission = (line.line.mission if line.line else None) or {}
        ma = line.line.mission_assignment if line.line else None
        indicators = [
            (
                ind.get("title", ""),
                ind.get("code", ""),
                ind.get("unit", ""),
                _swedish(f"{Decimal(ind['target']).normalize():f}")
                if ind.get("target") is not None
                else "–",
            )
            for ind in mission.get("indicators", [])
        ]
        sections.append(
            BodySection(
                name=line.body.name,
                mission=mission.get("what", ""),
                mission_reference=(
                    f"Grunduppdraget är kommunfullmäktiges uppdrag ({ma.decision.reference})."
                    if ma is not None
                    else ""
                ),
                frame_rows=rows,
                assignments=assignments,
                indicators=indicators,
            )
        )
    missions_note = ""
    if not any(s.mission for s in sections):
        missions_note = f"Budgeten för {budget.year} ger inte nämnderna några grunduppdrag."
    for section, line in zip(sections, view.lines, strict=True):
        council = line.body.kind == BodyKind.COUNCIL
        section.show_mission = bool(section.mission) or not (missions_note or council)
    if budget.status == BudgetStatus.ADOPTED and budget.decision_id:
        subtitle = (
            f"Antagen av kommunfullmäktige {date_long(budget.decision.meeting.date, 'sv')}, "
            f"{budget.decision.reference}. Förslag från {budget.proposed_by}."
        )
    else:
        subtitle = f"Förslag från {budget.proposed_by}."
    return BudgetDocument(
        municipality=municipality,
        budget=budget,
        title=f"Mål och budget {budget.year} med plan {y1}–{y2}",
        subtitle=subtitle,
        goals=list(budget.goals or []),
        result_rows=result_rows,
        result_note=note,
        sections=sections,
        made_on=today,
        missions_note=missions_note,
    )


def render_html(doc: BudgetDocument) -> str:
    return render_to_string("budget/document.html", {"doc": doc})


def render_pdf(doc: BudgetDocument) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(doc), base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=False
    )


def _para(document, text: str, style: str | None = None):
    return document.add_paragraph(xml_safe(text), style=style)


def _table(document, header: tuple[str, ...], rows) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = xml_safe(text)


def render_docx(doc: BudgetDocument) -> bytes:
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
    document.add_heading(xml_safe(doc.title), level=0)
    _para(
        document,
        f"{doc.municipality.name}. {doc.subtitle} Utskrivet {date_long(doc.made_on, 'sv')}.",
    )
    document.add_heading("Fullmäktiges inriktningsmål", level=1)
    if doc.goals:
        for goal in doc.goals:
            _para(document, goal, style="List Number")
    else:
        _para(document, "Budgeten anger inga inriktningsmål.")
    document.add_heading("Resultatbudget", level=1)
    if doc.result_rows:
        _table(document, ("Post", "Mnkr"), doc.result_rows)
    _para(document, doc.result_note)
    document.add_heading("Nämndernas ramar och uppdrag", level=1)
    _para(document, doc.kinds_note)
    if doc.missions_note:
        _para(document, doc.missions_note)
    for section in doc.sections:
        document.add_heading(xml_safe(section.name), level=2)
        if section.show_mission:
            document.add_heading("Grunduppdrag", level=3)
            _para(document, section.mission or "Inget grunduppdrag angivet.")
            if section.mission_reference:
                _para(document, section.mission_reference)
        document.add_heading("Ram", level=3)
        y1, y2 = doc.budget.plan_years
        _table(
            document,
            ("Mnkr", str(doc.budget.year), f"Plan {y1}", f"Plan {y2}"),
            section.frame_rows,
        )
        document.add_heading("Uppdrag med resurser", level=3)
        if section.assignments:
            _table(
                document,
                ("Uppdrag", "Beslut", "Mottagare", "Resurser", "Slutdatum"),
                [
                    (a.title, a.reference, a.recipients, a.resources, a.deadline)
                    for a in section.assignments
                ],
            )
        else:
            _para(document, "Budgeten finansierar inga uppdrag för organet.")
        if section.indicators:
            document.add_heading("Indikatorer och mål", level=3)
            _table(
                document,
                ("Indikator", "Kolada-id", "Enhet", f"Mål {doc.budget.year}"),
                section.indicators,
            )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The verksamhetsplan (the administration's answer)


def plan_html(municipality, view) -> str:
    return render_to_string(
        "budget/operational_plan_document.html", {"municipality": municipality, "view": view}
    )


def plan_pdf(municipality, view) -> bytes:
    from weasyprint import HTML

    return HTML(string=plan_html(municipality, view), base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=False
    )


def plan_docx(municipality, view) -> bytes:
    from docx import Document

    document = Document()
    title = f"Verksamhetsplan {view.year}: {view.body.name}"
    document.core_properties.title = xml_safe(title)
    document.core_properties.language = "sv-SE"
    document.add_heading(xml_safe(title), level=0)
    _para(document, f"{municipality.name}. Förvaltningens svar på Mål och budget {view.year}.")
    for assignment, item in view.rows:
        is_mission = assignment.pk == view.mission_assignment_id
        document.add_heading(
            xml_safe(
                ("Grunduppdrag: " if is_mission and "Grunduppdrag" not in assignment.title else "")
                + assignment.title
            ),
            level=1,
        )
        _para(document, f"Vad: {assignment.what}")
        if is_mission:
            document.add_heading("Så genomförs grunduppdraget", level=2)
            _para(document, (view.plan.mission_how if view.plan else "") or "Inte beskrivet ännu.")
        document.add_heading("Aktiviteter", level=2)
        _para(document, (item.activities if item else "") or "Inte beskrivet ännu.")
        document.add_heading("Delmål och tidpunkter", level=2)
        _para(document, (item.milestones if item else "") or "Inte beskrivet ännu.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
