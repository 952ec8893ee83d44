"""What the pages show of an analysis: the same context for the live check in the register form
and for stored analyses on the detail pages (template ``analysis/_advice.html``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from .analyser import MISSING_LABELS, AnalysisInputError, analyse, validate_text
from .render import marked_html


def advice_context(text: str, analysis: Mapping | None) -> dict:
    """Context for ``analysis/_advice.html`` from a text and ``Analysis.to_dict()`` (or a stored
    ``TextAnalysis.to_dict()``)."""
    if analysis is None:
        return {"advice": None}
    level = analysis["level"]
    findings = list(analysis["findings"])
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
    return {
        "advice": {
            "level": level,
            "score": analysis["score"],
            "summary": summary,
            "marked": marked_html(text, findings),
            "findings": findings,
            "missing": [MISSING_LABELS[k] for k in analysis["missing"] if k in MISSING_LABELS],
            "version": analysis.get("analyser_version"),
            "analysed_at": analysis.get("analysed_at"),
        }
    }


def live_advice(text: str, **flags) -> dict:
    """Analyse typed text for the form: empty text shows nothing, too long text a notice."""
    if not (text or "").strip():
        return {"advice": None}
    try:
        validate_text(text)
    except AnalysisInputError as exc:
        return {"advice": None, "advice_error": str(exc)}
    return advice_context(text, analyse(text, **flags).to_dict())


def stored_advice(row) -> dict:
    """Context for a stored TextAnalysis (or None)."""
    if row is None:
        return {"advice": None}
    ctx = advice_context(row.text, row.to_dict())
    ctx["advice"]["analysed_at"] = row.analysed_at
    return ctx
