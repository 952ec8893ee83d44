"""Fixtures for the security tests: two municipalities, every role, built through the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from tillit.core.testing import build_testkommun, refetched, shared_fixture


@dataclass
class World:
    """Municipality A (testkommun) with one user per role, an assignment and a question in the
    role's own body (KS) and in another body (BUN); municipality B ("annan") for "other"."""

    a: object
    b: object
    users: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)  # (kind, scope) -> object

    __test__ = False


def build_world(*, with_b: bool = True) -> World:
    from tillit.accounts.services import role_grant
    from tillit.assignments.services import AssignmentDraft
    from tillit.decisions.services import decision_register
    from tillit.followup.services import question_ask

    a = build_testkommun()
    b = build_testkommun(slug="annan", code="9998", name="Annan kommun") if with_b else None
    User = get_user_model()
    users = {
        "admin": a.users["admin"],
        "secretary": a.users["sekreterare-ks"],
        "chief": a.users["kommundirektor"],
        "public": AnonymousUser(),
    }
    m = a.municipality
    for role, scope in (
        ("politician", {"body": a.ks}),
        ("controller", {}),
        ("auditor", {}),
    ):
        user = User.objects.create_user(username=f"roll-{role}", password="x")
        role_grant(user=user, municipality=m, kind=role, **scope)
        users[role] = user
    politician_bun = User.objects.create_user(username="roll-politician-bun", password="x")
    role_grant(user=politician_bun, municipality=m, kind="politician", body=a.bun)
    chief_bun = User.objects.create_user(username="roll-chief-bun", password="x")
    role_grant(user=chief_bun, municipality=m, kind="chief", office=a.forvaltningschef_bun)

    decision_bun = decision_register(
        actor=a.users["sekreterare-bun"],
        body=a.bun,
        meeting_date=date(2023, 4, 11),
        paragraph=31,
        title="Uppdrag om skolans lokaler",
        case_number="BUN 2023/7",
        assignments=[
            AssignmentDraft(
                title="Lokalförsörjningsplan",
                what="En plan för skolans lokaler 2024–2030.",
                recipients=["forvaltningschef-bun"],
                deadline=date(2024, 3, 31),
            )
        ],
    )
    assignment_bun = decision_bun.assignments.get()
    q_own = question_ask(actor=users["politician"], assignment=a.assignment_ks, text="Hur går det?")
    q_other = question_ask(actor=politician_bun, assignment=assignment_bun, text="Hur går det?")
    targets = {
        ("body", "own"): a.ks,
        ("body", "other"): a.bun,
        ("assignment", "own"): a.assignment_ks,
        ("assignment", "other"): assignment_bun,
        ("question", "own"): q_own,
        ("question", "other"): q_other,
        ("municipality", "own"): m,
        ("municipality", "other"): b.municipality if b else None,
    }
    users["chief-bun"] = chief_bun
    users["politician-bun"] = politician_bun
    return World(a=a, b=b, users=users, targets=targets)


_shared_world = shared_fixture("world", build_world)


@pytest.fixture
def world(_shared_world, db):
    return build_world() if _shared_world is None else refetched(_shared_world)
