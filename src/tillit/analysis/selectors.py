"""Reads of stored analyses. Lists prefetch ``text_analyses`` (see ``analyses_prefetch``) and
take the newest with ``analysis_latest`` without another query."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import TextAnalysis


def analyses_prefetch(lookup: str = "text_analyses") -> Prefetch:
    """Prefetch of an object's analyses, newest first."""
    return Prefetch(lookup, queryset=TextAnalysis.objects.order_by("-analysed_at", "-id"))


def analysis_latest(obj) -> TextAnalysis | None:
    """The newest stored analysis of a decision or assignment (uses a prefetch when present)."""
    rows = obj.text_analyses.all()
    if getattr(obj, "_prefetched_objects_cache", {}).get("text_analyses") is not None:
        return rows[0] if rows else None
    return rows.order_by("-analysed_at", "-id").first()
