"""Registering decisions — the only way assignments come into existence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction

from tillit.accounts.permissions import can_register_decision
from tillit.analysis.services import decision_texts_analyse
from tillit.assignments.services import AssignmentDraft, assignment_draft_check, assignment_issue
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.organisation.models import Body

from .models import Decision, Initiative, Meeting


def _prefixed(prefix: str, errors: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}.{key}": value for key, value in errors.items()}


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
):
    """Validate a decision and its assignments without storing anything.

    Field errors are collected across the whole decision; a chain violation is raised on its own
    with the field path of the assignment it concerns (e.g. "assignments[0].recipients").
    """
    errors: dict[str, str] = {}
    if not isinstance(paragraph, int) or paragraph < 1:
        errors["paragraph"] = "Paragrafnumret måste vara ett heltal från 1."
    elif paragraph > 100000:
        errors["paragraph"] = "Paragrafnumret är orimligt stort."
    if not (title or "").strip():
        errors["title"] = "Ange beslutets rubrik."
    elif len(title) > 300:
        errors["title"] = "Rubriken får vara högst 300 tecken."
    if len(case_number or "") > 50:
        errors["case_number"] = "Diarienumret får vara högst 50 tecken."
    if initiative not in Initiative.values:
        errors["initiative"] = "Välj varifrån ärendet kom: " + ", ".join(
            f"{value} ({label})" for value, label in Initiative.choices
        )
    if approved_on and approved_on < meeting_date:
        errors["approved_on"] = "Protokollet kan inte justeras före sammanträdet."
    if not body.is_active_on(meeting_date):
        errors["meeting_date"] = f"{body.name} fanns inte på dagen {meeting_date.isoformat()}."
    elif (
        "paragraph" not in errors
        and Decision.objects.filter(body=body, year=meeting_date.year, paragraph=paragraph).exists()
    ):
        errors["paragraph"] = (
            f"§ {paragraph} finns redan för {body.name} år {meeting_date.year}. "
            "Paragrafnummer är unika per organ och år."
        )
    resolved = []
    for index, draft in enumerate(assignments):
        try:
            resolved.append(assignment_draft_check(issuer=body, draft=draft, on=meeting_date))
        except ChainViolation as exc:
            exc.field = f"assignments[{index}].{exc.field or 'recipients'}"
            raise
        except ValidationFailed as exc:
            errors.update(_prefixed(f"assignments[{index}]", exc.errors))
    if errors:
        raise ValidationFailed(errors)
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
) -> Decision:
    """Register a decision of a body with the assignments it gives, atomically.

    Raises PermissionDenied, ValidationFailed, ChainViolation or Conflict; on any error nothing is
    stored.
    """
    if not can_register_decision(actor, body):
        raise PermissionDenied(
            f"Du får inte registrera beslut för {body.name}. Det gör organets sekreterare."
        )
    resolved = decision_check(
        body=body,
        meeting_date=meeting_date,
        paragraph=paragraph,
        title=title,
        approved_on=approved_on,
        initiative=initiative,
        case_number=case_number,
        assignments=assignments,
    )
    try:
        with transaction.atomic():
            meeting, _ = Meeting.objects.get_or_create(
                municipality_id=body.municipality_id, body=body, date=meeting_date
            )
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
    except IntegrityError:
        # A concurrent registration took the same § between the check and the insert.
        raise Conflict(
            f"§ {paragraph} finns redan för {body.name} år {meeting_date.year}.", field="paragraph"
        ) from None
    return decision
