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
