"""Min sida's first line speaks to the role (review P3-18): only politicians "sit in" bodies."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tillit.accounts.services import role_grant
from tillit.core.testing import TEST_PASSWORD
from tillit.organisation.models import Person

pytestmark = pytest.mark.django_db

SITS_IN = "det som har hänt i organen du sitter i"


def _lead(client, user) -> str:
    client.force_login(user)
    html = client.get("/testkommun/min-sida/").content.decode()
    return html.split('<p class="tl-lead">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("sekreterare-kf", "som sekreterare"),
        ("kommundirektor", "som chef"),
        ("admin", "som administratör"),
    ],
)
def test_staff_are_not_told_they_sit_in_a_body(client, testkommun, who, expected):
    lead = _lead(client, testkommun.users[who])
    assert expected in lead and SITS_IN not in lead


def test_auditor_and_politician(client, testkommun):
    auditor = get_user_model().objects.create_user(username="revisor-intro", password=TEST_PASSWORD)
    role_grant(user=auditor, municipality=testkommun.municipality, kind="auditor")
    assert "som revisor" in _lead(client, auditor)
    member = get_user_model().objects.create_user(username="ledamot-intro", password=TEST_PASSWORD)
    person = Person.objects.get(municipality=testkommun.municipality, name="Ledamot KS (fiktiv)")
    person.user = member
    person.save()
    lead = _lead(client, member)
    assert SITS_IN in lead and "Kommunstyrelsen" in lead


def test_inbox_intro_promises_only_what_it_has(client, testkommun):
    client.force_login(testkommun.users["kommundirektor"])
    html = client.get("/testkommun/uppfoljning/inkorg/").content.decode()
    assert "svar du har fått" not in html
    assert "Har du ställt frågor syns svaren här när de kommer." in html
