"""Reads for registering protocols: the review of a read meeting before anything is stored.

`meeting_review` answers, per paragraph, what was read, which recipients it matched (the issuer's
allowed recipients first), whether the § is new or already registered, what the decision chain
and the field checks say (decisions.services.decision_check — the same rule as hand
registration) and the "vad, inte hur" advice. The web review screen, the API and the batch import
all show or act on this one review.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from tillit.analysis.advice import live_advice
from tillit.assignments.chain import allowed_recipients
from tillit.assignments.services import AssignmentDraft
from tillit.core.errors import ChainViolation, Conflict, NotFound, ValidationFailed
from tillit.decisions.models import Decision
from tillit.decisions.services import decision_check
from tillit.organisation.models import Body, Office

from .models import Protocol
from .reader.recipients import RecipientMatcher

KINDS = (
    "assignment",
    "report_decision",
    "frame_change",
    "delegation_report",
    "election",
    "noted",
    "other",
)
MAX_PARAGRAPHS = 1000
MAX_ASSIGNMENTS = 50

NEW, REGISTERED, TAKEN = "new", "registered", "taken"


@dataclass
class AssignmentReview:
    recipient_text: str
    recipient: str | None  # slug, matched or chosen
    matched: bool  # the slug came from the text (or the reader) rather than a correction
    what: str
    deadline: date | None
    resources_sek: int | None
    advice: dict = field(default_factory=dict)
    outside_chain: str = ""  # accepted as decided outside the chain: the explanation


@dataclass
class ParagraphReview:
    index: int
    number: int
    title: str
    kind: str
    decision_text: str
    case_number: str
    assignments: list[AssignmentReview]
    status: str = NEW  # new | registered (this meeting) | taken (§ used by another meeting)
    decision: Decision | None = None
    errors: dict[str, str] = field(default_factory=dict)
    chain_error: str = ""
    chain_confirmable: bool = False  # the body may have decided so: registrable as a deviation
    accept_deviation: bool = False
    advice: dict = field(default_factory=dict)
    selected: bool = True

    @property
    def ok(self) -> bool:
        return self.status == NEW and not self.errors and not self.chain_error

    @property
    def unmatched(self) -> list[AssignmentReview]:
        return [a for a in self.assignments if not a.recipient]

    def drafts(self) -> list[AssignmentDraft]:
        title = (self.title or f"§ {self.number}")[:300]
        return [
            AssignmentDraft(
                title=title,
                what=a.what,
                recipients=[a.recipient] if a.recipient else [],
                deadline=a.deadline,
                resources_sek=a.resources_sek,
            )
            for a in self.assignments
        ]


@dataclass
class MeetingReview:
    body: Body | None
    meeting_date: date | None
    paragraphs: list[ParagraphReview]
    body_guess: str = ""
    # The protocol names another municipality (a joint committee's host, or a wrong file).
    municipality_warning: str = ""

    @property
    def selected(self) -> list[ParagraphReview]:
        return [p for p in self.paragraphs if p.selected]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": sum(p.status == NEW for p in self.paragraphs),
            "registered": sum(p.status == REGISTERED for p in self.paragraphs),
            "problems": sum(p.status != REGISTERED and not p.ok for p in self.paragraphs),
            "unmatched": sum(len(p.unmatched) for p in self.paragraphs),
        }


# ---------------------------------------------------------------------------------------------
# The shape (the reader's JSON) — checked once for the API, the web and the CLI


def _date(value, path: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors[path] = _("Datumet %(str)s ska skrivas ÅÅÅÅ-MM-DD.") % {"str": repr(str(value)[:20])}
        return None


def _text(value, path: str, errors: dict, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[path] = _("Ska vara text.")
        return ""
    if len(value) > limit:
        errors[path] = _("Texten får vara högst %(limit)s tecken.") % {"limit": limit}
    return value


def meeting_parse(meeting) -> dict:
    """The meeting in the reader's shape, checked and normalised (dates as date objects).

    Raises ValidationFailed with field paths ("paragraphs[2].assignments[0].deadline")."""
    errors: dict[str, str] = {}
    if not isinstance(meeting, Mapping):
        raise ValidationFailed({"meeting": _("Sammanträdet ska vara ett JSON-objekt.")})
    out = {
        "body_guess": _text(meeting.get("body_guess"), "body_guess", errors, 300).strip(),
        "municipality_guess": _text(
            meeting.get("municipality_guess"), "municipality_guess", errors, 300
        ).strip(),
        "meeting_date": _date(meeting.get("meeting_date"), "meeting_date", errors),
        "paragraphs": [],
    }
    paragraphs = meeting.get("paragraphs")
    if not isinstance(paragraphs, list):
        errors["paragraphs"] = _("Ange paragraferna som en lista.")
        paragraphs = []
    elif len(paragraphs) > MAX_PARAGRAPHS:
        errors["paragraphs"] = _("Högst %(MAX_PARAGRAPHS)s paragrafer per sammanträde.") % {
            "MAX_PARAGRAPHS": MAX_PARAGRAPHS
        }
        paragraphs = []
    elif not paragraphs:
        errors["paragraphs"] = _("Protokollet innehåller inga paragrafer.")
    seen: set[int] = set()
    for i, p in enumerate(paragraphs):
        path = f"paragraphs[{i}]"
        if not isinstance(p, Mapping):
            errors[path] = _("Varje paragraf ska vara ett JSON-objekt.")
            continue
        number = p.get("number")
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 100000:
            errors[f"{path}.number"] = _("Paragrafnumret ska vara ett heltal från 1 till 100000.")
            number = None
        elif number in seen:
            errors[f"{path}.number"] = _("§ %(number)s förekommer två gånger i protokollet.") % {
                "number": number
            }
        else:
            seen.add(number)
        kind = p.get("kind") or "other"
        if kind not in KINDS:
            errors[f"{path}.kind"] = _("Okänd paragraftyp; välj en av %(kinds)s.") % {
                "kinds": ", ".join(KINDS)
            }
        case_number = p.get("case_number") or p.get("dnr") or ""
        item = {
            "number": number,
            "title": _text(p.get("title"), f"{path}.title", errors, 2000).strip(),
            "kind": kind,
            "decision_text": _text(p.get("decision_text"), f"{path}.decision_text", errors, 100000),
            "case_number": _text(case_number, f"{path}.case_number", errors, 50).strip(),
            "accept_deviation": p.get("accept_deviation") is True,
            "assignments": [],
        }
        assignments = p.get("assignments") or []
        if not isinstance(assignments, list) or len(assignments) > MAX_ASSIGNMENTS:
            errors[f"{path}.assignments"] = _("Högst %(MAX_ASSIGNMENTS)s uppdrag i en lista.") % {
                "MAX_ASSIGNMENTS": MAX_ASSIGNMENTS
            }
            assignments = []
        for j, a in enumerate(assignments):
            apath = f"{path}.assignments[{j}]"
            if not isinstance(a, Mapping):
                errors[apath] = _("Varje uppdrag ska vara ett JSON-objekt.")
                continue
            sek = a.get("resources_sek")
            if sek is not None and (
                isinstance(sek, bool) or not isinstance(sek, int) or not 0 <= sek < 10**14
            ):
                errors[f"{apath}.resources_sek"] = _(
                    "Resurser i kronor ska vara ett heltal från 0."
                )
                sek = None
            recipient = a.get("recipient")
            if recipient is not None and not isinstance(recipient, str):
                errors[f"{apath}.recipient"] = _("Mottagaren anges med sitt kortnamn (text).")
                recipient = None
            item["assignments"].append(
                {
                    "recipient_text": _text(
                        a.get("recipient_text"), f"{apath}.recipient_text", errors, 300
                    ).strip(),
                    "recipient": (recipient or "").strip()[:100] or None,
                    "what": _text(a.get("what"), f"{apath}.what", errors, 20000).strip(),
                    "deadline": _date(a.get("deadline"), f"{apath}.deadline", errors),
                    "resources_sek": sek,
                }
            )
        out["paragraphs"].append(item)
    if errors:
        raise ValidationFailed(errors)
    return out


# ---------------------------------------------------------------------------------------------
# Matching bodies and recipients written in the text


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").lower()
    return re.sub(r"[^a-zåäöéü0-9]+", " ", text).strip()


_MUNICIPALITY_WORDS = {"kommun", "kommuns", "stad", "stads", "region", "regions"}


def _place(name: str) -> str:
    return " ".join(w for w in _norm(name).split() if w not in _MUNICIPALITY_WORDS).rstrip("s")


def municipality_mismatch(*, municipality, guess: str) -> str:
    """A warning when the protocol names another municipality than the one it is read into."""
    if not guess or not _place(guess) or _place(guess) == _place(municipality.name):
        return ""
    return _(
        "Protokollet verkar gälla %(guess)s, inte %(name)s. Kontrollera att det är rätt fil "
        "(en gemensam nämnd kan ha en annan värdkommun)."
    ) % {"guess": guess, "name": municipality.name}


def body_match(*, municipality, guess: str, bodies=None) -> Body | None:
    """The body a protocol names ("Kommunstyrelsen", "KS", "ks", "Kommunstyrelsens
    arbetsutskott"), or None when no body or more than one fits."""
    wanted = _norm(guess)
    if not wanted:
        return None
    if bodies is None:
        bodies = Body.objects.filter(municipality=municipality)
    bodies = list(bodies)
    for b in bodies:
        if wanted in {_norm(b.slug), _norm(b.name), _norm(b.short_name or "")}:
            return b
    # "Kommunstyrelsens protokoll", "Protokoll Barn- och utbildningsnämnden": the longest
    # body name contained in the guess wins, so "kommunstyrelsens arbetsutskott" is not KS.
    found = [b for b in bodies if _norm(b.name) and _norm(b.name).rstrip("s") in wanted]
    found.sort(key=lambda b: len(b.name), reverse=True)
    return found[0] if found else None


def _names(target) -> list[str]:
    """The names a protocol may use for a body or an office (as minutes.organisation does)."""
    if isinstance(target, Body):
        return [n for n in (target.name, target.short_name) if n]
    names = [target.organisation_name]
    if target.kind != "unit":
        names += [target.title, f"{target.title} {target.organisation_name}"]
    return [n for n in names if n]


def recipient_match(*, text: str, allowed, others=()) -> str | None:
    """The slug of the target a recipient text names — the issuer's allowed recipients first,
    then the whole organisation (a wrong path is then explained by the chain check)."""
    if not (text or "").strip():
        return None
    for group in (allowed, others):
        slug = RecipientMatcher([(t.slug, _names(t)) for t in group]).match(text)
        if slug:
            return slug
    return None


# ---------------------------------------------------------------------------------------------
# The review


def _corrected(item: dict, correction: Mapping | None) -> dict:
    """A paragraph with the secretary's corrections applied (title, case number, text and each
    assignment's recipient/what/deadline/resources)."""
    if not correction:
        return item
    out = dict(item)
    for key in ("title", "case_number", "decision_text", "accept_deviation"):
        if key in correction:
            out[key] = correction[key]
    if "assignments" in correction:
        out["assignments"] = [dict(a) for a in correction["assignments"]]
    return out


def meeting_review(
    *,
    municipality,
    meeting: dict,
    body: Body | None = None,
    meeting_date: date | None = None,
    selected: set[int] | None = None,
    corrections: Mapping[int, Mapping] | None = None,
    with_advice: bool = True,
) -> MeetingReview:
    """Review a meeting (already through `meeting_parse`) for `body` (or the body it names).

    Nothing is stored. `selected` is the set of § numbers to register (None: every new one);
    `corrections` maps a § number to corrected fields."""
    corrections = corrections or {}
    bodies = list(Body.objects.filter(municipality=municipality).select_related("parent"))
    if body is None:
        body = body_match(municipality=municipality, guess=meeting["body_guess"], bodies=bodies)
    on = meeting_date or meeting["meeting_date"]
    review = MeetingReview(
        body=body,
        meeting_date=on,
        paragraphs=[],
        body_guess=meeting["body_guess"],
        municipality_warning=municipality_mismatch(
            municipality=municipality, guess=meeting.get("municipality_guess", "")
        ),
    )
    allowed = allowed_recipients(body, on) if body is not None and on is not None else []
    others = [*bodies, *Office.objects.filter(municipality=municipality)]
    existing = {}
    if body is not None and on is not None:
        numbers = [p["number"] for p in meeting["paragraphs"]]
        existing = {
            d.paragraph: d
            for d in Decision.objects.filter(
                body=body, year=on.year, paragraph__in=numbers
            ).select_related("meeting", "body")
        }
    for index, raw in enumerate(meeting["paragraphs"]):
        item = _corrected(raw, corrections.get(raw["number"]))
        assignments = []
        for a in item["assignments"]:
            slug = a.get("recipient")
            matched = bool(slug) and "recipients" not in a
            if not slug and a.get("recipient_text"):
                slug = recipient_match(text=a["recipient_text"], allowed=allowed, others=others)
                matched = slug is not None
            review_a = AssignmentReview(
                recipient_text=a.get("recipient_text", ""),
                recipient=slug or None,
                matched=matched,
                what=a.get("what", ""),
                deadline=a.get("deadline"),
                resources_sek=a.get("resources_sek"),
            )
            if with_advice and review_a.what:
                review_a.advice = live_advice(
                    review_a.what,
                    has_deadline=True if review_a.deadline else None,
                    has_resources=True if review_a.resources_sek else None,
                )
            assignments.append(review_a)
        p = ParagraphReview(
            index=index,
            number=item["number"],
            title=(item.get("title") or "").strip(),
            kind=item.get("kind", "other"),
            decision_text=item.get("decision_text", ""),
            case_number=(item.get("case_number") or "").strip(),
            assignments=assignments,
            accept_deviation=bool(item.get("accept_deviation")),
        )
        # A decision text is advised on only where an assignment was expected but none was
        # read; elections and notices are not directives.
        if with_advice and not assignments and p.kind == "assignment" and p.decision_text.strip():
            p.advice = live_advice(p.decision_text[:20000])
        done = existing.get(p.number)
        if done is not None:
            p.decision = done
            p.status = REGISTERED if done.meeting.date == on else TAKEN
        if p.status == REGISTERED:
            p.selected = False
        else:
            p.selected = selected is None or p.number in selected
        _check(p, body=body, on=on)
        review.paragraphs.append(p)
    return review


def _check(p: ParagraphReview, *, body: Body | None, on: date | None) -> None:
    """The same checks as hand registration, without storing: fields and the decision chain."""
    if p.status == REGISTERED:
        return
    if body is None:
        p.errors["body"] = _("Välj vilket organ protokollet gäller.")
        return
    if on is None:
        p.errors["meeting_date"] = _("Ange sammanträdesdagen.")
        return
    for j, a in enumerate(p.assignments):
        if not a.recipient:
            text = a.recipient_text or _("(ingen mottagare läst)")
            p.errors[f"assignments[{j}].recipients"] = _(
                "Mottagaren ”%(text)s” kunde inte kopplas till organisationen. Välj mottagare."
            ) % {"text": text[:80]}
    try:
        resolved = decision_check(
            body=body,
            meeting_date=on,
            paragraph=p.number,
            title=p.title,
            case_number=p.case_number,
            assignments=[d for d in p.drafts() if d.recipients],
            accept_deviation=p.accept_deviation,
        )
    except ChainViolation as exc:
        p.chain_error = exc.message
        p.chain_confirmable = exc.extra.get("confirmable", True)
        p.errors.setdefault(_renumber(exc.field or "assignments", p), exc.message)
    except ValidationFailed as exc:
        for key, message in exc.errors.items():
            p.errors.setdefault(_renumber(key, p), message)
    except Conflict as exc:  # the meeting is justerat and locked (meeting_lock_check)
        p.errors.setdefault("meeting_date", exc.message)
    else:
        with_recipient = [a for a in p.assignments if a.recipient]
        for a, item in zip(with_recipient, resolved, strict=True):
            a.outside_chain = item.outside_chain


_ASSIGNMENT_INDEX = re.compile(r"^assignments\[(\d+)\]")


def _renumber(key: str, p: ParagraphReview) -> str:
    """decision_check numbers only the assignments that had a recipient; map back to all."""
    match = _ASSIGNMENT_INDEX.match(key)
    if not match:
        return key
    with_recipient = [j for j, a in enumerate(p.assignments) if a.recipient]
    k = int(match.group(1))
    j = with_recipient[k] if k < len(with_recipient) else k
    return f"assignments[{j}]" + key[match.end() :]


def protocol_get(*, municipality, pk: int) -> Protocol:
    protocol = Protocol.objects.filter(municipality=municipality, pk=pk).first()
    if protocol is None:
        raise NotFound(_("Protokollet finns inte."))
    return protocol


def protocols_list(*, municipality, limit: int = 20):
    return Protocol.objects.filter(municipality=municipality).select_related("body", "uploaded_by")[
        :limit
    ]
