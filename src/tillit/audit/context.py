"""Who is acting: set by the web middleware, the API's token auth and the CLI; read by capture."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

# Either a user, a request (whose .user is read when an event is written, so the API's token
# auth that sets request.user later is seen), or a plain label such as "cli:sie".
_actor: ContextVar[object | None] = ContextVar("tillit_audit_actor", default=None)


def set_actor(actor):
    return _actor.set(actor)


def reset_actor(token) -> None:
    _actor.reset(token)


@contextlib.contextmanager
def acting_as(actor):
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[object | None, str]:
    """(user or None, label)."""
    actor = _actor.get()
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor
    user = getattr(actor, "user", actor) if hasattr(actor, "META") else actor
    if getattr(user, "is_authenticated", False):
        return user, user.get_username()
    return None, "anonym"
