"""The audit trail: every change logged, hash-chained, and `audit verify` catching changes made
directly in the database (raw SQL) — on SQLite and, in the PostgreSQL run, on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tillit.assignments.models import Assignment, FollowUp
from tillit.audit.context import acting_as
from tillit.audit.models import AuditEvent
from tillit.audit.verify import verify
from tillit.core.errors import Conflict
from tillit.decisions.models import Decision
from tillit.economy import imports as economy_imports
from tillit.economy.models import ActualLine
from tillit.economy.sie.generate import generate_sie

pytestmark = pytest.mark.django_db


def _sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _verify_cli(slug="testkommun"):
    try:
        call_command("audit", "verify", "--municipality", slug)
    except CommandError as exc:
        return 1, str(exc)
    return 0, ""


def test_every_change_logged_and_chain_verifies(testkommun):
    tk = testkommun
    events = AuditEvent.objects.filter(municipality=tk.municipality)
    assert events.filter(model="decisions.Decision", action="create").count() == 2
    from tillit.assignments.services import assignment_change_status

    chief = tk.users["kommundirektor"]
    with acting_as(chief):  # what the web middleware, the API auth and the CLI set
        assignment_change_status(actor=chief, assignment=tk.assignment_ks, to_status="reported")
    status_change = events.filter(
        model="assignments.Assignment", object_pk=str(tk.assignment_ks.pk), action="update"
    ).last()
    assert (status_change.actor, status_change.actor_label) == (chief, "kommundirektor")
    assert status_change.before["status"] == "in_progress"
    assert status_change.after["status"] == "reported"
    assert verify(tk.municipality) == []
    assert _verify_cli() == (0, "")


def test_raw_sql_update_named_with_field(testkommun):
    tk = testkommun
    _sql(
        f"UPDATE {_table(Assignment)} SET title = %s WHERE id = %s", ["Ändrad", tk.assignment_ks.pk]
    )
    (problem,) = verify(tk.municipality)
    assert (problem.kind, problem.model, problem.pk) == (
        "changed",
        "assignments.Assignment",
        str(tk.assignment_ks.pk),
    )
    assert problem.fields == ("title",)
    code, message = _verify_cli()
    assert code == 1 and "1 avvikelse" in message


def test_raw_sql_delete_and_insert_named(testkommun):
    tk = testkommun
    followup = FollowUp.objects.filter(assignment=tk.assignment_ks).first()
    _sql(f"DELETE FROM {_table(FollowUp)} WHERE id = %s", [followup.pk])
    problems = verify(tk.municipality)
    assert [(p.kind, p.model, p.pk) for p in problems] == [
        ("deleted", "assignments.FollowUp", str(followup.pk))
    ]


def test_altered_or_removed_audit_rows_break_the_chain(testkommun):
    tk = testkommun
    event = AuditEvent.objects.filter(municipality=tk.municipality).order_by("seq")[3]
    _sql(
        f"UPDATE {_table(AuditEvent)} SET actor_label = %s WHERE id = %s", ["någon annan", event.pk]
    )
    problems = verify(tk.municipality)
    assert any(p.kind == "chain" and p.pk == str(event.seq) for p in problems)


def test_removed_last_audit_row_detected(testkommun):
    tk = testkommun
    last = AuditEvent.objects.filter(municipality=tk.municipality).order_by("-seq").first()
    _sql(f"DELETE FROM {_table(AuditEvent)} WHERE id = %s", [last.pk])
    problems = verify(tk.municipality)
    assert any(p.model == "audit.AuditHead" for p in problems)


def test_decision_is_immutable(testkommun):
    decision = testkommun.decision_ks
    decision.title = "Rättad titel"
    with pytest.raises(Conflict, match="ny"):
        decision.save()
    with pytest.raises(Conflict):
        Decision.objects.filter(pk=decision.pk).update(title="x")


def test_submitted_report_is_immutable(testkommun):
    from tillit.followup.services import report_file

    tk = testkommun
    report = report_file(
        actor=tk.users["kommundirektor"],
        assignment=tk.assignment_ks,
        period="2023-T1",
        status="on_track",
        narrative="Det går bra.",
        resources_suffice=True,
        submitted_on=date(2023, 5, 2),
    )
    report.narrative = "Ändrad i efterhand"
    with pytest.raises(Conflict):
        report.save()


def test_import_logged_as_batch_checksum(testkommun, tmp_path):
    tk = testkommun
    path = tmp_path / "utfall.se"
    generate_sie(path, transactions=400, seed=3)
    with acting_as("cli:test"):
        result = economy_imports.sie_file_import(municipality=tk.municipality, path=path)
    lines = ActualLine.objects.filter(batch=result.batch)
    assert lines.count() > 20
    rows_events = AuditEvent.objects.filter(model="economy.ActualLine", action="rows")
    assert rows_events.count() == 1  # one event for the whole batch, not one per row
    assert rows_events.get().after["rows"] == lines.count()
    assert verify(tk.municipality) == []
    line = lines.first()
    _sql(f"UPDATE {_table(ActualLine)} SET amount = amount + 1 WHERE id = %s", [line.pk])
    (problem,) = verify(tk.municipality)
    assert problem.kind == "rows" and problem.model == "economy.ActualLine"
    assert problem.pk == f"batch {result.batch.pk}"


def test_baseline_logs_rows_from_before(testkommun):
    from tillit.audit.verify import baseline

    tk = testkommun
    AuditEvent.objects.filter(municipality=tk.municipality).delete()
    _sql(f"DELETE FROM {_table(AuditEvent)}")
    from tillit.audit.models import AuditHead

    AuditHead.objects.all().delete()
    assert baseline(tk.municipality) > 10
    assert verify(tk.municipality) == []
