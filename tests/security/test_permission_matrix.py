"""Every role × action × own/other body, against the permission functions (data-driven):
accounts.permissions, and the deviation rules in barometer.permissions.

The expected cells are accounts.permission_matrix.EXPECTED — the same data docs/permissions.md
is rendered from, so the page and the code cannot drift apart.
"""

import importlib
from pathlib import Path

import pytest

from tillit.accounts.permission_matrix import ACTIONS, OTHER, OWN, ROLES, expected, render_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def check_of(action):
    """The permission function the matrix names: <action.module>.can_<action.name>."""
    return getattr(importlib.import_module(action.module), f"can_{action.name}", None)


@pytest.mark.parametrize("role", [r for r, _ in ROLES])
def test_matrix(world, role):
    user = world.users[role]
    wrong = []
    for action in ACTIONS:
        check = check_of(action)
        for scope in (OWN, OTHER):
            got = bool(check(user, world.targets[(action.target, scope)]))
            if got != expected(role, action.name, scope):
                wrong.append(f"{role} {action.name} {scope}: got {got}")
    assert not wrong, "\n".join(wrong)


def test_every_action_has_a_permission_function():
    for action in ACTIONS:
        assert callable(check_of(action)), action.name


def test_doc_shows_the_matrix():
    assert render_markdown() in DOC.read_text(encoding="utf-8"), (
        "docs/permissions.md is out of date: run `python scripts/permissions_doc.py`"
    )


@pytest.mark.parametrize("superuser", [True])
def test_inactive_user_may_do_nothing(world, superuser):
    user = world.users["admin"]
    user.is_active = False
    for action in ACTIONS:
        check = check_of(action)
        assert not check(user, world.targets[(action.target, OWN)]), action.name
