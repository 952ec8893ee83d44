"""What the audit trail covers beyond the tenant rows (issue 19, item 9): many-to-many links
(frame change ↔ assignment, KPI ↔ assignment, target groups), users and their rights
(`is_superuser`), API tokens (revocation, expiry), the municipality row — each logged when
changed through Tillit and named by `audit verify` when changed in the database directly."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tillit.accounts.models import ApiToken
from tillit.accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from tillit.audit.models import AuditEvent
from tillit.audit.verify import verify
from tillit.barometer.models import TargetGroup
from tillit.economy import services as economy
from tillit.economy.models import FrameChange
from tillit.economy.tests.factories import kf_decision
from tillit.portal.models import Kpi

pytestmark = pytest.mark.django_db


def _sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _through(model, field: str):
    return model._meta.get_field(field).remote_field.through


def _events(model: str, pk, municipality=...):
    qs = AuditEvent.objects.filter(model=model, object_pk=str(pk))
    if municipality is not ...:
        qs = qs.filter(municipality=municipality)
    return qs.order_by("seq")


@pytest.fixture
def funded(testkommun):
    tk = testkommun
    kf = kf_decision(tk)
    economy.frame_set(actor=None, body=tk.bun, year=2023, amount=1000, decision=kf)
    tk.change = economy.frame_change_register(
        actor=None,
        decision=kf,
        kind="addition",
        body=tk.bun,
        year=2023,
        amount=100,
        assignments=[tk.assignment_kf],
    )
    return tk


def test_frame_change_links_are_logged_and_verified(funded):
    tk = funded
    last = _events("economy.FrameChange", tk.change.pk).last()
    assert last.after["assignments"] == [tk.assignment_kf.pk]
    assert verify(tk.municipality) == []
    through = _through(FrameChange, "assignments")
    _sql(
        f"INSERT INTO {_q(through._meta.db_table)} (framechange_id, assignment_id) VALUES (%s, %s)",
        [tk.change.pk, tk.assignment_ks.pk],
    )
    (problem,) = verify(tk.municipality)
    assert (problem.kind, problem.model, problem.pk, problem.fields) == (
        "changed",
        "economy.FrameChange",
        str(tk.change.pk),
        ("assignments",),
    )


def test_kpi_and_target_group_links_from_either_side(testkommun):
    tk = testkommun
    kpi = Kpi.objects.create(municipality=tk.municipality, code="N15428", title="Behörighet")
    group = TargetGroup.objects.create(municipality=tk.municipality, slug="unga", name="Unga")
    kpi.assignments.add(tk.assignment_ks)
    tk.assignment_kf.target_groups.add(group)  # the reverse side
    assert _events("portal.Kpi", kpi.pk).last().after["assignments"] == [tk.assignment_ks.pk]
    assert _events("barometer.TargetGroup", group.pk).last().after["assignments"] == [
        tk.assignment_kf.pk
    ]
    assert verify(tk.municipality) == []
    kpi_links = _through(Kpi, "assignments")._meta.db_table
    _sql(f"DELETE FROM {_q(kpi_links)} WHERE kpi_id = %s", [kpi.pk])
    tk.assignment_kf.target_groups.clear()  # through Tillit: logged
    problems = verify(tk.municipality)
    assert [(p.model, p.fields) for p in problems] == [("portal.Kpi", ("assignments",))]


def test_superuser_flag_logged_and_raw_change_named(testkommun):
    tk = testkommun
    user = tk.users["lasare"]
    user.is_superuser = True
    user.save()
    event = _events("auth.User", user.pk, municipality=None).last()
    assert event.municipality_id is None  # users belong to the installation's chain
    assert event.before["is_superuser"] is False and event.after["is_superuser"] is True
    assert event.after["password"].startswith("hmac:")  # never the password hash itself
    assert verify(None) == []
    _sql(
        f"UPDATE {_q(get_user_model()._meta.db_table)} SET is_superuser = %s WHERE id = %s",
        [True, tk.users["sekreterare-bun"].pk],
    )
    (problem,) = verify(None)
    assert (problem.kind, problem.model, problem.fields) == (
        "changed",
        "auth.User",
        ("is_superuser",),
    )
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--installation")


def test_logins_and_token_use_are_not_events(client, testkommun):
    tk = testkommun
    token, raw = api_token_create(username="sekreterare-ks")
    before = AuditEvent.objects.count()
    assert api_token_authenticate(raw) == tk.users["sekreterare-ks"]  # sets last_used_at
    client.force_login(tk.users["sekreterare-ks"])  # sets last_login
    assert AuditEvent.objects.count() == before
    assert verify(None) == []


def test_token_revocation_and_expiry(testkommun):
    token, _raw = api_token_create(
        username="sekreterare-ks", expires_at=timezone.now() + timedelta(days=30)
    )
    api_token_revoke(token=token)
    revoked = _events("accounts.ApiToken", token.pk, municipality=None).last()
    assert revoked.after["revoked_at"] and revoked.after["key_hash"].startswith("hmac:")
    assert verify(None) == []
    _sql(
        f"UPDATE {_q(ApiToken._meta.db_table)} SET revoked_at = NULL, expires_at = NULL "
        "WHERE id = %s",
        [token.pk],
    )
    (problem,) = verify(None)
    assert problem.model == "accounts.ApiToken" and problem.fields == ("expires_at", "revoked_at")


def test_municipality_row(testkommun):
    tk = testkommun
    m = tk.municipality
    assert _events("organisation.Municipality", m.pk, municipality=m).first().action == "create"
    m.population = 12345
    m.save()
    assert _events("organisation.Municipality", m.pk).last().after["population"] == 12345
    assert verify(m) == []
    _sql(f"UPDATE {_q(m._meta.db_table)} SET name = %s WHERE id = %s", ["Annan kommun", m.pk])
    (problem,) = verify(m)
    assert (problem.model, problem.fields) == ("organisation.Municipality", ("name",))


def test_deviation_reporter_is_not_in_the_log(testkommun):
    from datetime import date

    from tillit.barometer import services

    tk = testkommun
    deviation = services.deviation_report(
        actor=tk.users["kommundirektor"],
        municipality=tk.municipality,
        occurred_on=date(2023, 5, 16),
        from_role="Kommunstyrelsens ordförande",
        body=tk.ks,
        to_role="enhetschef",
        content="Flytta cykelställen.",
    )
    after = _events("barometer.Deviation", deviation.pk).last().after
    reporter = str(tk.users["kommundirektor"].pk)
    # a keyed fingerprint: not the id, and not a hash anyone can recompute from a guessed id
    assert after["reporter_id"].startswith("hmac:") and after["reporter_id"] != reporter
    assert hashlib.sha256(reporter.encode()).hexdigest() not in after["reporter_id"]
    assert verify(tk.municipality) == []
