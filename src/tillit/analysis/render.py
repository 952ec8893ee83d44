"""Marking flagged phrases in a text: HTML for the pages, plain text or ANSI for the CLI."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

ANSI_MARK = ("\x1b[1;33m", "\x1b[0m")
PLAIN_MARK = ("»", "«")


def _spans(text: str, findings: Iterable[Mapping]) -> list[tuple[int, int, str]]:
    """Valid, non-overlapping (start, end, reason) spans in text order."""
    spans, last = [], 0
    for f in sorted(findings, key=lambda f: (f["start"], f["end"])):
        start, end = int(f["start"]), int(f["end"])
        if start < last or not 0 <= start < end <= len(text):
            continue
        spans.append((start, end, f.get("reason", "")))
        last = end
    return spans


def marked_html(text: str, findings: Iterable[Mapping]) -> SafeString:
    """The text, escaped, with each finding in a <mark> that carries its reason."""
    out, pos = [], 0
    for number, (start, end, reason) in enumerate(_spans(text, findings), start=1):
        out.append(escape(text[pos:start]))
        out.append(
            format_html(
                '<mark class="tl-mark" title="{}">{}<sup class="tl-mark-no">{}</sup></mark>',
                reason,
                text[start:end],
                number,
            )
        )
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 — every part is escaped above


def marked_text(text: str, findings: Iterable[Mapping], *, ansi: bool = False) -> str:
    """The text with each finding between »…« (or in ANSI bold yellow)."""
    left, right = ANSI_MARK if ansi else PLAIN_MARK
    out, pos = [], 0
    for start, end, _reason in _spans(text, findings):
        out.append(text[pos:start] + left + text[start:end] + right)
        pos = end
    out.append(text[pos:])
    return "".join(out)
