"""The audit chain's key: HMAC-SHA256 with a secret kept outside the database.

An unkeyed hash chain only shows accidental damage: someone who can write to the database can
rewrite an event and recompute every later hash. With a keyed chain they also need the key,
which lives in the environment (docs/decisions/0004-audit-key-and-coverage.md):

* ``TILLIT_AUDIT_KEY`` — the current key (any long random string). Unset, the key is derived from
  ``SECRET_KEY`` (``tillit check --deploy`` warns: whoever reads the settings file can then
  rewrite the chain).
* ``TILLIT_AUDIT_OLD_KEYS`` — earlier keys, comma-separated: events signed with them still
  verify after a rotation. Keys derived from ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS`` are
  always accepted too, so setting ``TILLIT_AUDIT_KEY`` later keeps the earlier events valid.

Each event stores the id of the key that signed it (``key_id``, a one-way function of the key),
never the key. Scheme 1 is the unkeyed SHA-256 of events written before the key existed; the
migration sealed each chain's unkeyed beginning with the key (``AuditHead.seal``), so those
events cannot be rewritten either.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache

from django.conf import settings

SCHEME_LEGACY = 1  # SHA-256(prev_hash + payload): events written before the key existed
SCHEME_KEYED = 2  # HMAC-SHA256(key, prev_hash + payload), payload naming scheme and key id
KEY_ID_LENGTH = 16
MIN_KEY_LENGTH = 32


def _setting(name: str) -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "")
    return str(value or "").strip()


def _derive(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"tillit.audit.chain", hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    return hmac.new(key, b"tillit.audit.key-id", hashlib.sha256).hexdigest()[:KEY_ID_LENGTH]


@lru_cache(maxsize=8)
def _ring(current: str, old: str, secret: str, fallbacks: tuple[str, ...]):
    own = _derive(current) if current else _derive(secret)
    ring = {key_id(own): own}
    for raw in [*(k.strip() for k in old.split(",")), secret, *fallbacks]:
        if raw:
            key = _derive(raw)
            ring.setdefault(key_id(key), key)
    return key_id(own), own, ring


def _keys():
    return _ring(
        _setting("TILLIT_AUDIT_KEY"),
        _setting("TILLIT_AUDIT_OLD_KEYS"),
        str(settings.SECRET_KEY),
        tuple(str(k) for k in getattr(settings, "SECRET_KEY_FALLBACKS", ()) or ()),
    )


def current() -> tuple[str, bytes]:
    """(key id, key) that signs new events."""
    kid, key, _ring_ = _keys()
    return kid, key


def known() -> dict[str, bytes]:
    """{key id: key} of every key an event may be signed with (current and old)."""
    return _keys()[2]


def configured() -> bool:
    """Is the key set explicitly (not derived from SECRET_KEY)?"""
    return bool(_setting("TILLIT_AUDIT_KEY"))


def configured_length() -> int:
    return len(_setting("TILLIT_AUDIT_KEY"))


def sign(key: bytes, prev_hash: str, text: str) -> str:
    return hmac.new(key, (prev_hash + text).encode(), hashlib.sha256).hexdigest()


def legacy_hash(prev_hash: str, text: str) -> str:
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def seal(key: bytes, municipality_id, legacy_seq: int, legacy_hash_: str) -> str:
    """Binds a chain's unkeyed beginning (events 1..legacy_seq ending in legacy_hash_)."""
    text = f"legacy|{municipality_id if municipality_id is not None else ''}|{legacy_seq}"
    return hmac.new(key, f"{text}|{legacy_hash_}".encode(), hashlib.sha256).hexdigest()


def redact(key: bytes, value) -> str | None:
    """A keyed fingerprint of a confidential value (a password hash, a token hash, a deviation's
    reporter): a change shows in the log, the value does not (and cannot be guessed without
    the key, even for a small number such as a user id)."""
    if value is None:
        return None
    return "hmac:" + hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()
