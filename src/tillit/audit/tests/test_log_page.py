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
