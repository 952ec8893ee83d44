"""The audit log page reads as Swedish for an auditor: people by name, rows by what they are,
changed fields by their Swedish names, and the system's own notification rows hidden by
default."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tillit.accounts.services import role_grant
from tillit.accounts.templatetags.people import public_name_of
from tillit.audit.context import acting_as
from tillit.core.testing import TEST_PASSWORD
from tillit.followup import services as followup
from tillit.organisation.models import Body, Person

pytestmark = pytest.mark.django_db

TITLE = "Förskolornas öppettider (testrubrik)"
NOTE = "Påminnelse som inte ska synas (test)"


@pytest.fixture
def auditor(testkommun):
    user = get_user_model().objects.create_user(username="revisor-x", password=TEST_PASSWORD)
    role_grant(user=user, municipality=testkommun.municipality, kind="auditor")
    return user


@pytest.fixture
def changes(testkommun):
    m = testkommun.municipality
    editor = testkommun.users["sekreterare-ks"]
    Person.objects.create(municipality=m, name="Sekreterare Exempelsson (fiktiv)", user=editor)
    a = testkommun.assignment_ks
    with acting_as(editor):
        a.title = TITLE
        a.save()
    with acting_as("cli:demo:root"):
        Body.objects.filter(pk=testkommun.ks.pk).first().save()
        b = Body.objects.get(pk=testkommun.ks.pk)
        b.name = b.name + " (ändrad)"
        b.save()
    followup.notification_send(
        user=editor,
        key="audit-log-test",
        kind="report_due",
        title=NOTE,
        municipality_id=m.pk,
    )
    return editor


def test_people_by_name_rows_by_swedish_name_and_changed_fields(client, auditor, changes):
    client.force_login(auditor)
    body = client.get("/testkommun/granskning/").content.decode()
    assert "Sekreterare Exempelsson (fiktiv)" in body
    assert public_name_of(changes) in body
    assert ">sekreterare-ks<" not in body and "cli:demo:root" not in body
    assert "Demoinläsning" in body
    assert f"Uppdrag: {TITLE}" in body
    assert "assignments.Assignment 1" not in body
    # The update's changed field by its Swedish name (Assignment.title: "rubrik").
    assert '<span class="tl-tag">Rubrik</span>' in body
    assert '<span class="tl-tag">Namn</span>' in body
    # The page offers its own check, not a command.
    assert "tillit audit verify" not in body and "Kontrollera loggen nu" in body


def test_notifications_hidden_by_default_and_shown_on_request(client, auditor, changes):
    client.force_login(auditor)
    assert NOTE not in client.get("/testkommun/granskning/").content.decode()
    assert NOTE in client.get("/testkommun/granskning/?alla=1").content.decode()


def test_filter_is_a_select_of_swedish_object_names(client, auditor, changes):
    client.force_login(auditor)
    body = client.get("/testkommun/granskning/").content.decode()
    assert '<option value="assignments.Assignment">Uppdrag</option>' in body
    assert '<option value="organisation.Body">' in body
    assert "t.ex. decisions.Decision" not in body
    only = client.get("/testkommun/granskning/?tabell=assignments.Assignment").content.decode()
    assert '<option value="assignments.Assignment" selected>Uppdrag</option>' in only
    assert f"Uppdrag: {TITLE}" in only
    assert "Demoinläsning" not in only  # the body's change is filtered out


# Review P1-8: what changed (field, before, after), rows named in human terms, the gap in the
# numbering explained, filters on date, person and kind of event, and a CSV export.


def test_changed_field_shows_value_before_and_after(client, auditor, changes, testkommun):
    from tillit.audit.models import AuditEvent

    event = AuditEvent.objects.filter(model="assignments.Assignment", action="update").latest("seq")
    old_title = event.before["title"]
    assert old_title != TITLE
    client.force_login(auditor)
    body = client.get("/testkommun/granskning/?tabell=assignments.Assignment").content.decode()
    row = body[body.index('<span class="tl-tag">Rubrik</span>') :][:800]
    assert "före" in row and "efter" in row
    assert row.index(old_title) < row.index(TITLE)  # before, then after


def test_a_save_without_changed_values_says_so():
    """An update whose state equals the one before (the demo re-saves rows) says so instead of
    leaving the column empty; one that changed only the creation time shows that field."""
    from tillit.audit.models import AuditEvent
    from tillit.audit.selectors import changes_of

    state = {"id": 1, "title": "X", "created_at": "2024-01-01T10:00:00+00:00"}
    same = AuditEvent(model="assignments.Assignment", action="update", before=state, after=state)
    assert changes_of(same) == ([], "Sparad igen utan ändrade värden.")
    moved = {**state, "created_at": "2023-05-02T10:00:00+00:00"}
    back = AuditEvent(model="assignments.Assignment", action="update", before=state, after=moved)
    [change], note = changes_of(back)
    assert note == "" and change.old == "2024-01-01 11:00" and change.new == "2023-05-02 12:00"


def test_rows_named_by_what_they_point_to(testkommun):
    """A recipient row holds only ids (assignment, body): it is named by the assignment's title
    and the body's short name, never "Mottagare 3"."""
    from tillit.assignments.models import AssignmentRecipient
    from tillit.audit.models import AuditEvent
    from tillit.audit.selectors import event_rows

    events = AuditEvent.objects.filter(
        municipality=testkommun.municipality, model="assignments.AssignmentRecipient"
    )
    rows = event_rows(events)
    assert rows
    title = testkommun.assignment_ks.title
    recipient = AssignmentRecipient.objects.filter(body__isnull=False).select_related(
        "assignment", "body"
    )[0]
    title = f"Mottagare: {recipient.assignment.title} ({recipient.body.short_name})"
    assert title in [r.what for r in rows]
    assert not any(r.what.startswith("Mottagare ") for r in rows)


def test_hidden_rows_explain_the_gap_in_numbering(client, auditor, changes):
    client.force_login(auditor)
    body = client.get("/testkommun/granskning/").content.decode()
    assert "syns som luckor i numreringen" in body
    assert "1 meddelande till användare eller bakgrundsjobb visas inte" in body


def test_filter_by_person_action_and_date(client, auditor, changes):
    from django.utils import timezone

    client.force_login(auditor)
    page = client.get("/testkommun/granskning/").content.decode()
    assert f'<option value="{changes.pk}">{public_name_of(changes)}</option>' in page
    mine = client.get(f"/testkommun/granskning/?vem={changes.pk}").content.decode()
    assert f"Uppdrag: {TITLE}" in mine and "Demoinläsning" not in mine
    system = client.get("/testkommun/granskning/?vem=system").content.decode()
    assert "Demoinläsning" in system and f"Uppdrag: {TITLE}" not in system
    created = client.get("/testkommun/granskning/?handelse=create").content.decode()
    assert '<span class="tl-tag">Rubrik</span>' not in created
    today = timezone.localdate()
    past = client.get("/testkommun/granskning/?till=2000-01-01").content.decode()
    assert "Inga händelser." in past
    now = client.get(f"/testkommun/granskning/?fran={today.isoformat()}").content.decode()
    assert f"Uppdrag: {TITLE}" in now


def test_bad_date_is_a_swedish_error_not_a_500(client, auditor, changes):
    client.force_login(auditor)
    response = client.get("/testkommun/granskning/?fran=2026-13-45&format=csv")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in body and 'role="alert"' in body


def test_csv_export_is_swedish_excel_with_the_filters(client, auditor, changes):
    client.force_login(auditor)
    response = client.get("/testkommun/granskning/?tabell=assignments.Assignment&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # BOM: Excel reads UTF-8
    lines = text[1:].split("\r\n")
    assert lines[0] == "Nummer;Tid;Vem;Händelse;Uppgift;Ändringar"
    update = next(line for line in lines if f"Uppdrag: {TITLE}" in line and "Rubrik:" in line)
    assert update.count(";") >= 5 and f"→ {TITLE}" in update
    assert "Demoinläsning" not in text  # the filter applies to the export
    # The page links the export with the same filters.
    page = client.get("/testkommun/granskning/?tabell=assignments.Assignment").content.decode()
    assert "tabell=assignments.Assignment&amp;format=csv" in page


def test_csv_export_is_for_auditors_only(client, testkommun, changes):
    client.force_login(testkommun.users["sekreterare-ks"])
    assert client.get("/testkommun/granskning/?format=csv").status_code == 403


def test_an_update_that_changes_nothing_is_no_event(testkommun):
    """The log records changes: an update that leaves the row as logged (the demo wrote
    hundreds) adds no event; a real change after it does."""
    from tillit.audit.models import AuditEvent

    body = Body.objects.get(pk=testkommun.ks.pk)
    events = AuditEvent.objects.filter(model="organisation.Body", object_pk=str(body.pk))
    n = events.count()
    with acting_as("cli:test"):
        Body.objects.filter(pk=body.pk).update(name=body.name)
        Body.objects.filter(pk=body.pk).update(name=body.name)
    assert events.count() == n
    with acting_as("cli:test"):
        body.name = body.name + " (ny)"
        body.save()
    last = events.latest("seq")
    assert events.count() == n + 1 and last.after["name"].endswith(" (ny)")
