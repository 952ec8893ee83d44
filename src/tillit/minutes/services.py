"""Registering what the minutes reader read: one meeting, its ticked paragraphs, all or nothing.

Every paragraph becomes a decision through ``decisions.services.decision_register`` — the same
service as hand registration, so the decision chain, the "vad, inte hur" analysis and the audit
trail apply unchanged.

Rules (docs/minutes.md, "Registrera"):
- One transaction per meeting. Every ticked paragraph is checked first (``meeting_review``); if
  any of them has a problem — an unmatched recipient, a chain violation, a § already used by
  another meeting — the whole meeting is refused with every problem named per paragraph
  (``paragraphs[i]…``) and nothing is stored. The review screen shows the same checks before the
  secretary presses the button, so a violation is seen per paragraph and can be corrected or
  unticked first.
- The same paragraph of the same meeting (body + meeting date + § number) is never registered
  twice: a § already registered for that meeting is reported as ``already_registered`` and
  skipped, so a corrected protocol uploaded again registers only what is new.
- With an idempotency key, the same request again answers the stored result and changes nothing;
  the same key with other content is a conflict.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tillit.accounts.permissions import bodies_user_can_register_for, can_import_minutes
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.decisions.services import decision_register
from tillit.organisation.models import Body

from .models import Protocol, ProtocolParagraph, ProtocolSource
from .selectors import REGISTERED, meeting_parse, meeting_review

MAX_KEY = 200


@dataclass
class Registration:
    protocol: Protocol
    body: str
    meeting_date: str
    registered: list[dict] = field(default_factory=list)
    already_registered: list[int] = field(default_factory=list)
    not_selected: list[int] = field(default_factory=list)
    replayed: bool = False

    def as_json(self) -> dict:
        return {
            "protocol_id": self.protocol.pk,
            "body": self.body,
            "meeting_date": self.meeting_date,
            "registered": self.registered,
            "already_registered": self.already_registered,
            "not_selected": self.not_selected,
        }


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        items = [_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, set) else items
    return value


def content_hash(value) -> str:
    """SHA-256 of a JSON value written canonically (sorted keys, no spaces)."""
    text = json.dumps(_jsonable(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def protocol_store(
    *,
    actor,
    municipality,
    meeting: Mapping,
    file_name: str = "",
    sha256: str = "",
    source: str = ProtocolSource.WEB,
) -> Protocol:
    """Keep what the reader read from an uploaded file, for the review screen. Nothing is
    registered yet. The same file uploaded again, not yet registered, answers the earlier row."""
    if not bodies_user_can_register_for(actor, municipality).exists():
        raise PermissionDenied(_("Du får inte läsa in protokoll. Det gör organets sekreterare."))
    parsed = meeting_parse(meeting)
    sha256 = sha256 or content_hash(meeting)
    earlier = Protocol.objects.filter(
        municipality=municipality, sha256=sha256, registered_at__isnull=True, source=source
    ).first()
    if earlier is not None:
        return earlier
    review = meeting_review(municipality=municipality, meeting=parsed, with_advice=False)
    return Protocol.objects.create(
        municipality=municipality,
        body=review.body,
        meeting_date=parsed["meeting_date"],
        file_name=(file_name or "")[:255],
        sha256=sha256,
        parsed=_jsonable(dict(meeting)),
        source=source,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _problems(review) -> tuple[dict[str, str], tuple[str, str] | None]:
    """Every problem of the ticked paragraphs as field paths, and the first chain violation."""
    errors: dict[str, str] = {}
    chain = None
    for p in review.selected:
        if p.status == REGISTERED:
            continue
        for key, message in p.errors.items():
            path = f"paragraphs[{p.index}].{key}"
            errors[path] = f"§ {p.number}: {message}"
            if chain is None and p.chain_error and message == p.chain_error:
                chain = (path, errors[path])
    return errors, chain


def meeting_register(
    *,
    actor,
    municipality,
    meeting: Mapping,
    body: Body | None = None,
    meeting_date: date | None = None,
    selected: set[int] | None = None,
    corrections: Mapping[int, Mapping] | None = None,
    idempotency_key: str | None = None,
    protocol: Protocol | None = None,
    source: str = ProtocolSource.API,
    file_name: str = "",
    sha256: str = "",
    _retried: bool = False,
) -> Registration:
    """Register the ticked paragraphs of one meeting as decisions, all or nothing.

    `meeting` is the reader's JSON; `body` and `meeting_date` override what it names; `selected`
    is the set of § numbers to register (None: every paragraph not yet registered);
    `corrections` maps a § number to corrected fields (see ``selectors._corrected``).
    Raises ValidationFailed, ChainViolation (422), PermissionDenied or Conflict; then nothing
    is stored."""
    if not bodies_user_can_register_for(actor, municipality).exists():
        raise PermissionDenied(
            _("Du får inte registrera protokoll i %(name)s. Det gör organets sekreterare.")
            % {"name": municipality.name}
        )
    parsed = meeting_parse(meeting)
    key = None
    request_hash = ""
    if idempotency_key is not None:
        key = idempotency_key.strip()
        if not key or len(key) > MAX_KEY:
            raise ValidationFailed(
                {
                    "idempotency_key": _("Idempotensnyckeln ska vara 1–%(MAX_KEY)s tecken.")
                    % {"MAX_KEY": MAX_KEY}
                }
            )
        request_hash = content_hash(
            {
                "meeting": meeting,
                "body": body.slug if body else None,
                "meeting_date": meeting_date,
                "selected": selected,
                "corrections": corrections,
            }
        )
        replay = _replay(municipality=municipality, key=key, request_hash=request_hash)
        if replay is not None:
            return replay

    review = meeting_review(
        municipality=municipality,
        meeting=parsed,
        body=body,
        meeting_date=meeting_date,
        selected=selected,
        corrections=corrections,
        with_advice=False,
    )
    if review.body is None:
        guess = review.body_guess or "(inget organ läst)"
        raise ValidationFailed(
            {
                "body": _("Organet ”%(guess)s” finns inte i kommunen. Ange organets kortnamn.")
                % {"guess": guess[:80]}
            }
        )
    if review.meeting_date is None:
        raise ValidationFailed({"meeting_date": _("Ange sammanträdesdagen (ÅÅÅÅ-MM-DD).")})
    body = review.body
    if not can_import_minutes(actor, body):
        raise PermissionDenied(
            _("Du får inte registrera protokoll för %(name)s. Det gör organets sekreterare.")
            % {"name": body.name}
        )
    errors, chain = _problems(review)
    if chain is not None:
        raise ChainViolation(chain[1], field=chain[0], extra={"errors": errors})
    if errors:
        raise ValidationFailed(errors)

    todo = [p for p in review.selected if p.status != REGISTERED]
    result = Registration(
        protocol=protocol,
        body=body.slug,
        meeting_date=review.meeting_date.isoformat(),
        already_registered=[p.number for p in review.paragraphs if p.status == REGISTERED],
        not_selected=[
            p.number for p in review.paragraphs if not p.selected and p.status != REGISTERED
        ],
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    given_protocol = protocol
    try:
        with transaction.atomic():
            if protocol is None:
                protocol = Protocol(
                    municipality=municipality,
                    file_name=(file_name or "")[:255],
                    sha256=request_hash or sha256 or content_hash(meeting),
                    parsed=_jsonable(dict(meeting)),
                    source=source,
                    uploaded_by=user,
                )
            protocol.body = body
            protocol.meeting_date = review.meeting_date
            protocol.idempotency_key = key or protocol.idempotency_key
            protocol.registered_at = timezone.now()
            protocol.registered_by = user
            protocol.save()
            for p in todo:
                decision = decision_register(
                    actor=actor,
                    body=body,
                    meeting_date=review.meeting_date,
                    paragraph=p.number,
                    title=p.title,
                    text=p.decision_text,
                    case_number=p.case_number,
                    assignments=p.drafts(),
                    accept_deviation=p.accept_deviation,
                )
                ProtocolParagraph.objects.create(
                    municipality=municipality, protocol=protocol, number=p.number, decision=decision
                )
                result.registered.append(
                    {
                        "number": p.number,
                        "decision_id": decision.pk,
                        "reference": decision.reference,
                        "assignment_ids": list(
                            decision.assignments.order_by("id").values_list("id", flat=True)
                        ),
                        "deviation_ids": list(getattr(decision, "deviation_ids", None) or []),
                    }
                )
            result.protocol = protocol
            protocol.result = result.as_json()
            protocol.save(update_fields=["result", "updated_at"])
    except (Conflict, ValidationFailed):
        # Every paragraph passed the same checks a moment ago, so another request registered
        # this meeting (or took a §) meanwhile. Nothing of ours is kept; look again once: the
        # paragraphs it registered are now "already registered", anything else is reported.
        if _retried:
            raise
        return meeting_register(
            actor=actor,
            municipality=municipality,
            meeting=meeting,
            body=body,
            meeting_date=meeting_date,
            selected=selected,
            corrections=corrections,
            idempotency_key=idempotency_key,
            protocol=given_protocol,
            source=source,
            file_name=file_name,
            sha256=sha256,
            _retried=True,
        )
    except IntegrityError:
        # Another request took the idempotency key meanwhile; nothing of ours is kept.
        if key:
            replay = _replay(municipality=municipality, key=key, request_hash=request_hash)
            if replay is not None:
                return replay
        raise Conflict(
            _("Protokollet registrerades samtidigt av någon annan. Ladda om och försök igen.")
        ) from None
    return result


def _replay(*, municipality, key: str, request_hash: str) -> Registration | None:
    earlier = Protocol.objects.filter(municipality=municipality, idempotency_key=key).first()
    if earlier is None:
        return None
    if earlier.sha256 != request_hash:
        raise Conflict(
            _(
                "Idempotensnyckeln har redan använts för ett annat innehåll. Använd "
                "en ny nyckel för ett nytt eller ändrat protokoll."
            ),
            field="idempotency_key",
        )
    stored = earlier.result or {}
    return Registration(
        protocol=earlier,
        body=stored.get("body", ""),
        meeting_date=stored.get("meeting_date", ""),
        registered=stored.get("registered", []),
        already_registered=stored.get("already_registered", []),
        not_selected=stored.get("not_selected", []),
        replayed=True,
    )
