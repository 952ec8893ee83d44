"""Storing analyses of directive texts.

The analysis warns and never blocks: ``text_analysis_store`` is called inside the transaction that
registers a decision, but a text that cannot be analysed (empty, too long, an analyser bug) is
skipped, never an error for the caller. Politics is free to decide what it wants.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from .analyser import ANALYSER_VERSION, AnalysisInputError, analyse, validate_text
from .models import TextAnalysis

logger = logging.getLogger(__name__)


def assignment_text(assignment) -> str:
    """The text of an assignment that is analysed: what, and why on its own line."""
    parts = [(assignment.what or "").strip(), (assignment.why or "").strip()]
    return "\n".join(p for p in parts if p)


def _assignment_flags(assignment) -> dict:
    """Structured fields that say a part is present; absent fields are judged from the text."""
    followups = getattr(assignment, "_prefetched_objects_cache", {}).get("followups")
    has_followup = bool(followups) if followups is not None else assignment.followups.exists()
    return {
        "has_deadline": True if assignment.deadline else None,
        "has_resources": (
            True
            if assignment.resources_sek is not None or assignment.resources_fte is not None
            else None
        ),
        "has_followup": True if has_followup else None,
    }


def text_analysis_store(
    *,
    text: str,
    decision=None,
    assignment=None,
    has_deadline: bool | None = None,
    has_resources: bool | None = None,
    has_followup: bool | None = None,
) -> TextAnalysis | None:
    """Analyse the text of one decision or assignment and store the result.

    Returns the stored row, or None when the text is empty or cannot be analysed (logged).
    """
    target = assignment if assignment is not None else decision
    if target is None or (decision is not None and assignment is not None):
        raise ValueError("text_analysis_store needs exactly one of decision or assignment")
    try:
        validate_text(text)
        result = analyse(
            text,
            has_deadline=has_deadline,
            has_resources=has_resources,
            has_followup=has_followup,
        )
    except AnalysisInputError:
        return None
    except Exception:  # noqa: BLE001 — the analysis must never stop a decision
        logger.exception("Text analysis failed for %s %s", type(target).__name__, target.pk)
        return None
    data = result.to_dict()
    return TextAnalysis.objects.create(
        municipality_id=target.municipality_id,
        decision=decision,
        assignment=assignment,
        text=text,
        level=data["level"],
        score=data["score"],
        findings=data["findings"],
        missing=data["missing"],
        analyser_version=ANALYSER_VERSION,
        analysed_at=timezone.now(),
    )


def decision_texts_analyse(*, decision, assignments) -> None:
    """Store analyses of a decision's text and of each assignment it gives (what + why)."""
    if (decision.text or "").strip():
        text_analysis_store(text=decision.text, decision=decision)
    for assignment in assignments:
        text_analysis_store(
            text=assignment_text(assignment),
            assignment=assignment,
            **_assignment_flags(assignment),
        )


def text_analysis_backfill(*, municipality, force: bool = False) -> int:
    """Analyse the municipality's decisions and assignments that have no analysis with the
    current analyser version (all of them with ``force``). Returns the number of rows stored."""
    from tillit.assignments.models import Assignment
    from tillit.decisions.models import Decision

    stored = 0
    decisions = Decision.objects.filter(municipality=municipality).exclude(text="")
    assignments = Assignment.objects.filter(municipality=municipality).prefetch_related("followups")
    if not force:
        current = {"text_analyses__analyser_version": ANALYSER_VERSION}
        decisions = decisions.exclude(**current)
        assignments = assignments.exclude(**current)
    with transaction.atomic():
        for decision in decisions.order_by("id"):
            stored += text_analysis_store(text=decision.text, decision=decision) is not None
        for assignment in assignments.order_by("id"):
            row = text_analysis_store(
                text=assignment_text(assignment),
                assignment=assignment,
                **_assignment_flags(assignment),
            )
            stored += row is not None
    return stored
