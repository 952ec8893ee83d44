"""Who may file, read drafts, ask, answer and decide. Checked inside the services."""

from __future__ import annotations

from tillit.accounts.models import RoleKind
from tillit.accounts.permissions import (  # noqa: F401
    can_answer_question as can_answer,
)
from tillit.accounts.permissions import (  # noqa: F401
    can_ask_question as can_ask,
)

# The rules live in accounts.permissions (one function per action, see docs/permissions.md);
# these names are kept for the follow-up code and its templates.
from tillit.accounts.permissions import (  # noqa: F401
    can_decide_on_report as can_decide_on,
)
from tillit.accounts.permissions import (  # noqa: F401
    can_file_report,
    chief_offices_held,
    held_by_offices_q,
    is_admin,
    is_auditor,
    is_member_of,
    is_recipient_chief,
    recipient_chief_offices,
)
from tillit.accounts.permissions import (  # noqa: F401
    can_read_drafts as can_see_draft,
)
from tillit.organisation.models import Body


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


def body_member_users(body: Body, on=None):
    """The users who sit in the body on the day: a politician role for it or an active
    membership of their person (the same rule as ``is_member_of``)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.utils import timezone

    from tillit.organisation.models import Membership

    on = on or timezone.localdate()
    persons = Membership.objects.active_on(on).filter(body=body).values("person_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(roles__kind=RoleKind.POLITICIAN, roles__body=body)
            | Q(person__in=persons, person__municipality_id=body.municipality_id)
        )
        .distinct()
    )


def body_watchers(body: Body, on=None):
    """Who is told about what concerns a body: its members and its secretaries."""
    return (body_member_users(body, on) | body_secretaries(body)).distinct()
