"""Writes for follow-up: reports, questions and answers, decisions on reports, reminders.

Every function is keyword-only, checks permission itself and is atomic. Form views, the API,
the CLI and the demo loader call these same functions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tillit.assignments.models import Assignment, Status
from tillit.assignments.services import (
    AssignmentDraft,
    assignment_amend,
    assignment_change_status,
    check_open,
    check_version,
    day_start,
)
from tillit.core import events
from tillit.core.amounts import AmountError, amount_parse
from tillit.core.errors import Conflict, PermissionDenied, ValidationFailed
from tillit.decisions.services import decision_register

from . import permissions as perm
from .models import (
    CycleKind,
    IndicatorValue,
    Notification,
    NotificationKind,
    NotificationPreference,
    Outcome,
    Question,
    Report,
    ReportCycle,
    ReportDecision,
    ReportState,
    ReportStatus,
)
from .periods import Period, days_ok, period_name, period_parse

log = logging.getLogger(__name__)

QUESTION_DUE_DAYS = 14
MAX_TEXT = 20000


def _at(day: date | None) -> datetime:
    """Now, or noon of a back-dated day (registration of something that happened earlier)."""
    today = timezone.localdate()
    if day is None or day == today:
        # Local time, so that .date() is the municipality's day (UTC is the day before
        # for the first hour or two after midnight in Sweden).
        return timezone.localtime()
    if day > today:
        raise ValidationFailed({"date": gettext("Datumet kan inte ligga i framtiden.")})
    return day_start(day)


# ---------------------------------------------------------------------------------------------
# Cycles


@transaction.atomic
def report_cycle_configure(
    *,
    actor,
    municipality,
    kind: str,
    enabled: bool,
    report_due_days: int,
    period_end_month: int | None = None,
) -> ReportCycle:
    """Turn a cycle on or off and set when its report is due (an admin's setting). For the
    delårsrapport (DR) also the month it runs to (None keeps the default, August)."""
    if not perm.is_admin(actor, municipality.pk):
        raise PermissionDenied(gettext("Bara kommunens administratör kan ändra rapportcyklerna."))
    if kind not in CycleKind.values:
        raise ValidationFailed(
            {
                "kind": gettext("Okänd cykel %(kind)s. Välj T1, DR, AR eller MM.")
                % {"kind": repr(kind)}
            }
        )
    days_ok(report_due_days)
    if period_end_month is not None:
        if kind != CycleKind.INTERIM:
            raise ValidationFailed(
                {"period_end_month": gettext("Slutmånad kan bara anges för delårsrapporten (DR).")}
            )
        if not isinstance(period_end_month, int) or not 1 <= period_end_month <= 11:
            raise ValidationFailed(
                {"period_end_month": gettext("Slutmånaden ska vara ett heltal 1–11 (8 = augusti).")}
            )
    cycle, _ = ReportCycle.objects.update_or_create(
        municipality=municipality,
        kind=kind,
        defaults={
            "enabled": enabled,
            "report_due_days": report_due_days,
            "period_end_month": period_end_month,
        },
    )
    return cycle


def period_check(*, municipality, code: str, field: str = "period") -> tuple[Period, date]:
    """Parse a period and check the municipality uses its cycle. Returns (period, due date)."""
    from .selectors import cycles_for

    period = period_parse(code, field=field)
    cycle = cycles_for(municipality=municipality)[period.kind]
    if not cycle.enabled:
        raise ValidationFailed(
            {
                field: gettext("%(name)s använder inte %(lower)s (%(code)s).")
                % {"name": municipality.name, "lower": cycle.label.lower(), "code": period.code}
            }
        )
    return period, period.due_on(cycle.report_due_days)


# ---------------------------------------------------------------------------------------------
# Reports


@dataclass
class IndicatorIn:
    name: str
    value: Decimal | str | int | float | None = None
    unit: str = ""
    target: Decimal | str | int | float | None = None


def _number(value, *, field: str, errors: dict, places: int = 2) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return amount_parse(value, places=places)
    except AmountError as exc:
        too_large = exc.reason == AmountError.TOO_LARGE
        errors[field] = (
            gettext("Talet är orimligt stort.") if too_large else gettext("Ange ett tal.")
        )
        return None


def _clean_report(
    *,
    status: str,
    narrative: str,
    indicators: Sequence[IndicatorIn | dict],
    resources_suffice: bool | None,
    resources_missing_sek,
    forecast: str,
    adjustment_request: str,
) -> tuple[dict, list[dict]]:
    errors: dict[str, str] = {}
    if status and status not in ReportStatus.values:
        errors["status"] = gettext("Välj enligt plan, risk eller avvikelse.")
    for name, value in (
        ("narrative", narrative),
        ("forecast", forecast),
        ("adjustment_request", adjustment_request),
    ):
        if len(value or "") > MAX_TEXT:
            errors[name] = gettext("Texten får vara högst %(MAX_TEXT)s tecken.") % {
                "MAX_TEXT": MAX_TEXT
            }
    missing = _number(resources_missing_sek, field="resources_missing_sek", errors=errors, places=0)
    if missing is not None and missing < 0:
        errors["resources_missing_sek"] = gettext("Beloppet som saknas kan inte vara negativt.")
    if resources_suffice and missing:
        errors["resources_missing_sek"] = gettext(
            "Ange belopp som saknas bara när resurserna inte räcker."
        )
    rows = []
    if len(indicators) > 50:
        errors["indicators"] = gettext("Högst 50 indikatorer per rapport.")
    for index, item in enumerate(indicators[:50]):
        item = item if isinstance(item, IndicatorIn) else IndicatorIn(**item)
        name = (item.name or "").strip()
        value = _number(item.value, field=f"indicators[{index}].value", errors=errors)
        target = _number(item.target, field=f"indicators[{index}].target", errors=errors)
        if not name:
            if value is not None or target is not None or (item.unit or "").strip():
                errors[f"indicators[{index}].name"] = gettext("Ange indikatorns namn.")
            continue
        if len(name) > 200 or len(item.unit or "") > 30:
            errors[f"indicators[{index}].name"] = gettext(
                "Namnet (200) eller enheten (30) är för lång."
            )
        rows.append(
            {"name": name, "value": value, "unit": (item.unit or "").strip(), "target": target}
        )
    if errors:
        raise ValidationFailed(errors)
    fields = {
        "status": status or "",
        "narrative": (narrative or "").strip(),
        "resources_suffice": resources_suffice,
        "resources_missing_sek": missing if resources_suffice is False else None,
        "forecast": (forecast or "").strip(),
        "adjustment_request": (adjustment_request or "").strip(),
    }
    return fields, rows


@transaction.atomic
def report_save_draft(
    *,
    actor,
    assignment: Assignment,
    period: str,
    status: str = "",
    narrative: str = "",
    indicators: Sequence[IndicatorIn | dict] = (),
    resources_suffice: bool | None = None,
    resources_missing_sek=None,
    forecast: str = "",
    adjustment_request: str = "",
    expected_version: int | None = None,
) -> Report:
    """Create or update the draft report of an assignment for a period (the recipient chief).

    `expected_version` (optimistic locking, the HTML form's hidden field): refuse with a 409
    Conflict when the assignment has changed since the form was loaded."""
    if not perm.can_file_report(actor, assignment):
        raise PermissionDenied(
            gettext(
                "Rapporten lämnas av den chef som har fått uppdraget "
                "(kommundirektören eller förvaltningschefen)."
            )
        )
    _check_assignment_version(assignment, expected_version)
    check_open(assignment, tail=gettext("; det rapporteras inte längre."))
    found, due_on = period_check(municipality=assignment.municipality, code=period)
    if found.end < assignment.issued_on:
        raise ValidationFailed(
            {
                "period": gettext("Perioden %(code)s slutar före uppdragets beslutsdag.")
                % {"code": found.code}
            }
        )
    fields, rows = _clean_report(
        status=status,
        narrative=narrative,
        indicators=list(indicators),
        resources_suffice=resources_suffice,
        resources_missing_sek=resources_missing_sek,
        forecast=forecast,
        adjustment_request=adjustment_request,
    )
    report = (
        Report.objects.select_for_update().filter(assignment=assignment, period=found.code).first()
    )
    if report is not None and report.is_submitted:
        raise Conflict(
            gettext("Rapporten för %(code)s är redan inlämnad och kan inte ändras.")
            % {"code": found.code},
            code="report_submitted",
        )
    if report is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    municipality_id=assignment.municipality_id,
                    assignment=assignment,
                    period=found.code,
                    period_end=found.end,
                    due_on=due_on,
                    assignment_version=assignment.version,
                    author=actor,
                    **fields,
                )
        except IntegrityError:
            raise Conflict(
                gettext("Rapporten för %(code)s sparades samtidigt av någon annan.")
                % {"code": found.code}
            ) from None
    else:
        for key, value in fields.items():
            setattr(report, key, value)
        report.assignment_version = assignment.version
        report.save()
        # Indicator rows of a draft are replaced: a draft is not yet a record of anything.
        IndicatorValue.objects.filter(report=report).delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(municipality_id=report.municipality_id, report=report, position=i, **row)
        for i, row in enumerate(rows)
    )
    return report


@transaction.atomic
def report_submit(
    *,
    actor,
    report: Report,
    submitted_on: date | None = None,
    expected_version: int | None = None,
) -> Report:
    """Submit a draft: it becomes visible to the body and immutable, and the assignment moves to
    "redovisat" (unless a later change is already recorded, for a back-dated submission).
    A stale `expected_version` of the assignment is a 409 Conflict."""
    report = Report.objects.select_for_update().select_related("assignment").get(pk=report.pk)
    assignment = report.assignment
    if not perm.can_file_report(actor, assignment):
        raise PermissionDenied(gettext("Bara den chef som har fått uppdraget kan lämna rapporten."))
    _check_assignment_version(assignment, expected_version)
    if report.is_submitted:
        raise Conflict(gettext("Rapporten är redan inlämnad."), code="report_submitted")
    # A draft saved before the assignment was completed or cancelled is not submitted after.
    check_open(assignment, tail=gettext("; det rapporteras inte längre."))
    errors = {}
    if not report.status:
        errors["status"] = gettext("Ange om arbetet går enligt plan, med risk eller med avvikelse.")
    if not report.narrative:
        errors["narrative"] = gettext("Beskriv vad som har uppnåtts och vad ni har lärt er.")
    if report.resources_suffice is None:
        errors["resources_suffice"] = gettext("Ange om resurserna räcker.")
    if errors:
        raise ValidationFailed(errors)
    at = _at(submitted_on)
    if at.date() < assignment.issued_on:
        raise ValidationFailed(
            {"submitted_on": gettext("Rapporten kan inte lämnas före beslutsdagen.")}
        )
    report.state = ReportState.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = at
    report.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
    later_change = assignment.status_changed_at and assignment.status_changed_at > at
    if assignment.status in (Status.DECIDED, Status.IN_PROGRESS) and not later_change:
        assignment_change_status(
            actor=actor,
            assignment=assignment,
            to_status=Status.REPORTED,
            source_label=report.source_label,
            note=f"{period_name(report.period, 'sv')} lämnad: "
            f"{report.get_status_display().lower()}.",
            occurred_on=at.date(),
        )
    notify_body(
        assignment.issuer,
        key=f"report-submitted:{report.pk}",
        kind=NotificationKind.REPORT_SUBMITTED,
        title=f"Rapport att besluta om: {assignment.title} – {period_name(report.period, 'sv')}",
        text=f"{period_name(report.period, 'sv')} är inlämnad och väntar på beslut av "
        f"{assignment.issuer.name}.",
        url=report_url(report),
        assignment=assignment,
    )
    return report


def _check_assignment_version(assignment: Assignment, expected_version: int | None) -> None:
    """Optimistic locking for forms that change an assignment: lock the row and compare."""
    if expected_version is not None:
        check_version(
            Assignment.objects.select_for_update().get(pk=assignment.pk), expected_version
        )


def report_file(
    *, actor, assignment: Assignment, period: str, submitted_on=None, **fields
) -> Report:
    """Save and submit in one step (API, CLI, demo)."""
    with transaction.atomic():
        report = report_save_draft(actor=actor, assignment=assignment, period=period, **fields)
        return report_submit(actor=actor, report=report, submitted_on=submitted_on)


def report_url(report: Report) -> str:
    return reverse(
        "followup:report",
        kwargs={"municipality": report.assignment.municipality.slug, "pk": report.pk},
    )


def assignment_url(assignment: Assignment) -> str:
    return reverse(
        "assignments:detail",
        kwargs={"municipality": assignment.municipality.slug, "pk": assignment.pk},
    )


# ---------------------------------------------------------------------------------------------
# Questions and answers


def outsider_message(assignment: Assignment) -> str:
    return (
        f"Frågor om uppdraget ställs av ledamöterna i {assignment.issuer.name}, som gav uppdraget. "
        "Du är inte ledamot där. Ställ din fråga i ditt eget organ, så går den vidare genom "
        "beslutskedjan."
    )


def question_ask(
    *,
    actor,
    assignment: Assignment,
    text: str,
    report: Report | None = None,
    due_on: date | None = None,
    asked_on: date | None = None,
) -> Question:
    """A member of the issuing body asks about an assignment. A refusal because the asker is no
    member is announced (``core.events.question_refused``) outside the transaction, so what its
    subscribers record is not rolled back with the refused question."""
    at = _at(asked_on)
    if not perm.can_ask(actor, assignment, at.date()):
        error = PermissionDenied(outsider_message(assignment), code="not_member")
        events.question_refused.send(
            sender=events.question_refused,
            actor=actor,
            assignment=assignment,
            text=text,
            error=error,
        )
        raise error
    return _question_store(
        actor=actor, assignment=assignment, text=text, report=report, due_on=due_on, at=at
    )


@transaction.atomic
def _question_store(*, actor, assignment, text, report, due_on, at) -> Question:
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = gettext("Skriv frågan.")
    elif len(text) > 5000:
        errors["text"] = gettext("Frågan får vara högst 5 000 tecken.")
    if report is not None and (report.assignment_id != assignment.pk or not report.is_submitted):
        errors["report"] = gettext("Frågan kan bara gälla en inlämnad rapport om samma uppdrag.")
    due = due_on or (at.date() + timedelta(days=QUESTION_DUE_DAYS))
    if due < at.date():
        errors["due_on"] = gettext("Svarsdatum kan inte ligga före dagen frågan ställs.")
    if errors:
        raise ValidationFailed(errors)
    chiefs = perm.recipient_chief_offices(assignment)
    question = Question.objects.create(
        municipality_id=assignment.municipality_id,
        assignment=assignment,
        report=report,
        body=assignment.issuer,
        to_office=chiefs[0] if chiefs else None,
        text=text,
        asked_by=actor,
        asked_at=at,
        due_on=due,
    )
    for user in perm.chief_users(chiefs[:1]):
        notification_send(
            user=user,
            key=f"question:{question.pk}",
            kind=NotificationKind.QUESTION,
            title=f"Fråga från {assignment.issuer.label} om {assignment.title} "
            f"(svar senast {due.isoformat()})",
            text=f"{text}\n\nSvara senast {due.isoformat()}.",
            url=assignment_url(assignment) + f"#fraga-{question.pk}",
            assignment=assignment,
        )
    return question


@transaction.atomic
def question_answer(
    *, actor, question: Question, text: str, answered_on: date | None = None
) -> Question:
    question = Question.objects.select_for_update().select_related("assignment").get(pk=question.pk)
    if not perm.can_answer(actor, question):
        raise PermissionDenied(
            gettext(
                "Frågan besvaras av den chef som har uppdraget (kommundirektören "
                "eller förvaltningschefen)."
            )
        )
    if question.is_answered:
        raise Conflict(gettext("Frågan är redan besvarad."), code="question_answered")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed({"text": "Skriv svaret."})
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            {"text": gettext("Svaret får vara högst %(MAX_TEXT)s tecken.") % {"MAX_TEXT": MAX_TEXT}}
        )
    at = _at(answered_on)
    if at < question.asked_at:
        raise ValidationFailed({"answered_on": gettext("Svaret kan inte ligga före frågan.")})
    question.answer = text
    question.answered_by = actor
    question.answered_at = at
    question.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    notification_send(
        user=question.asked_by,
        key=f"answer:{question.pk}",
        kind=NotificationKind.ANSWER,
        title=f"Svar på din fråga om {question.assignment.title}",
        text=f"Fråga: {question.text}\n\nSvar: {text}",
        url=assignment_url(question.assignment) + f"#fraga-{question.pk}",
        assignment=question.assignment,
    )
    return question


# ---------------------------------------------------------------------------------------------
# Decisions on reports


def frame_change_hook(
    *,
    actor,
    report_decision: ReportDecision,
    amount: Decimal,
    year: int | None = None,
    shares: Sequence[tuple] | None = None,
):
    """Record in Economy the frame changes a decision on a report makes, linked to the decision
    and the assignment (economy.services.frame_change_register): one per recipient body in
    ``shares`` ([(Body, signed amount)]; default: the whole amount on the lead body), for the
    budget ``year`` (default: the meeting's year). All of them or none. Returns the first (the
    lead's share when split as decided).

    Frames are kommunfullmäktige's: only a KF decision on an assignment given to a nämnd or KS
    changes that body's frame. A nämnd's decision on its own chief's assignment moves money inside
    its frame, so no frame change is made; nor when Economy refuses (e.g. no frame set for the
    year). In those cases None is returned and the decided amount, year and split stay on the
    ReportDecision."""
    try:
        from tillit.economy.services import frame_change_register
    except ImportError:  # pragma: no cover - Economy not installed
        return None
    assignment = report_decision.report.assignment
    decision = report_decision.decision
    if shares is None:
        lead = _lead_body(assignment)
        shares = [(lead, amount)] if lead is not None else []
    if not shares:
        return None
    year = year or decision.meeting.date.year
    purpose = f"Beslut om {report_decision.report.label.lower()}: {assignment.title}"[:500]
    try:
        with transaction.atomic():
            changes = [
                frame_change_register(
                    actor=actor,
                    decision=decision,
                    kind="addition" if share > 0 else "cut",
                    body=body,
                    year=year,
                    amount=abs(share),
                    assignments=[assignment],
                    purpose=purpose,
                )
                for body, share in shares
            ]
    except (ValidationFailed, PermissionDenied) as exc:
        log.info("frame change not recorded for report decision %s: %s", report_decision.pk, exc)
        return None
    return changes[0]


def recipient_bodies(assignment: Assignment) -> list:
    """The assignment's current recipient bodies (offices have no frame), the lead first."""
    rows = list(assignment.recipients.all())
    bodies = [r.body for r in rows if r.body_id]
    bodies.sort(key=lambda b: not any(r.is_lead and r.body_id == b.pk for r in rows))
    return bodies


def _lead_body(assignment: Assignment):
    bodies = recipient_bodies(assignment)
    return bodies[0] if bodies else None


def _sek(value: Decimal) -> str:
    return f"{value:,.0f} kr".replace(",", " ")


def _frame_year(frame_year, meeting_date: date, errors: dict) -> int:
    """The budget year of a resources change: the meeting's year unless the decision names the
    next one (a frame change is decided during its year or the year before)."""
    allowed = (meeting_date.year, meeting_date.year + 1)
    if frame_year in (None, ""):
        return meeting_date.year
    try:
        year = int(frame_year)
    except (TypeError, ValueError):
        year = None
    if year not in allowed:
        errors["frame_year"] = gettext(
            "Ramförändringen gäller sammanträdets år eller året efter "
            "(%(allowed)s eller %(allowed2)s)."
        ) % {"allowed": allowed[0], "allowed2": allowed[1]}
        return meeting_date.year
    return year


def _frame_shares(frame_split, change: Decimal, assignment: Assignment, errors: dict) -> list:
    """[(Body, signed amount)]: the decided split of ``change`` among the recipient bodies
    ({slug: amount}, [(slug, amount)] or [{"body", "amount"}]); without one, all of it on the
    lead body. Each share has the change's sign (a zero share is left out) and the shares add
    up to the change."""
    bodies = {b.slug: b for b in recipient_bodies(assignment)}
    if not frame_split:
        lead = _lead_body(assignment)
        return [(lead, change)] if lead is not None else []
    if isinstance(frame_split, dict):
        items = list(frame_split.items())
    else:
        items = [
            (item.get("body"), item.get("amount")) if isinstance(item, dict) else tuple(item)
            for item in frame_split
        ]
    if not bodies:
        errors["frame_split"] = gettext(
            "Uppdraget har inga mottagande organ att fördela beloppet på."
        )
        return []
    names = ", ".join(bodies)
    shares, seen = [], set()
    for slug, raw in items:
        slug = str(slug or "").strip()
        if slug not in bodies:
            errors["frame_split"] = gettext(
                "%(value)s är inte ett mottagande organ för uppdraget; fördela på %(names)s."
            ) % {"value": slug or "(tomt)", "names": names}
            return []
        if slug in seen:
            errors["frame_split"] = gettext("%(slug)s står två gånger i fördelningen.") % {
                "slug": slug
            }
            return []
        seen.add(slug)
        try:
            share = amount_parse(raw, places=0)
        except AmountError:
            errors["frame_split"] = gettext(
                "Beloppet för %(slug)s är inte ett belopp i kronor."
            ) % {"slug": slug}
            return []
        if share and (share > 0) != (change > 0):
            errors["frame_split"] = gettext(
                "Beloppet för %(slug)s ska ha samma tecken som ändringen (%(sek)s)."
            ) % {"slug": slug, "sek": _sek(change)}
            return []
        if share:
            shares.append((bodies[slug], share))
    total = sum((s for _b, s in shares), Decimal(0))
    if total != change:
        errors["frame_split"] = gettext(
            "Fördelningen (%(sek)s) ska bli lika med ändringen av resurserna (%(sek2)s)."
        ) % {"sek": _sek(total), "sek2": _sek(change)}
        return []
    return shares


@transaction.atomic
def report_decide(
    *,
    actor,
    report: Report,
    outcome: str,
    meeting_date: date,
    paragraph: int,
    title: str = "",
    text: str = "",
    case_number: str = "",
    approved_on: date | None = None,
    amendment: AssignmentDraft | None = None,
    resources_change_sek=None,
    frame_year: int | None = None,
    frame_split=None,
    expected_version: int | None = None,
) -> ReportDecision:
    """The issuing body's decision (§) on a submitted report: continue, adjust the assignment,
    change its resources, complete or cancel it. Registers the decision through
    decision_register and applies it to the assignment, all or nothing. `expected_version` is
    the assignment version the decision was prepared from; a stale one is a 409 Conflict.

    A resources change states its budget year (`frame_year`: the meeting's year, the default,
    or the next one) and its split among the recipient bodies (`frame_split`, {slug: kr}, adding
    up to the change; default: all on the lead body). Both are written into the decision text,
    kept on the ReportDecision and, for a KF decision, booked as frame changes (one per body)."""
    report = (
        Report.objects.select_for_update().select_related("assignment__issuer").get(pk=report.pk)
    )
    assignment = report.assignment
    if not perm.can_decide_on(actor, assignment):
        raise PermissionDenied(
            gettext("Beslut om rapporten registreras av sekreteraren i %(name)s.")
            % {"name": assignment.issuer.name}
        )
    if outcome not in Outcome.values:
        raise ValidationFailed({"outcome": gettext("Välj vad organet beslutar om rapporten.")})
    if not report.is_submitted:
        raise ValidationFailed({"report": gettext("Rapporten är inte inlämnad ännu.")})
    if ReportDecision.objects.filter(report=report).exists():
        raise Conflict(gettext("Organet har redan beslutat om rapporten."), code="report_decided")
    _check_assignment_version(assignment, expected_version)
    check_open(assignment, tail=".")
    errors: dict[str, str] = {}
    if report.submitted_at and meeting_date < timezone.localtime(report.submitted_at).date():
        errors["meeting_date"] = gettext("Beslutet kan inte fattas före rapporten lämnades.")
    if meeting_date > timezone.localdate():
        errors["meeting_date"] = gettext("Registrera beslutet efter sammanträdet.")
    change, year, shares = None, None, []
    if outcome == Outcome.RESOURCES:
        change = _number(
            resources_change_sek, field="resources_change_sek", errors=errors, places=0
        )
        if change is None and "resources_change_sek" not in errors:
            errors["resources_change_sek"] = gettext(
                "Ange hur mycket resurserna ändras (kr, minus för minskning)."
            )
        elif change == 0:
            errors["resources_change_sek"] = gettext("Ändringen kan inte vara noll.")
        elif change is not None and (assignment.resources_sek or 0) + change < 0:
            errors["resources_change_sek"] = gettext("Resurserna kan inte bli negativa.")
        year = _frame_year(frame_year, meeting_date, errors)
        shares = _frame_shares(frame_split, change, assignment, errors) if change else []
    if outcome == Outcome.ADJUST and amendment is None:
        errors["amendment"] = gettext("Ange uppdragets nya lydelse.")
    if errors:
        raise ValidationFailed(errors)
    label = report.label.lower()
    decision = decision_register(
        actor=actor,
        body=assignment.issuer,
        meeting_date=meeting_date,
        paragraph=paragraph,
        title=(title or f"Uppföljning av uppdraget {assignment.title}")[:300],
        text=text or _default_decision_text(assignment, report, outcome, change, year, shares),
        case_number=case_number or assignment.decision.case_number,
        approved_on=approved_on,
        initiative="administration",
    )
    note = f"Beslut om {label}: {Outcome(outcome).label.lower()}."
    source = f"Beslut om {label} (nr {report.pk})"
    if outcome in (Outcome.ADJUST, Outcome.RESOURCES):
        if outcome == Outcome.RESOURCES:
            amendment = _current_draft(assignment)
            amendment.resources_sek = (assignment.resources_sek or 0) + change
        assignment = assignment_amend(
            actor=actor,
            assignment=assignment,
            decision=decision,
            draft=amendment,
            note=note,
            source_label=source,
            expected_version=expected_version,
        )
    target = {
        Outcome.COMPLETE: Status.COMPLETED,
        Outcome.CANCEL: Status.CANCELLED,
    }.get(outcome)
    changed_at = assignment.status_changed_at
    later_change = changed_at and timezone.localtime(changed_at).date() > meeting_date
    if target is None and assignment.status == Status.REPORTED and not later_change:
        target = Status.IN_PROGRESS  # the work goes on (unless a later change is recorded)
    if target is not None:
        assignment_change_status(
            actor=actor,
            assignment=assignment,
            to_status=target,
            decision=decision,
            note=note,
            source_label=source,
        )
    assignment.refresh_from_db()
    row = ReportDecision.objects.create(
        municipality_id=assignment.municipality_id,
        report=report,
        decision=decision,
        outcome=outcome,
        resources_change_sek=change,
        frame_year=year if change is not None else None,
        frame_split=[{"body": b.slug, "amount": str(a)} for b, a in shares],
        assignment_version=assignment.version,
        registered_by=actor,
    )
    if change is not None:
        frame_change = frame_change_hook(
            actor=actor, report_decision=row, amount=change, year=year, shares=shares
        )
        if frame_change is not None:
            row.frame_change = frame_change
            row.save(update_fields=["frame_change", "updated_at"])
    # "Rapport att besluta om" is done once decided: nobody should still see it as waiting.
    Notification.objects.filter(key=f"report-submitted:{report.pk}", read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return row


def _current_draft(assignment: Assignment) -> AssignmentDraft:
    recipients = list(assignment.recipients.all())
    return AssignmentDraft(
        title=assignment.title,
        what=assignment.what,
        why=assignment.why,
        recipients=[r.slug for r in recipients],
        lead=next((r.slug for r in recipients if r.is_lead), None),
        resources_sek=assignment.resources_sek,
        resources_fte=assignment.resources_fte,
        deadline=assignment.deadline,
        followups=[f.due_on for f in assignment.followups.all()],
    )


def amendment_from(assignment: Assignment, **changes) -> AssignmentDraft:
    """The assignment's current content with some fields changed — the usual amendment."""
    draft = _current_draft(assignment)
    for key, value in changes.items():
        if not hasattr(draft, key):
            raise ValueError(key)
        setattr(draft, key, value)
    return draft


def _default_decision_text(assignment, report, outcome, change, year=None, shares=()) -> str:
    body = assignment.issuer.name
    ref = assignment.decision.reference
    what = f"{report.label.lower()} om uppdraget {assignment.title} ({ref})"
    if outcome == Outcome.CONTINUE:
        return f"{body} beslutar att lägga {what} till handlingarna. Uppdraget fortsätter."
    if outcome == Outcome.ADJUST:
        return f"{body} beslutar, med anledning av {what}, att ändra uppdraget."
    if outcome == Outcome.RESOURCES:
        verb = "utöka" if change > 0 else "minska"
        amount = _sek(abs(change))
        text = f"{body} beslutar, med anledning av {what}, att {verb} resurserna med {amount}"
        if year:
            text += f" för {year}"
        if len(shares) > 1:
            parts = [f"{_sek(abs(a))} till {b.name}" for b, a in shares]
            text += ", varav " + ", ".join(parts[:-1]) + " och " + parts[-1]
        return text + "."
    if outcome == Outcome.COMPLETE:
        return f"{body} beslutar att godkänna {what} och att förklara uppdraget avslutat."
    return f"{body} beslutar, med anledning av {what}, att avbryta uppdraget."


# ---------------------------------------------------------------------------------------------
# Notifications and reminders


def notification_send(
    *,
    user,
    key: str,
    kind: str,
    title: str,
    text: str = "",
    url: str = "",
    assignment: Assignment | None = None,
    municipality_id: int | None = None,
) -> Notification | None:
    """Put a message in the user's inbox — once per key. E-mail goes out in the daily digest
    (``digests_send``), not per message."""
    if user is None or not user.is_active:
        return None
    municipality_id = municipality_id or (assignment.municipality_id if assignment else None)
    notification, created = Notification.objects.get_or_create(
        user=user,
        key=key[:120],
        defaults={
            "municipality_id": municipality_id,
            "kind": kind,
            "title": title[:300],
            "text": text,
            "url": url[:300],
            "assignment": assignment,
        },
    )
    return notification if created else None


def notify_body(
    body,
    *,
    key: str,
    kind: str,
    title: str,
    text: str = "",
    url: str = "",
    assignment: Assignment | None = None,
    on: date | None = None,
) -> int:
    """Tell a body's members and secretaries (``perm.body_watchers``); the number of new
    messages. The key is per message; each user gets it once."""
    sent = 0
    for user in perm.body_watchers(body, on):
        sent += _counted(
            notification_send(
                user=user,
                key=key,
                kind=kind,
                title=title,
                text=text,
                url=url,
                assignment=assignment,
                municipality_id=body.municipality_id,
            )
        )
    return sent


def notification_mark_read(*, user, ids: Sequence[int] | None = None) -> int:
    """Mark the user's own messages read (all unread when ``ids`` is None); how many."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def email_digest_set(*, user, enabled: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_digest": bool(enabled)}
    )
    return preference


def email_digest_enabled(user) -> bool:
    preference = NotificationPreference.objects.filter(user=user).first()
    return True if preference is None else preference.email_digest


def _mailable(user) -> bool:
    return bool(user.email) and not user.email.endswith(".invalid")


def digests_send() -> int:
    """One e-mail per user with the messages not yet e-mailed (the daily job); users who turned
    the digest off get none, and their messages are not queued for later. The number of
    e-mails sent. A mail server problem leaves the messages for the next run."""
    base = getattr(settings, "TILLIT_BASE_URL", "").rstrip("/")
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
        .select_related("user")
        .order_by("user_id", "created_at", "id")
    )
    by_user: dict[int, list[Notification]] = {}
    for n in pending:
        by_user.setdefault(n.user_id, []).append(n)
    sent = 0
    for rows in by_user.values():
        user = rows[0].user
        if not user.is_active or not _mailable(user) or not email_digest_enabled(user):
            continue
        lines = []
        for n in rows:
            lines.append(f"• {n.title}")
            if n.text:
                lines.append(f"  {n.text}")
            if n.url:
                lines.append(f"  {base}{n.url}")
        subject = (
            f"Tillit: {rows[0].title}"
            if len(rows) == 1
            else f"Tillit: {len(rows)} nya saker som rör dig"
        )
        footer = "\n\nDu kan stänga av den dagliga sammanfattningen på Min sida i Tillit."
        try:
            send_mail(
                subject=subject,
                message="\n".join(lines) + footer,
                from_email=None,
                recipient_list=[user.email],
            )
        except Exception:  # noqa: BLE001 - a mail server problem must not stop the others
            log.exception("could not e-mail the digest of user %s", user.pk)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
        sent += 1
    return sent


@dataclass
class RemindResult:
    sent: int = 0
    checked: int = 0
    emails: int = 0  # digests e-mailed


def reminders_run(
    *, today: date | None = None, days_before: int = 14, municipality=None
) -> RemindResult:
    """The daily job (`tillit remind`): reports due soon to the chief, overdue reports to the
    body's secretary, overdue questions to the chief, new assignments to the chief, coming
    events of the årshjul to the secretaries (yearwheel.year_events_remind). Every message
    has a key, so running twice sends nothing twice."""
    from tillit.organisation.models import Municipality

    from .selectors import assignments_due, open_periods
    from .yearwheel import year_events_remind

    today = today or timezone.localdate()
    result = RemindResult()
    municipalities = [municipality] if municipality else list(Municipality.objects.all())
    for m in municipalities:
        for period, due_on in open_periods(municipality=m, today=today, ahead_days=days_before):
            rows = assignments_due(municipality=m, period=period)
            submitted = set(
                Report.objects.filter(
                    assignment__in=rows, period=period.code, state=ReportState.SUBMITTED
                ).values_list("assignment_id", flat=True)
            )
            for assignment in rows:
                result.checked += 1
                if assignment.pk in submitted:
                    continue
                url = reverse(
                    "followup:report_form",
                    kwargs={"municipality": m.slug, "pk": assignment.pk, "period": period.code},
                )
                if due_on >= today:
                    for user in perm.chief_users(perm.recipient_chief_offices(assignment)):
                        result.sent += _counted(
                            notification_send(
                                user=user,
                                key=f"report-due:{assignment.pk}:{period.code}",
                                kind=NotificationKind.REPORT_DUE,
                                title=f"{period_name(period.code, 'sv')} ska lämnas senast "
                                f"{due_on}: {assignment.title}",
                                text=f"{period_name(period.code, 'sv')}: rapportera status, "
                                "vad som har uppnåtts "
                                "och om resurserna räcker.",
                                url=url,
                                assignment=assignment,
                            )
                        )
                else:
                    for user in perm.body_secretaries(assignment.issuer):
                        result.sent += _counted(
                            notification_send(
                                user=user,
                                key=f"report-overdue:{assignment.pk}:{period.code}",
                                kind=NotificationKind.REPORT_OVERDUE,
                                title=f"{period_name(period.code, 'sv')} försenad: "
                                f"{assignment.title}",
                                text=f"Rapporten skulle ha lämnats senast {due_on}.",
                                url=assignment_url(assignment),
                                assignment=assignment,
                            )
                        )
        overdue = Question.objects.filter(
            municipality=m, answered_at__isnull=True, due_on__lt=today
        ).select_related("assignment", "to_office")
        for question in overdue:
            offices = [question.to_office] if question.to_office_id else []
            for user in [*perm.chief_users(offices), *perm.body_secretaries(question.body)]:
                result.sent += _counted(
                    notification_send(
                        user=user,
                        key=f"question-overdue:{question.pk}",
                        kind=NotificationKind.QUESTION_OVERDUE,
                        title=f"Obesvarad fråga om {question.assignment.title} "
                        f"(svar senast {question.due_on})",
                        text=f"{question.text}\n\nSvaret skulle ha lämnats {question.due_on}.",
                        url=assignment_url(question.assignment) + f"#fraga-{question.pk}",
                        assignment=question.assignment,
                    )
                )
        recent = Assignment.objects.filter(
            municipality=m, issued_on__gte=today - timedelta(days=30), status=Status.DECIDED
        )
        for assignment in recent:
            for user in perm.chief_users(perm.recipient_chief_offices(assignment)):
                result.sent += _counted(
                    notification_send(
                        user=user,
                        key=f"assignment:{assignment.pk}",
                        kind=NotificationKind.ASSIGNMENT_RECEIVED,
                        title=f"Nytt uppdrag från {assignment.issuer.label}: {assignment.title}",
                        text=assignment.what,
                        url=assignment_url(assignment),
                        assignment=assignment,
                    )
                )
        result.sent += _deficits_without_plan_notify(m, today)
        result.sent += year_events_remind(m, today)
    result.emails = digests_send()
    return result


def _deficits_without_plan_notify(municipality, today: date) -> int:
    """A body whose forecast deficit is over 1 % of its frame with no action plan decided: its
    members and secretaries are told, once a month while it lasts."""
    from tillit.economy.selectors import economy_year  # economy sits beside follow-up

    sent = 0
    for row in economy_year(municipality=municipality, year=today.year).bodies:
        if not row.needs_action_plan:
            continue
        sent += notify_body(
            row.body,
            key=f"deficit:{row.body.pk}:{today:%Y-%m}",
            kind=NotificationKind.DEFICIT_WITHOUT_PLAN,
            title=f"Underskott utan åtgärdsplan: {row.body.name} {today.year}",
            text=(
                f"Prognosen visar ett underskott på {_mnkr(row.deficit)} mot ramen, och ingen "
                "åtgärdsplan är beslutad."
            ),
            url=reverse(
                "economy:body", kwargs={"municipality": municipality.slug, "slug": row.body.slug}
            ),
            on=today,
        )
    return sent


def _mnkr(amount) -> str:
    return f"{amount / 1_000_000:.1f} mnkr".replace(".", ",")


def _counted(notification) -> int:
    return 1 if notification is not None else 0
