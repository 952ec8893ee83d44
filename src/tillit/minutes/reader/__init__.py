"""The minutes reader: protocol files (PDF text layer, DOCX, text) → meeting, paragraphs,
decisions and assignments. Pure Python, no Django; see docs/minutes.md.

    from tillit.minutes.reader import parse_minutes, MinutesUnreadable
    minutes = parse_minutes(Path("protokoll.pdf"))                 # a path
    minutes = parse_minutes(data, filename="protokoll.pdf")          # bytes of an upload
    minutes = parse_minutes("KS § 45 ...")                           # text
    minutes = parse_minutes(data, organisation=[("ks", ["Kommunstyrelsen", "KS"]), ...])
    minutes.to_dict()   # the JSON interface of issue 15
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .extract import MAX_BYTES, MAX_PAGES, extract_pages
from .model import KINDS, Assignment, Minutes, MinutesUnreadable, Paragraph
from .parse import parse_text
from .recipients import RecipientMatcher, match_recipient

__all__ = [
    "KINDS",
    "MAX_BYTES",
    "MAX_PAGES",
    "Assignment",
    "Minutes",
    "MinutesUnreadable",
    "Paragraph",
    "RecipientMatcher",
    "match_recipient",
    "parse_minutes",
    "read_pages",
]


def read_pages(
    source: str | bytes | os.PathLike, *, filename: str | None = None
) -> tuple[str, list[str]]:
    """(format, page texts) of a path, file bytes or text."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise MinutesUnreadable(f"Filen kan inte läsas: {path.name}.", "unreadable") from exc
        if size > MAX_BYTES:
            raise MinutesUnreadable(
                f"Filen är för stor ({size // (1024 * 1024)} MB); högst "
                f"{MAX_BYTES // (1024 * 1024)} MB kan läsas. Dela upp protokollet.",
                "too_large",
            )
        return extract_pages(path.read_bytes(), filename or path.name)
    if isinstance(source, bytes | bytearray | memoryview):
        return extract_pages(bytes(source), filename)
    if isinstance(source, str):
        return "text", source.split("\f")
    raise TypeError("parse_minutes takes a path (os.PathLike), bytes or text (str)")


def parse_minutes(
    source: str | bytes | os.PathLike,
    *,
    filename: str | None = None,
    organisation: Iterable[tuple[str, Iterable[str]]] | None = None,
) -> Minutes:
    """Read a protocol. ``source`` is a path (``pathlib.Path``), the file's bytes, or its text.

    ``filename`` helps to tell the format of bytes (content is sniffed first). ``organisation``
    is ``[(slug, [name, alias, ...]), ...]`` for matching recipients to bodies and offices.
    Raises :class:`MinutesUnreadable` (Swedish ``message``, ``code``) for scanned, encrypted,
    too large, wrongly encoded files and for files with no paragraphs (not minutes).
    """
    fmt, pages = read_pages(source, filename=filename)
    minutes = parse_text(pages, list(organisation) if organisation else None, source_format=fmt)
    if fmt == "pdf":
        blank = [str(k) for k, page in enumerate(pages, 1) if sum(c.isalpha() for c in page) < 25]
        if blank:
            # A protocol partly scanned (signature pages, attachments): say what was not read.
            minutes.warnings.append(
                f"{'Sidan' if len(blank) == 1 else 'Sidorna'} {', '.join(blank)} saknar text "
                "(skannad?) och har inte lästs."
            )
    if not minutes.paragraphs:
        raise MinutesUnreadable(
            "Filen verkar inte vara ett protokoll – inga paragrafer (§) med beslut hittades.",
            "not_minutes",
        )
    return minutes
