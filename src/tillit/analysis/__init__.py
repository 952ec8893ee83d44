"""Tillit's "vad, inte hur" analysis of Swedish directive texts.

The analyser itself (``analyser``, ``lexicon``) is pure Python and imports no Django; ``apps.py``
holds the Django app configuration.
"""

from .analyser import (
    ANALYSER_VERSION,
    HOW_THRESHOLD,
    MAX_TEXT_LENGTH,
    MISSING_LABELS,
    Analysis,
    AnalysisInputError,
    Finding,
    analyse,
    explain,
    validate_text,
)

__all__ = [
    "ANALYSER_VERSION",
    "HOW_THRESHOLD",
    "MAX_TEXT_LENGTH",
    "MISSING_LABELS",
    "Analysis",
    "AnalysisInputError",
    "Finding",
    "analyse",
    "explain",
    "validate_text",
]
