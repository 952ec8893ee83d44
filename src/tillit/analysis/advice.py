"""What the pages show of an analysis: the same context for the live check in the register form
and for stored analyses on the detail pages (template ``analysis/_advice.html``).

Completeness advice ("Ett bra uppdrag anger också …") is about assignments. A decision text is
therefore told only what neither it nor its assignments carry, and a decision that gives no
assignment at all ("lägga rapporten till handlingarna") gets none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from .analyser import MISSING_LABELS, AnalysisInputError, analyse, validate_text
from .render import marked_html, widen_findings

# Language that hands someone a task: "ger … i uppdrag", "uppdrar åt", "ska", "ombeds".
_ASSIGNING = re.compile(
    r"\b(?:i\s+uppdrag|uppdra[rs]?|ska|skall|ombeds|åläggs|får\s+i\s+uppgift|ges\s+i\s+uppgift|"
    r"återkomma|återrapportera|utreda|utreds|ta\s+fram|tas\s+fram|genomföra|genomförs)\b",
    re.IGNORECASE,
)
# Formal decisions that close a matter without a task: filing, approving, noting, answering.
_FORMAL = re.compile(
    r"\b(?:till\s+handlingarna|godkänn\w*|noter\w*|anteckn\w*|tagit\s+del|ta\s+del|"
    r"informationen|avslå\w*|bifall\w*|besvarad|anse\w*\s+\w+\s+besvarad|avskriv\w*|"
    r"överlämna\w*|yttrande|fastställ\w*|anta\s|antar\s|antas\b|lägga\s+\w+\s+till\s+handlingarna)",
    re.IGNORECASE,
)


def gives_assignment(text: str) -> bool:
    """Does a decision text hand out a task? False only for formal decisions without one."""
    text = text or ""
    if _ASSIGNING.search(text):
        return True
    return not _FORMAL.search(text)


def advice_context(
    text: str,
    analysis: Mapping | None,
    *,
    carried: Iterable[str] = (),
    assignment: bool | None = True,
) -> dict:
    """Context for ``analysis/_advice.html`` from a text and ``Analysis.to_dict()`` (or a stored
    ``TextAnalysis.to_dict()``).

    ``carried``: parts of a good assignment ("result", "deadline", "resources", "followup") that
    the decision's assignments already give, so the decision text is not told to add them.
    ``assignment``: whether the text gives a task (None: judge from the text); without one there
    is no completeness advice.
    """
    if analysis is None:
        return {"advice": None}
    level = analysis["level"]
    # The reasons are stored and served by the API in Swedish (lexicon, gettext_noop); the page
    # shows them in the reader's language.
    findings = widen_findings(
        text,
        [{**f, "reason": _(f["reason"]) if f.get("reason") else ""} for f in analysis["findings"]],
    )
    if level == "how":
        summary = _(
            "Texten anger hur arbetet ska utföras; överväg att formulera vilket resultat som ska "
            "uppnås och låta förvaltningen välja metod."
        )
    elif findings:
        summary = _(
            "Texten ligger i huvudsak på vad-nivå men nämner detaljer som kan uppfattas som "
            "styrning av hur."
        )
    else:
        summary = _("Texten anger vad som ska uppnås, inte hur.")
    if assignment is None:
        assignment = gives_assignment(text)
    carried = set(carried)
    missing = [
        _(MISSING_LABELS[k])
        for k in analysis["missing"]
        if k in MISSING_LABELS and assignment and k not in carried
    ]
    return {
        "advice": {
            "level": level,
            "score": analysis["score"],
            "summary": summary,
            "marked": marked_html(text, findings),
            "findings": findings,
            "missing": missing,
            "version": analysis.get("analyser_version"),
            "analysed_at": analysis.get("analysed_at"),
        }
    }


def live_advice(
    text: str, *, carried: Iterable[str] = (), assignment: bool | None = True, **flags
) -> dict:
    """Analyse typed text for the form: empty text shows nothing, too long text a notice."""
    if not (text or "").strip():
        return {"advice": None}
    try:
        validate_text(text)
    except AnalysisInputError as exc:
        return {
            "advice": None,
            "advice_error": _(exc.template) % exc.params if exc.params else _(exc.template),
        }
    return advice_context(
        text, analyse(text, **flags).to_dict(), carried=carried, assignment=assignment
    )


def carried_parts(rows: Iterable[tuple[str, Mapping]]) -> set[str]:
    """Parts of a good assignment that at least one assignment carries.

    ``rows``: (what + why, flags) per assignment, flags as for ``analyse`` (has_deadline, …).
    """
    carried: set[str] = set()
    for text, flags in rows:
        if not (text or "").strip():
            # No text to judge the result from; the structured fields still count.
            carried.update(
                k
                for k, f in (
                    ("deadline", "has_deadline"),
                    ("resources", "has_resources"),
                    ("followup", "has_followup"),
                )
                if flags.get(f)
            )
            continue
        missing = set(analyse(text, **flags).missing)
        carried.update({"result", "deadline", "resources", "followup"} - missing)
    return carried


def decision_live_advice(text: str, rows: list[tuple[str, Mapping]]) -> dict:
    """Live advice for a decision text in the register form, given its assignment rows (what +
    why and the structured fields typed so far): with rows, the decision gives assignments and
    is told only what none of them carries; without rows, only if the text itself gives a task."""
    if rows:
        return live_advice(text, carried=carried_parts(rows), assignment=True)
    return live_advice(text, assignment=None)


def stored_advice(row, *, carried: Iterable[str] = (), assignment: bool | None = True) -> dict:
    """Context for a stored TextAnalysis (or None)."""
    if row is None:
        return {"advice": None}
    ctx = advice_context(row.text, row.to_dict(), carried=carried, assignment=assignment)
    ctx["advice"]["analysed_at"] = row.analysed_at
    return ctx


def stored_carried(assignments: Iterable, latest) -> set[str]:
    """Parts of a good assignment that a decision's assignments carry, from their newest stored
    analyses (stored with the assignments' deadline, resources and follow-ups as flags)."""
    carried: set[str] = set()
    for a in assignments:
        row = latest(a)
        if row is not None:
            carried.update(set(MISSING_LABELS) - set(row.missing))
    return carried
