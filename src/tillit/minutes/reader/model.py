"""What the minutes reader returns: plain dataclasses with a stable JSON shape.

``Minutes.to_dict()`` is the interface of issue 15 (``tillit minutes parse --json`` and the body of
``POST /api/v1/meetings``); fields beyond the interface (dnr, label, page, ...) are extra.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = (
    "assignment",
    "report_decision",
    "frame_change",
    "delegation_report",
    "election",
    "noted",
    "other",
)


class MinutesUnreadable(ValueError):
    """The file cannot be read as minutes. ``message`` is Swedish and shown to the user as is.

    ``code`` says why: ``scanned``, ``encrypted``, ``too_large``, ``not_minutes``, ``encoding``,
    ``unsupported``, ``damaged``.
    """

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Assignment:
    recipient_text: str
    what: str
    recipient: str | None = None
    deadline: date | None = None
    resources_sek: int | None = None

    def to_dict(self) -> dict:
        return {
            "recipient_text": self.recipient_text,
            "recipient": self.recipient,
            "what": self.what,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "resources_sek": self.resources_sek,
        }


@dataclass
class Paragraph:
    number: int
    title: str
    kind: str = "other"
    decision_text: str = ""
    assignments: list[Assignment] = field(default_factory=list)
    label: str = ""  # the number as printed, e.g. "KS § 45" or "§ 45/22"
    dnr: str | None = None
    page: int | None = None  # 1-based page where the paragraph starts, when known
    text: str = ""  # the paragraph's whole text after cleaning

    @property
    def has_assignment(self) -> bool:
        return bool(self.assignments)

    def to_dict(self, *, include_text: bool = False) -> dict:
        data = {
            "number": self.number,
            "title": self.title,
            "kind": self.kind,
            "decision_text": self.decision_text,
            "has_assignment": self.has_assignment,
            "assignments": [a.to_dict() for a in self.assignments],
            "label": self.label,
            "dnr": self.dnr,
            "page": self.page,
        }
        if include_text:
            data["text"] = self.text
        return data


@dataclass
class Minutes:
    body_guess: str | None
    meeting_date: date | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    municipality_guess: str | None = None
    pages: int | None = None
    source_format: str = "text"  # pdf, docx or text
    warnings: list[str] = field(default_factory=list)

    def to_dict(self, *, include_text: bool = False) -> dict:
        return {
            "body_guess": self.body_guess,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "paragraphs": [p.to_dict(include_text=include_text) for p in self.paragraphs],
            "municipality_guess": self.municipality_guess,
            "pages": self.pages,
            "source_format": self.source_format,
            "warnings": list(self.warnings),
        }
