"""Marking flagged phrases in a text: HTML for the pages, plain text or ANSI for the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

ANSI_MARK = ("\x1b[1;33m", "\x1b[0m")
PLAIN_MARK = ("»", "«")


# A word, with parts joined by "/" or "-" without spaces ("Gata/park", "Kultur-Fritid").
_WORD = re.compile(r"\w+(?:[/-]\w+)*")

# Lower-case words that end a place or unit name after a capitalised word ("Stora torget",
# "Lilla parken", "Norra skolan"); compounds ending in them count too ("idrottsplatsen").
NAME_HEADS = (
    "torget",
    "torg",
    "parken",
    "park",
    "gatan",
    "vägen",
    "leden",
    "allén",
    "platsen",
    "plan",
    "skolan",
    "förskolan",
    "gymnasiet",
    "biblioteket",
    "badet",
    "hallen",
    "huset",
    "gården",
    "backen",
    "berget",
    "hamnen",
    "kyrkan",
    "bron",
    "ängen",
    "skogen",
    "sjön",
    "stranden",
    "gärdet",
    "lunden",
    "boendet",
    "hemmet",
    "centrum",
    "området",
    "kvarteret",
    "stationen",
)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_head(word: str) -> bool:
    return word.islower() and any(word.endswith(h) for h in NAME_HEADS)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?:;\n"


def name_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so a highlighted phrase never splits a word or a name.

    The analyser may flag part of a name ("Stora" in "Stora torget", "Gata" in "Gata/park"); the
    reader must see the whole name marked, or the mark reads as a comment on half a name.
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    inside = [i for i, (s, e) in enumerate(words) if s < end and e > start]
    if not inside:
        return start, end
    first, last = inside[0], inside[-1]

    def gap_is_space(i: int) -> bool:  # only a single space or non-breaking space between
        return text[words[i][1] : words[i + 1][0]] in (" ", "\u00a0")

    def word(i: int) -> str:
        return text[words[i][0] : words[i][1]]

    # Rightwards: more capitalised words of the name, then at most one lower-case head.
    while last + 1 < len(words) and gap_is_space(last) and _capitalised(word(last)):
        nxt = word(last + 1)
        if _capitalised(nxt) and not _sentence_start(text, words[last + 1][0]):
            last += 1
        elif _is_head(nxt):
            last += 1
            break
        else:
            break
    # Leftwards: capitalised words before a capitalised word or a head ("Stora" before "torget").
    while first > 0 and gap_is_space(first - 1):
        prev, cur = word(first - 1), word(first)
        if not _capitalised(prev) or not (_capitalised(cur) or _is_head(cur)):
            break
        if _capitalised(cur) and _sentence_start(text, words[first - 1][0]):
            break  # "Nämnden Gata/park …": a sentence-initial word is not part of the name
        first -= 1
    return min(start, words[first][0]), max(end, words[last][1])


def widen_findings(text: str, findings: Iterable[Mapping]) -> list[dict]:
    """Findings with each span widened to whole words and names; findings that then overlap
    are merged (their reasons kept, in order) and the phrase is the widened text."""
    out: list[dict] = []
    for f in sorted(findings, key=lambda f: (int(f["start"]), int(f["end"]))):
        start, end = int(f["start"]), int(f["end"])
        if not 0 <= start < end <= len(text):
            continue
        start, end = name_span(text, start, end)
        if out and start < out[-1]["end"]:
            prev = out[-1]
            prev["end"] = max(prev["end"], end)
            prev["phrase"] = text[prev["start"] : prev["end"]]
            reason = f.get("reason", "")
            if reason and reason not in prev["reason"]:
                prev["reason"] = f"{prev['reason']} {reason}".strip()
            continue
        out.append({**f, "start": start, "end": end, "phrase": text[start:end]})
    return out


def _spans(text: str, findings: Iterable[Mapping]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, reason) spans in text order, covering whole names."""
    return [(f["start"], f["end"], f.get("reason", "")) for f in widen_findings(text, findings)]


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
