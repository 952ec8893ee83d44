"""Who may file, read drafts, ask, answer and decide. Checked inside the services."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from tillit.accounts.models import Role, RoleKind
from tillit.accounts.permissions import can_register_decision
from tillit.organisation.models import Body, Membership, Office


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def recipient_chief_offices(assignment) -> list[Office]:
    """The chiefs who hold the assignment: a recipient office, or the chief answering to a
    recipient body (the lead first). Current version only."""
    offices: list[Office] = []
    recipients = sorted(assignment.recipients.all(), key=lambda r: not r.is_lead)
    body_ids = [r.body_id for r in recipients if r.body_id]
    chiefs_by_body: dict[int, list[Office]] = {}
    if body_ids:
        for office in Office.objects.filter(answers_to_id__in=body_ids).order_by("id"):
            if office.is_chief:
                chiefs_by_body.setdefault(office.answers_to_id, []).append(office)
    for r in recipients:
        if r.office_id:
            offices.append(r.office)
        else:
            offices.extend(chiefs_by_body.get(r.body_id, []))
    return offices


def is_recipient_chief(user, assignment) -> bool:
    if not _active(user):
        return False
    office_ids = [o.id for o in recipient_chief_offices(assignment)]
    return Role.objects.filter(
        user=user,
        municipality_id=assignment.municipality_id,
        kind=RoleKind.CHIEF,
        office_id__in=office_ids,
    ).exists()


def is_admin(user, municipality_id) -> bool:
    if not _active(user):
        return False
    return (
        user.is_superuser
        or Role.objects.filter(
            user=user, municipality_id=municipality_id, kind=RoleKind.ADMIN
        ).exists()
    )


def can_file_report(user, assignment) -> bool:
    return is_recipient_chief(user, assignment)


def can_see_draft(user, assignment) -> bool:
    """Drafts are the administration's own: the recipient chief (and a municipality admin)."""
    return is_recipient_chief(user, assignment) or is_admin(user, assignment.municipality_id)


def is_member_of(user, body: Body, on: date) -> bool:
    """A member of the body on the day (an active membership of the user's person), or a user
    with a politician role for the body."""
    if not _active(user):
        return False
    if Role.objects.filter(user=user, kind=RoleKind.POLITICIAN, body=body).exists():
        return True
    return (
        Membership.objects.active_on(on)
        .filter(body=body, person__user=user)
        .filter(Q(person__municipality_id=body.municipality_id))
        .exists()
    )


def can_ask(user, assignment, on: date) -> bool:
    return is_member_of(user, assignment.issuer, on)


def can_answer(user, question) -> bool:
    if not _active(user):
        return False
    if is_recipient_chief(user, question.assignment):
        return True
    return (
        bool(question.to_office_id)
        and Role.objects.filter(
            user=user, kind=RoleKind.CHIEF, office_id=question.to_office_id
        ).exists()
    )


def can_decide_on(user, assignment) -> bool:
    return can_register_decision(user, assignment.issuer)


def body_secretaries(body: Body):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, roles__kind=RoleKind.SECRETARY, roles__body=body)
        .distinct()
    )


def chief_users(offices):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True, roles__kind=RoleKind.CHIEF, roles__office__in=[o.id for o in offices]
        )
        .distinct()
    )
