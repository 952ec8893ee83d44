"""The chain is keyed (issue 19, item 9): someone with database access alone can no longer
rewrite an event and recompute the hashes after it, older unkeyed chains keep verifying, and
a key rotation keeps the events signed with the earlier key valid."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.db import connection

from tillit.audit import capture
from tillit.audit.models import AuditEvent, AuditHead
from tillit.audit.verify import verify

pytestmark = pytest.mark.django_db


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _old_payload(ev) -> dict:
    return capture.event_payload(
        municipality_id=ev.municipality_id,
        seq=ev.seq,
        at=ev.at,
        actor_id=ev.actor_id,
        actor_label=ev.actor_label,
        model=ev.model,
        object_pk=ev.object_pk,
        action=ev.action,
        before=ev.before,
        after=ev.after,
        fp=ev.fingerprint,
    )


def _rewrite(municipality, digest, *, seq: int = 3, label: str = "någon annan") -> None:
    """What an attacker with database access does: change one event, then recompute every hash
    from it to the end and move the head, with ``digest(prev_hash, payload)``."""
    events = list(AuditEvent.objects.filter(municipality=municipality).order_by("seq"))
    prev = events[seq - 2].hash if seq > 1 else ""
    with connection.cursor() as cursor:
        for ev in events[seq - 1 :]:
            if ev.seq == seq:
                ev.actor_label = label
            new = digest(prev, _old_payload(ev))
            cursor.execute(
                f"UPDATE {_table(AuditEvent)} SET actor_label = %s, prev_hash = %s, hash = %s "
                "WHERE id = %s",
                [ev.actor_label, prev, new, ev.pk],
            )
            prev = new
        cursor.execute(
            f"UPDATE {_table(AuditHead)} SET last_hash = %s WHERE municipality_id = %s",
            [prev, municipality.pk],
        )


def test_rewriting_and_recomputing_the_unkeyed_hashes_is_detected(testkommun):
    m = testkommun.municipality
    assert verify(m) == []
    _rewrite(m, lambda prev, payload: capture.sha256(prev + capture.canonical(payload)))
    problems = verify(m)
    assert problems and all(p.kind == "chain" for p in problems)
    assert any(p.pk == "3" for p in problems)


def test_rewriting_with_a_guessed_key_is_detected(testkommun):
    m = testkommun.municipality

    def guessed(prev, payload):
        key = hashlib.sha256(b"tillit").digest()
        return hmac.new(key, (prev + capture.canonical(payload)).encode(), "sha256").hexdigest()

    _rewrite(m, guessed)
    assert any(p.kind == "chain" and p.pk == "3" for p in verify(m))


def _to_legacy(municipality) -> None:
    """Turn the chain into what an installation wrote before the key existed: scheme 1, unkeyed
    SHA-256, no key id, an unsealed head."""
    prev = ""
    with connection.cursor() as cursor:
        for ev in AuditEvent.objects.filter(municipality=municipality).order_by("seq"):
            new = capture.sha256(prev + capture.canonical(_old_payload(ev)))
            cursor.execute(
                f"UPDATE {_table(AuditEvent)} SET scheme = 1, key_id = '', prev_hash = %s, "
                "hash = %s WHERE id = %s",
                [prev, new, ev.pk],
            )
            prev = new
        cursor.execute(
            f"UPDATE {_table(AuditHead)} SET last_hash = %s, legacy_seq = 0, seal = '', "
            "seal_key_id = '' WHERE municipality_id = %s",
            [prev, municipality.pk],
        )


def test_an_unkeyed_chain_from_before_keeps_verifying_once_sealed(testkommun):
    from tillit.audit.verify import seal_legacy

    m = testkommun.municipality
    _to_legacy(m)
    assert any(p.kind == "chain" for p in verify(m))  # unsealed: unkeyed events are refused
    assert seal_legacy(m) > 0  # what migration 0002 does for every chain
    assert verify(m) == []
    # The chain goes on keyed after the sealed beginning
    testkommun.assignment_ks.title = "Ny rubrik"
    testkommun.assignment_ks.save()
    assert AuditEvent.objects.filter(municipality=m).order_by("-seq").first().scheme == 2
    assert verify(m) == []
    # The sealed beginning cannot be rewritten either, even with its own (unkeyed) formula
    _rewrite(m, lambda prev, payload: capture.sha256(prev + capture.canonical(payload)), seq=2)
    assert any(p.model == "audit.AuditHead" for p in verify(m))


def test_key_rotation_keeps_earlier_events_valid(testkommun, settings):
    m = testkommun.municipality
    settings.TILLIT_AUDIT_KEY = "första-nyckeln-" + "x" * 40  # was derived from SECRET_KEY
    assert verify(m) == []
    testkommun.assignment_ks.title = "Signerad med första nyckeln"
    testkommun.assignment_ks.save()
    settings.TILLIT_AUDIT_KEY = "andra-nyckeln-" + "y" * 40
    settings.TILLIT_AUDIT_OLD_KEYS = "första-nyckeln-" + "x" * 40
    assert verify(m) == []
    settings.TILLIT_AUDIT_OLD_KEYS = ""  # the first key forgotten: its events cannot be checked
    (problem,) = verify(m)
    assert problem.kind == "chain" and "okänd nyckel" in problem.message


def test_check_warns_without_an_audit_key(settings):
    from tillit.audit.checks import check_audit_key

    settings.TILLIT_AUDIT_KEY = ""
    assert [w.id for w in check_audit_key(None)] == ["tillit.W002"]
    settings.TILLIT_AUDIT_KEY = "kort"
    assert [w.id for w in check_audit_key(None)] == ["tillit.W003"]
    settings.TILLIT_AUDIT_KEY = "z" * 40
    assert check_audit_key(None) == []


def _write_as_before(municipality) -> None:
    """The database as an installation from before the keyed chain left it: the municipality's
    chain holds unkeyed (scheme 1) events of its tenant rows only, logged as the old capture did
    (no links, nothing redacted); no installation chain; nothing on the newly covered rows."""
    from tillit.core.models import TenantModel

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table(AuditEvent)}")
        cursor.execute(f"DELETE FROM {_table(AuditHead)}")
    prev, seq = "", 0
    for model in capture.tracked_models():
        if not issubclass(model, TenantModel) or capture.label(model) in capture.BULK_MODELS:
            continue
        rows = capture.raw_states(model, capture.chain_rows(model, municipality.pk))
        for pk, state in rows.items():
            state = capture.legacy_view(model, state)
            seq += 1
            ev = AuditEvent(
                municipality=municipality,
                seq=seq,
                at=_now(),
                actor_label="system",
                model=capture.label(model),
                object_pk=pk,
                action="baseline",
                after=state,
                fingerprint=capture.fingerprint(state),
                prev_hash=prev,
                scheme=1,
                key_id="",
            )
            ev.hash = capture.event_hash(prev, _old_payload(ev))
            ev.save()
            prev = ev.hash
    AuditHead.objects.create(municipality=municipality, seq=seq, last_hash=prev)


def _now():
    from django.utils import timezone

    return timezone.now()


def test_the_upgrade_keeps_an_existing_chain_verifying(testkommun):
    from django.apps import apps

    from tillit.audit.upgrade import upgrade_to_keyed_chain

    m = testkommun.municipality
    _write_as_before(m)
    assert any(p.kind == "unlogged" and p.model == "organisation.Municipality" for p in verify(m))
    upgrade_to_keyed_chain(apps)  # what migration 0002 runs
    assert verify(m) == []
    assert verify(None) == []  # users and tokens now have a keyed baseline
    head = AuditHead.objects.get(municipality=m)
    assert head.legacy_seq > 0 and head.seq > head.legacy_seq
    users = AuditEvent.objects.filter(municipality=None, model="auth.User", action="baseline")
    assert users.count() >= len(testkommun.users) - 1  # "utan-roll" is "lasare"
    assert all(e.after["password"].startswith("hmac:") for e in users if e.after["password"])
