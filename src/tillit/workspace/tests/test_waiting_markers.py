"""Review findings P1-5 and P1-3: on a politician's Min sida the line "1 fråga … väntar på svar"
links to the question and says "försenad" once the answer date has passed; a report that has
waited for the body's decision longer than a meeting cycle says how long."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tillit.accounts.services import role_grant
from tillit.core.testing import TEST_PASSWORD
from tillit.followup import services as followup
from tillit.organisation.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def ks_member(testkommun):
    user = get_user_model().objects.create_user(username="ledamot-ks", password=TEST_PASSWORD)
    person = Person.objects.get(municipality=testkommun.municipality, name="Ledamot KS (fiktiv)")
    person.user = user
    person.save()
    role_grant(
        user=user, municipality=testkommun.municipality, kind="politician", body=testkommun.ks
    )
    return user


def _line(html: str) -> str:
    start = html.index('id="kommande-sammantraden"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(("days_ago", "late"), [(30, True), (1, False)])
def test_the_open_question_line_links_and_marks_lateness(
    client, testkommun, ks_member, days_ago, late
):
    question = followup.question_ask(
        actor=ks_member,
        assignment=testkommun.assignment_ks,
        text="Hur går det?",
        asked_on=timezone.localdate() - timedelta(days=days_ago),
    )
    client.force_login(ks_member)
    section = _line(client.get("/testkommun/min-sida/").content.decode())
    assert "1 fråga från organet väntar på svar" in section
    href = f"/testkommun/uppdrag/{testkommun.assignment_ks.pk}/#fraga-{question.pk}"
    assert href in section
    assert ("försenad" in section) is late


@pytest.mark.parametrize(("days_ago", "marked"), [(60, True), (10, False)])
def test_a_report_waiting_long_for_a_decision_says_how_long(
    client, testkommun, ks_member, days_ago, marked
):
    followup.report_file(
        actor=testkommun.users["kommundirektor"],
        assignment=testkommun.assignment_ks,
        period="2023-DR",
        submitted_on=timezone.localdate() - timedelta(days=days_ago),
        status="on_track",
        narrative="Enligt plan.",
        resources_suffice=True,
    )
    for user in (ks_member, testkommun.users["sekreterare-ks"]):
        client.force_login(user)
        html = client.get("/testkommun/min-sida/").content.decode()
        assert (f"väntat {days_ago} dagar" in html) is marked, user.username
