"""Min sida (issue 14 item 1): where each role lands, what is pushed to whom, the inbox API."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from tillit.accounts.services import api_token_create, role_grant
from tillit.barometer import services as barometer_services
from tillit.core.testing import TEST_PASSWORD
from tillit.followup import services as followup
from tillit.followup.models import Notification, NotificationKind
from tillit.organisation.models import Person

pytestmark = pytest.mark.django_db

REPORT = {
    "status": "risk",
    "narrative": "Tre processer är automatiserade.",
    "resources_suffice": True,
    "forecast": "Målet nås 2024.",
}


@pytest.fixture
def ks_member(testkommun):
    """A KS member who logs in (through her person's membership) and gets e-mail."""
    user = get_user_model().objects.create_user(
        username="ledamot-ks", password=TEST_PASSWORD, email="ledamot@example.org"
    )
    person = Person.objects.get(municipality=testkommun.municipality, name="Ledamot KS (fiktiv)")
    person.user = user
    person.save()
    role_grant(
        user=user, municipality=testkommun.municipality, kind="politician", body=testkommun.ks
    )
    return user


def _file_report(tk):
    return followup.report_file(
        actor=tk.users["kommundirektor"], assignment=tk.assignment_ks, period="2023-DR", **REPORT
    )


def test_a_submitted_report_reaches_the_bodys_members_and_min_sida(client, testkommun, ks_member):
    report = _file_report(testkommun)
    n = Notification.objects.get(user=ks_member, key=f"report-submitted:{report.pk}")
    assert n.kind == NotificationKind.REPORT_SUBMITTED
    # The secretary is told too, with the same words ("Rapport inlämnad", never "ska lämnas").
    secretary = Notification.objects.get(
        user=testkommun.users["sekreterare-ks"], key=f"report-submitted:{report.pk}"
    )
    assert secretary.get_kind_display() == "Rapport inlämnad"
    # A BUN politician is not told about KS's report.
    assert not Notification.objects.filter(
        key=f"report-submitted:{report.pk}", user__roles__body=testkommun.bun
    ).exists()

    client.force_login(ks_member)
    html = client.get("/testkommun/min-sida/").content.decode()
    assert "Rapporter att besluta om" in html
    assert testkommun.assignment_ks.title in html
    assert "Inget väntar på dig just nu" not in html
    assert "Uppdrag ni har gett" in html  # KS's open assignment and its state


def test_login_from_the_start_page_lands_on_min_sida(client, testkommun, ks_member):
    response = client.post(
        "/konto/logga-in/",
        {"username": "ledamot-ks", "password": TEST_PASSWORD, "next": "/testkommun/"},
    )
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302 and landing["Location"] == "/testkommun/min-sida/"
    # Any other page is returned to.
    client.logout()
    back = client.post(
        "/konto/logga-in/",
        {"username": "ledamot-ks", "password": TEST_PASSWORD, "next": "/testkommun/uppdrag/"},
    )
    assert back["Location"] == "/testkommun/uppdrag/"


def test_deviation_and_strategic_delegation_are_pushed_to_the_body(testkommun, ks_member):
    tk = testkommun
    deviation = barometer_services.deviation_report(
        actor=tk.users["sekreterare-bun"],
        municipality=tk.municipality,
        occurred_on=date(2024, 5, 16),
        from_role="Kommunstyrelsens ordförande",
        body=tk.ks,
        to_office=tk.enhet_gata_park,
        content="Flytta cykelställen vid torget.",
    )
    n = Notification.objects.get(user=ks_member, key=f"deviation:{deviation.pk}")
    assert n.kind == NotificationKind.DEVIATION
    # Never the content or the receiving unit: they could point at the reporter.
    assert "cykelställ" not in (n.title + n.text).lower()
    assert "Gata" not in n.title + n.text

    row = barometer_services.delegation_decision_register(
        actor=None,
        system=True,
        body=tk.ks,
        delegate_office=tk.kommundirektor,
        delegation_point="3.1",
        decided_on=date(2024, 6, 1),
        title="Biblioteksfilialen i Storebro läggs ned",
        content="Filialen stängs permanent från och med den 1 augusti.",
    )
    assert row.is_strategic
    n = Notification.objects.get(user=ks_member, key=f"strategic-delegation:{row.pk}")
    assert n.kind == NotificationKind.STRATEGIC_DELEGATION


def test_digest_once_a_day_and_it_can_be_turned_off(testkommun, ks_member):
    _file_report(testkommun)
    mail.outbox.clear()
    followup.digests_send()
    mine = [m for m in mail.outbox if m.to == ["ledamot@example.org"]]
    assert len(mine) == 1 and "Rapport att besluta om" in mine[0].body
    assert "Min sida" in mine[0].body  # says how to turn it off
    followup.digests_send()
    assert len([m for m in mail.outbox if m.to == ["ledamot@example.org"]]) == 1

    followup.email_digest_set(user=ks_member, enabled=False)
    followup.notify_body(
        testkommun.ks, key="x-test", kind=NotificationKind.DEVIATION, title="Ännu en sak"
    )
    mail.outbox.clear()
    followup.digests_send()
    assert not [m for m in mail.outbox if m.to == ["ledamot@example.org"]]
    assert Notification.objects.filter(user=ks_member, key="x-test").exists()  # still in inbox


def test_digest_setting_and_mark_read_on_the_page(client, testkommun, ks_member):
    report = _file_report(testkommun)
    client.force_login(ks_member)
    response = client.post("/testkommun/min-sida/e-post/", {}, follow=True)
    assert "Du får ingen daglig sammanfattning" in response.content.decode()
    assert not followup.email_digest_enabled(ks_member)
    n = Notification.objects.get(user=ks_member, key=f"report-submitted:{report.pk}")
    client.post("/testkommun/min-sida/last/", {"id": str(n.pk)})
    n.refresh_from_db()
    assert n.read_at is not None
    bad = client.post("/testkommun/min-sida/last/", {"id": "abc"}, follow=True)
    assert bad.status_code == 200 and "Inget har ändrats" in bad.content.decode()
    assert client.get("/testkommun/min-sida/e-post/").status_code == 405


def test_inbox_api(client, testkommun, ks_member):
    report = _file_report(testkommun)
    assert client.get("/api/v1/me/inbox").status_code == 401
    token = api_token_create(username=ks_member.username)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = client.get("/api/v1/me/inbox", **auth).json()
    assert body["count"] == len(body["items"]) >= 1
    item = body["items"][0]
    assert set(item) >= {"kind", "title", "url", "created_at", "read"}
    assert item["kind"] == "report_submitted" and item["read"] is False
    assert item["url"].endswith(f"/rapporter/{report.pk}/")
    created = [i["created_at"] for i in body["items"]]
    assert created == sorted(created, reverse=True)

    marked = client.post(
        "/api/v1/me/inbox/read",
        data=json.dumps({"ids": [item["id"]]}),
        content_type="application/json",
        **auth,
    )
    assert marked.status_code == 200 and marked.json()["marked"] == 1
    again = client.get("/api/v1/me/inbox", **auth).json()
    assert again["items"][0]["read"] is True and again["unread"] == body["unread"] - 1
    # Another user's messages are never marked.
    other = api_token_create(username="sekreterare-ks")[1]
    client.post(
        "/api/v1/me/inbox/read",
        data=json.dumps({}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {other}",
    )
    assert (
        Notification.objects.filter(user=ks_member, read_at__isnull=True).count()
        == (again["unread"])
    )


@pytest.mark.parametrize(
    "username,expected",
    [
        ("sekreterare-ks", "Registrera beslut"),
        ("kommundirektor", "Alla uppdrag"),
        ("lasare", "Inget väntar på dig just nu"),
    ],
)
def test_every_role_has_a_page(client, testkommun, username, expected):
    client.force_login(testkommun.users[username])
    response = client.get("/testkommun/min-sida/")
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_decided_report_is_no_longer_waiting(client, testkommun, ks_member):
    report = _file_report(testkommun)
    n = Notification.objects.get(user=ks_member, key=f"report-submitted:{report.pk}")
    assert n.read_at is None and "Delårsrapport 2023" in n.title  # no "2023-DR" code
    followup.report_decide(
        actor=testkommun.users["sekreterare-ks"],
        report=report,
        outcome="continue",
        meeting_date=timezone.localdate(),
        paragraph=91,
    )
    n.refresh_from_db()
    assert n.read_at is not None
    client.force_login(ks_member)
    html = client.get("/testkommun/min-sida/").content.decode()
    assert "Rapporter att besluta om" not in html


def test_auditor_sees_granskningslage(client, testkommun):
    """Issue review: the auditor's Min sida is no longer 'nothing waits': overdue assignments
    without a report, deviations this year and the audit check's last result, with links."""
    from django.utils import timezone

    from tillit.jobs.models import Job, JobStatus

    tk = testkommun
    auditor = get_user_model().objects.create_user(username="revisor-ws", password=TEST_PASSWORD)
    role_grant(user=auditor, municipality=tk.municipality, kind="auditor")
    client.force_login(auditor)
    body = client.get("/testkommun/min-sida/").content.decode()
    assert "Granskningsläge" in body and "Inget väntar på dig just nu" not in body
    # assignment_ks: deadline 2023-12-31, no report submitted.
    assert tk.assignment_ks.title in body
    assert "Granskningsloggen – senast kontrollerad: aldrig." in body
    assert "/testkommun/granskning/" in body
    today = timezone.localdate()
    for day in (today, today.replace(month=1, day=1), date(today.year - 1, 6, 1)):
        barometer_services.deviation_report(
            actor=tk.users["sekreterare-bun"],
            municipality=tk.municipality,
            occurred_on=day,
            from_role="Kommunstyrelsens ordförande",
            body=tk.ks,
            to_office=tk.enhet_gata_park,
            content="Testavvikelse.",
        )
    Job.objects.create(
        municipality=tk.municipality,
        user=auditor,
        kind="audit.verify",
        title="Kontroll av granskningsloggen",
        status=JobStatus.DONE,
        finished_at=timezone.now(),
    )
    _file_report(tk)
    body = client.get("/testkommun/min-sida/").content.decode()
    assert f"2 avvikelser från beslutskedjan {today.year}" in body  # last year's not counted
    assert "hel och stämmer med datat" in body
    assert f">{tk.assignment_ks.title}</a> –" not in body  # reported: no longer overdue
    # Not for a reader.
    client.force_login(tk.users["lasare"])
    assert "Granskningsläge" not in client.get("/testkommun/min-sida/").content.decode()
