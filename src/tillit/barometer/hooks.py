"""The barometer's subscriptions to the domain events (``core.events``), connected in
``BarometerConfig.ready()``.

- A decision registered with assignments outside the decision chain (the secretary confirmed
  "Beslutet fattades så") is recorded as one deviation per such assignment, in the decision's
  transaction: both are stored or neither.
- A refused decision records nothing: nothing happened, and the form says "Inget har sparats".
- A question refused because the asker is not a member of the issuing body is recorded as a
  ``question_outside`` deviation: the attempt to steer past the chain is itself what the
  barometer measures (the asker's role is kept, never a name).
"""

from __future__ import annotations

import logging

from django.utils import timezone

from .models import DeviationSource

logger = logging.getLogger(__name__)


def _recipients_label(assignment) -> str:
    return ", ".join(str(r.target) for r in assignment.recipients.all())


def record_decided_outside_chain(*, decision, outside_chain, **_):
    """Receiver of ``decision_registered``: the ids of the deviations recorded."""
    from .services import deviation_notify, deviation_record_decided

    ids = []
    for assignment, message in outside_chain:
        deviation = deviation_record_decided(
            municipality_id=decision.municipality_id,
            body=decision.body,
            occurred_on=decision.meeting.date,
            from_role=f"{decision.body.name} ({decision.reference})",
            to_role=_recipients_label(assignment),
            content="\n".join(p for p in (assignment.title, assignment.what) if p),
            details={
                "code": "chain_violation",
                "message": message,
                "decision": decision.pk,
                "reference": decision.reference,
                "assignment": assignment.pk,
            },
        )
        deviation_notify(deviation)
        ids.append(deviation.pk)
    return ids


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


def record_question_refused(*, actor, assignment, text, error, **_):
    """Receiver of ``question_refused``. Recording never raises: it must not change the
    refusal."""
    from tillit.accounts.permissions import recipient_chief_offices

    from .services import deviation_record_refusal

    if error.code != "not_member" or not getattr(actor, "is_authenticated", False):
        return None
    try:
        body, from_role = _asker_body_and_role(actor, assignment)
        chiefs = recipient_chief_offices(assignment)
        deviation = deviation_record_refusal(
            municipality_id=assignment.municipality_id,
            body=body,
            occurred_on=timezone.localdate(),
            source=DeviationSource.QUESTION_OUTSIDE_CHAIN,
            from_role=f"{from_role} (fråga som stoppades)",
            to_office=chiefs[0] if chiefs else None,
            to_role="" if chiefs else assignment.issuer.name,
            content=(text or "").strip() or error.message,
            details={
                "code": error.code,
                "message": error.message,
                "assignment": assignment.pk,
                "issuer": assignment.issuer.slug,
                "by_authenticated_user": True,
            },
        )
    except Exception:  # noqa: BLE001 — never let the hook change the refusal
        logger.exception("question refusal hook failed")
        return None
    return deviation.pk if deviation is not None else None


def connect() -> None:
    from tillit.core import events

    events.decision_registered.connect(record_decided_outside_chain, dispatch_uid="barometer-1")
    events.question_refused.connect(record_question_refused, dispatch_uid="barometer-2")
