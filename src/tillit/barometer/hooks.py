"""The hooks other apps call: record a refused chain-violating attempt, or a question refused
because it bypasses the chain, as a deviation.

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

from tillit.core.errors import ChainViolation, PermissionDenied

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
        if match:
            index = int(match.group(1))
            draft = drafts[index] if index < len(drafts) else None
        else:  # an amendment: one draft, the error names its field only
            draft = drafts[0] if len(drafts) == 1 else None
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


def report_decide_recorded(**kwargs):
    """``followup.services.report_decide`` with a refused chain-breaking amendment recorded as a
    deviation, like a refused decision — what the form and the API call."""
    from tillit.followup.services import report_decide

    report = kwargs["report"]
    amendment = kwargs.get("amendment")
    with chain_refusals_recorded(
        actor=kwargs.get("actor"),
        body=report.assignment.issuer,
        meeting_date=kwargs.get("meeting_date"),
        drafts=[amendment] if amendment is not None else (),
    ):
        return report_decide(**kwargs)


# ---------------------------------------------------------------------------------------------
# Questions past the chain


def _asker_body_and_role(actor, assignment):
    """The body the refused asker represents (a politician role or an active membership in the
    municipality, the first one) and a role label for it — never a name. (None, label) when the
    asker sits in no body."""
    from tillit.accounts.models import Role, RoleKind
    from tillit.organisation.models import Membership

    m_id = assignment.municipality_id
    role = (
        Role.objects.filter(
            user=actor, municipality_id=m_id, kind=RoleKind.POLITICIAN, body__isnull=False
        )
        .select_related("body")
        .order_by("body_id", "id")
        .first()
    )
    if role is not None:
        return role.body, f"Förtroendevald i {role.body.name}"
    membership = (
        Membership.objects.active_on(timezone.localdate())
        .filter(person__user=actor, body__municipality_id=m_id)
        .select_related("body")
        .order_by("body_id", "id")
        .first()
    )
    if membership is not None:
        return membership.body, f"{membership.get_role_display()} i {membership.body.name}"
    return None, f"Användare utanför {assignment.issuer.name}"


def _record_question(actor, assignment, text: str, exc: PermissionDenied) -> None:
    from tillit.accounts.permissions import recipient_chief_offices

    from .services import deviation_record_refusal

    try:
        body, from_role = _asker_body_and_role(actor, assignment)
        chiefs = recipient_chief_offices(assignment)
        deviation_record_refusal(
            municipality_id=assignment.municipality_id,
            body=body,
            occurred_on=timezone.localdate(),
            source=DeviationSource.QUESTION_OUTSIDE_CHAIN,
            from_role=f"{from_role} (fråga som stoppades)",
            to_office=chiefs[0] if chiefs else None,
            to_role="" if chiefs else assignment.issuer.name,
            content=(text or "").strip() or exc.message,
            details={
                "code": exc.code,
                "message": exc.message,
                "assignment": assignment.pk,
                "issuer": assignment.issuer.slug,
                "by_authenticated_user": bool(getattr(actor, "is_authenticated", False)),
            },
        )
    except Exception:  # noqa: BLE001 — never let the hook change the refusal
        import logging

        logging.getLogger(__name__).exception("question refusal hook failed")


@contextmanager
def question_refusals_recorded(*, actor, assignment, text: str = ""):
    """A question refused because the asker is not a member of the issuing body (``not_member``)
    is recorded as a ``question_outside`` deviation; the refusal is re-raised unchanged."""
    try:
        yield
    except PermissionDenied as exc:
        if exc.code == "not_member" and getattr(actor, "is_authenticated", False):
            _record_question(actor, assignment, text, exc)
        raise


def question_ask_recorded(**kwargs):
    """``followup.services.question_ask`` with questions past the chain recorded as deviations —
    what the question form and ``POST /api/v1/questions`` call."""
    from tillit.followup.services import question_ask

    with question_refusals_recorded(
        actor=kwargs.get("actor"), assignment=kwargs["assignment"], text=kwargs.get("text", "")
    ):
        return question_ask(**kwargs)
