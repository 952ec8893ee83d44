"""Glue for ``tillit minutes parse FILE [--json]``.

Exit status: 0 read, 1 the file cannot be opened, 2 the file is not readable minutes (scanned,
encrypted, too large, wrong encoding, no paragraphs) — the message says why, in Swedish.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import MinutesUnreadable, parse_minutes

__all__ = ["add_arguments", "handle"]


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="protocol: PDF (text layer), DOCX or text")
    parser.add_argument(
        "--json", dest="as_json", action="store_true", help="print one JSON object (the contract)"
    )
    parser.add_argument(
        "--text", dest="with_text", action="store_true", help="with --json: each paragraph's text"
    )
    parser.add_argument(
        "--municipality",
        metavar="SLUG",
        help="match recipients to this municipality's bodies and offices (needs the database)",
    )


def handle(options: dict, stdout, stderr, organisation=None) -> int:
    path = Path(options["file"])
    if not path.exists():
        stderr.write(f"minutes parse: filen finns inte: {path}\n")
        return 1
    if path.is_dir():
        stderr.write(f"minutes parse: {path} är en mapp, inte en fil\n")
        return 1
    try:
        minutes = parse_minutes(path, organisation=organisation)
    except MinutesUnreadable as exc:
        stderr.write(f"minutes parse: {path.name}: {exc.message}\n")
        return 2
    except OSError as exc:
        stderr.write(f"minutes parse: kan inte läsa {path}: {exc.strerror or exc}\n")
        return 1
    if options.get("as_json"):
        data = minutes.to_dict(include_text=bool(options.get("with_text")))
        stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return 0
    stdout.write(format_text(minutes))
    return 0


def format_text(minutes) -> str:
    out = [
        f"Organ: {minutes.body_guess or '?'}",
        f"Sammanträdesdatum: {minutes.meeting_date.isoformat() if minutes.meeting_date else '?'}",
        f"Paragrafer: {len(minutes.paragraphs)}, varav med uppdrag: "
        f"{sum(1 for p in minutes.paragraphs if p.has_assignment)}",
        "",
    ]
    for p in minutes.paragraphs:
        dnr = f"  (Dnr {p.dnr})" if p.dnr else ""
        out.append(f"§ {p.number}  {p.title}{dnr}  [{p.kind}]")
        for a in p.assignments:
            extra = []
            if a.recipient:
                extra.append(f"→ {a.recipient}")
            if a.deadline:
                extra.append(f"senast {a.deadline.isoformat()}")
            if a.resources_sek is not None:
                extra.append(f"{a.resources_sek} kr")
            tail = f"  ({', '.join(extra)})" if extra else ""
            out.append(f"    uppdrag till {a.recipient_text}: {a.what}{tail}")
    return "\n".join(out) + "\n"
