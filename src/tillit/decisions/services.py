"""Registering decisions — the only way assignments come into existence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from tillit.accounts.permissions import can_register_decision
from tillit.analysis.services import decision_texts_analyse
from tillit.assignments.services import AssignmentDraft, assignment_draft_check, assignment_issue
from tillit.core import events
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.organisation.models import Body

from .models import Decision, Initiative, Meeting


def _prefixed(prefix: str, errors: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}.{key}": value for key, value in errors.items()}


def locked_message(meeting: Meeting) -> str:
    return gettext(
        "Sammanträdet %(body)s %(day)s är justerat %(approved)s och låst: inga paragrafer kan "
        "läggas till, ändras eller tas bort."
    ) % {
        "body": meeting.body.name,
        "day": meeting.date.isoformat(),
        "approved": meeting.approved_on.isoformat(),
    }


def meeting_lock_check(*, body: Body, meeting_date: date, for_update: bool = False) -> None:
    """Refuse (Conflict, code ``meeting_locked``) when the body's meeting that day is justerat.

    The one lock rule for every path that adds a § to a meeting: the decision form, the API,
    the CLI, the minutes import and the meeting flow all go through ``decision_register``."""
    rows = Meeting.objects.filter(body=body, date=meeting_date, approved_on__isnull=False)
    if for_update:
        rows = rows.select_for_update()
    meeting = rows.select_related("body").first()
    if meeting is not None:
        raise Conflict(locked_message(meeting), code="meeting_locked", field="meeting_date")


def decision_check(
    *,
    body: Body,
    meeting_date: date,
    paragraph: int,
    title: str,
    approved_on: date | None = None,
    initiative: str = Initiative.ADMINISTRATION,
    case_number: str = "",
    assignments: Sequence[AssignmentDraft] = (),
    accept_deviation: bool = False,
):
    """Validate a decision and its assignments without storing anything.

    Field errors are collected across the whole decision; a chain violation is raised on its own
    with the field path of the assignment it concerns (e.g. "assignments[0].recipients"), unless
    ``accept_deviation`` says the body did decide so (see ``decision_register``).
    """
    meeting_lock_check(body=body, meeting_date=meeting_date)
    errors: dict[str, str] = {}
    if not isinstance(paragraph, int) or paragraph < 1:
        errors["paragraph"] = gettext("Paragrafnumret måste vara ett heltal från 1.")
    elif paragraph > 100000:
        errors["paragraph"] = gettext("Paragrafnumret är orimligt stort.")
    if not (title or "").strip():
        errors["title"] = gettext("Ange beslutets rubrik.")
    elif len(title) > 300:
        errors["title"] = gettext("Rubriken får vara högst 300 tecken.")
    if len(case_number or "") > 50:
        errors["case_number"] = gettext("Diarienumret får vara högst 50 tecken.")
    if initiative not in Initiative.values:
        errors["initiative"] = gettext("Välj varifrån ärendet kom: %(choices)s") % {
            "choices": ", ".join(f"{value} ({label})" for value, label in Initiative.choices)
        }
    if approved_on and approved_on < meeting_date:
        errors["approved_on"] = gettext("Protokollet kan inte justeras före sammanträdet.")
    if not body.is_active_on(meeting_date):
        errors["meeting_date"] = gettext("%(name)s fanns inte på dagen %(meeting_date)s.") % {
            "name": body.name,
            "meeting_date": meeting_date.isoformat(),
        }
    elif (
        "paragraph" not in errors
        and Decision.objects.filter(body=body, year=meeting_date.year, paragraph=paragraph).exists()
    ):
        errors["paragraph"] = gettext(
            "§ %(paragraph)s finns redan för %(name)s år %(year)s. "
            "Paragrafnummer är unika per organ och år."
        ) % {"paragraph": paragraph, "name": body.name, "year": meeting_date.year}
    resolved = []
    chain_error: ChainViolation | None = None
    for index, draft in enumerate(assignments):
        try:
            resolved.append(
                assignment_draft_check(
                    issuer=body, draft=draft, on=meeting_date, accept_outside_chain=accept_deviation
                )
            )
        except ChainViolation as exc:
            exc.field = f"assignments[{index}].{exc.field or 'recipients'}"
            chain_error = chain_error or exc
        except ValidationFailed as exc:
            errors.update(_prefixed(f"assignments[{index}]", exc.errors))
    if errors:
        # Everything to correct at once; the chain problem beside its field like the others.
        if chain_error is not None:
            errors.setdefault(chain_error.field, chain_error.message)
        raise ValidationFailed(errors)
    if chain_error is not None:
        raise chain_error
    return resolved


def decision_register(
    *,
    actor,
    body: Body,
    meeting_date: date,
    paragraph: int,
    title: str,
    text: str = "",
    case_number: str = "",
    approved_on: date | None = None,
    initiative: str = Initiative.ADMINISTRATION,
    initiative_by: str = "",
    assignments: Sequence[AssignmentDraft] = (),
    accept_deviation: bool = False,
) -> Decision:
    """Register a decision of a body with the assignments it gives, atomically.

    The service owns the outcome and announces it (``core.events``):
    - registered: ``decision_registered``;
    - refused: PermissionDenied, ValidationFailed, ChainViolation or Conflict, nothing stored, and
      for a chain violation ``decision_refused`` (no deviation: nothing happened);
    - registered outside the chain: with ``accept_deviation`` the secretary confirms that the
      body really decided so ("Beslutet fattades så"); the assignments that break the chain are
      kept with the explanation in ``outside_chain`` and the subscribers record the deviations
      in the same transaction. Their ids are on ``decision.deviation_ids``.
    """
    if not can_register_decision(actor, body):
        raise PermissionDenied(
            gettext("Du får inte registrera beslut för %(name)s. Det gör organets sekreterare.")
            % {"name": body.name}
        )
    try:
        resolved = decision_check(
            body=body,
            meeting_date=meeting_date,
            paragraph=paragraph,
            title=title,
            approved_on=approved_on,
            initiative=initiative,
            case_number=case_number,
            assignments=assignments,
            accept_deviation=accept_deviation,
        )
    except ChainViolation as exc:
        events.decision_refused.send(
            sender=events.decision_refused,
            actor=actor,
            body=body,
            meeting_date=meeting_date,
            error=exc,
        )
        raise
    try:
        with transaction.atomic():
            meeting, _ = Meeting.objects.get_or_create(
                municipality_id=body.municipality_id, body=body, date=meeting_date
            )
            # Justerat meanwhile? The row lock orders us after a concurrent meeting_approve.
            meeting_lock_check(body=body, meeting_date=meeting_date, for_update=True)
            decision = Decision.objects.create(
                municipality_id=body.municipality_id,
                body=body,
                meeting=meeting,
                year=meeting_date.year,
                paragraph=paragraph,
                case_number=(case_number or "").strip(),
                title=title.strip(),
                text=(text or "").strip(),
                approved_on=approved_on,
                initiative=initiative,
                initiative_by=(initiative_by or "").strip(),
                registered_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            issued = [
                assignment_issue(actor=actor, decision=decision, resolved=item) for item in resolved
            ]
            # "Vad, inte hur": stored as advice beside the decision; it never stops it.
            decision_texts_analyse(decision=decision, assignments=issued)
            decision.deviation_ids = events.collect(
                events.decision_registered,
                decision=decision,
                actor=actor,
                assignments=issued,
                outside_chain=[(a, a.outside_chain) for a in issued if a.outside_chain],
            )
    except IntegrityError:
        # A concurrent registration took the same § between the check and the insert.
        raise Conflict(
            gettext("§ %(paragraph)s finns redan för %(name)s år %(year)s.")
            % {"paragraph": paragraph, "name": body.name, "year": meeting_date.year},
            field="paragraph",
        ) from None
    return decision


def meeting_approve(
    *, actor, meeting: Meeting, approved_on: date | None, adjusters: str
) -> Meeting:
    """Record the justering of a meeting; afterwards it is locked (``meeting_lock_check``).

    ``adjusters`` names the justerare by office ("ordföranden och en ledamot"), no personal
    names needed. Refuses a second justering (Conflict ``meeting_locked``)."""
    body = meeting.body
    if not can_register_decision(actor, body):
        raise PermissionDenied(
            gettext("Du får inte justera sammanträden för %(name)s. Det gör organets sekreterare.")
            % {"name": body.name}
        )
    errors: dict[str, str] = {}
    adjusters = (adjusters or "").strip()
    if approved_on is None:
        errors["approved_on"] = gettext("Ange justeringsdagen (ÅÅÅÅ-MM-DD).")
    elif approved_on < meeting.date:
        errors["approved_on"] = gettext("Protokollet kan inte justeras före sammanträdet.")
    elif approved_on > timezone.localdate():
        errors["approved_on"] = gettext("Justeringsdagen kan inte ligga i framtiden.")
    if not adjusters:
        errors["adjusters"] = gettext(
            "Ange vilka som justerade, t.ex. ”ordföranden och en ledamot”."
        )
    elif len(adjusters) > 300:
        errors["adjusters"] = gettext("Högst 300 tecken.")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.approved_on is not None:
            raise Conflict(locked_message(locked), code="meeting_locked")
        if errors:
            raise ValidationFailed(errors)
        locked.approved_on = approved_on
        locked.adjusters = adjusters
        locked.approved_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["approved_on", "adjusters", "approved_by", "updated_at"])
    return locked
