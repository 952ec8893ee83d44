"""The one hook other apps call: record a refused chain-violating attempt as a deviation.

    with chain_refusals_recorded(actor=user, body=body, meeting_date=day, drafts=drafts):
        decision_register(...)

``decision_register`` raises ``ChainViolation`` before it writes anything, so the refusal stores
nothing of the decision; the deviation is written afterwards in its own (nested) transaction and
the exception is re-raised unchanged. Recording never raises.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

from django.utils import timezone

from tillit.core.errors import ChainViolation

from .models import DeviationSource

_INDEX = re.compile(r"assignments\[(\d+)\]")


def _role_of(body) -> str:
    return f"{body.name} (beslut som stoppades)" if body is not None else "Okänt organ"


@contextmanager
def chain_refusals_recorded(*, actor, body, meeting_date: date | None = None, drafts=()):
    try:
        yield
    except ChainViolation as exc:
        _record(actor, body, meeting_date, list(drafts), exc)
        raise


def _record(actor, body, meeting_date, drafts, exc: ChainViolation) -> None:
    from .services import deviation_record_refusal

    try:
        match = _INDEX.search(exc.field or "")
        draft = drafts[int(match.group(1))] if match and int(match.group(1)) < len(drafts) else None
        recipients = list(getattr(draft, "recipients", []) or [])
        content = ""
        if draft is not None:
            content = "\n".join(p for p in (draft.title, draft.what) if p)
        deviation_record_refusal(
            municipality_id=body.municipality_id,
            body=body,
            occurred_on=min(meeting_date or timezone.localdate(), timezone.localdate()),
            source=DeviationSource.REFUSED_CHAIN,
            from_role=_role_of(body),
            to_role=", ".join(recipients),
            content=content or exc.message,
            details={
                "code": exc.code,
                "field": exc.field or "",
                "message": exc.message,
                "recipients": recipients,
                "meeting_date": meeting_date.isoformat() if meeting_date else "",
                "by_authenticated_user": bool(getattr(actor, "is_authenticated", False)),
            },
        )
    except Exception:  # noqa: BLE001 — never let the hook change the refusal
        import logging

        logging.getLogger(__name__).exception("chain refusal hook failed")


def decision_register_recorded(**kwargs):
    """``decisions.services.decision_register`` with refused chain violations recorded as
    deviations — what the form and the API call."""
    from tillit.decisions.services import decision_register

    with chain_refusals_recorded(
        actor=kwargs.get("actor"),
        body=kwargs["body"],
        meeting_date=kwargs.get("meeting_date"),
        drafts=kwargs.get("assignments", ()),
    ):
        return decision_register(**kwargs)
