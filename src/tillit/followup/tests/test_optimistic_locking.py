"""Optimistic locking in the HTML forms that change an assignment (issue 8, item 6): the form
carries the version it was loaded from; a stale one is 409 with the Swedish message, the user's
input stays in the form and nothing is stored."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tillit.assignments.models import Status
from tillit.assignments.services import assignment_amend
from tillit.decisions.models import Decision
from tillit.decisions.services import decision_register
from tillit.followup import services
from tillit.followup.models import Report, ReportDecision

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
STALE = "Uppdraget har ändrats av någon annan medan du arbetade"


def _version_in(html: str) -> int:
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', html)
    assert found, "the form carries the assignment version"
    return int(found.group(1))


def _amend_meanwhile(fu, paragraph=70):
    """Someone else gives the assignment a new version (a KS decision, through the service)."""
    a = fu.assignment_ks
    decision = decision_register(
        actor=fu.users["sekreterare-ks"],
        body=fu.ks,
        meeting_date=TODAY,
        paragraph=paragraph,
        title="Ändrat slutdatum",
    )
    assignment_amend(
        actor=fu.users["sekreterare-ks"],
        assignment=a,
        decision=decision,
        draft=services.amendment_from(a, deadline=TODAY + timedelta(days=300)),
    )
    a.refresh_from_db()
    return a


def test_stale_decision_form_is_409_and_keeps_the_input(fu, client):
    report = services.report_file(
        actor=fu.users["kommundirektor"],
        assignment=fu.assignment_ks,
        period="2023-DR",
        status="on_track",
        narrative="Det går bra.",
        resources_suffice=True,
    )
    url = f"/testkommun/uppfoljning/rapporter/{report.pk}/beslut/"
    client.force_login(fu.users["sekreterare-ks"])
    loaded = _version_in(client.get(url).content.decode())
    assert loaded == type(fu.assignment_ks).objects.get(pk=fu.assignment_ks.pk).version
    a = _amend_meanwhile(fu)
    assert a.version == loaded + 1
    now = a.version
    decisions_before = Decision.objects.count()
    form = {
        "version": str(loaded),
        "outcome": "complete",
        "meeting_date": TODAY.isoformat(),
        "paragraph": "81",
        "title": "Mitt eget beslut om avslut",
    }
    r = client.post(url, form)
    assert r.status_code == 409
    html = r.content.decode()
    assert STALE in html and f"version {loaded}" in html and f"version {now}" in html
    assert "Mitt eget beslut om avslut" in html  # nothing the user wrote is lost
    assert _version_in(html) == now  # a deliberate resubmission after review may go through
    a.refresh_from_db()
    assert a.status == Status.REPORTED and a.version == now
    assert not ReportDecision.objects.filter(report=report).exists()
    assert Decision.objects.count() == decisions_before
    # after looking at the change, sending again (from the current version) registers it
    r = client.post(url, {**form, "version": str(now)})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.COMPLETED


def test_stale_adjust_decision_is_refused_too(fu, client):
    report = services.report_file(
        actor=fu.users["kommundirektor"],
        assignment=fu.assignment_ks,
        period="2023-DR",
        status="risk",
        narrative="Risk.",
        resources_suffice=True,
    )
    url = f"/testkommun/uppfoljning/rapporter/{report.pk}/beslut/"
    client.force_login(fu.users["sekreterare-ks"])
    loaded = _version_in(client.get(url).content.decode())
    now = _amend_meanwhile(fu).version
    r = client.post(
        url,
        {
            "version": str(loaded),
            "outcome": "adjust",
            "meeting_date": TODAY.isoformat(),
            "paragraph": "82",
            "new_what": "Ett nytt avsett resultat.",
        },
    )
    assert r.status_code == 409 and STALE in r.content.decode()
    assert "Ett nytt avsett resultat." in r.content.decode()
    a = fu.assignment_ks
    a.refresh_from_db()
    assert a.version == now and a.what != "Ett nytt avsett resultat."


def test_stale_report_submission_is_409_and_stores_nothing(fu, client):
    a = fu.assignment_ks
    url = f"/testkommun/uppfoljning/uppdrag/{a.pk}/rapport/2023-DR/"
    client.force_login(fu.users["kommundirektor"])
    loaded = _version_in(client.get(url).content.decode())
    assert loaded == type(a).objects.get(pk=a.pk).version
    now = _amend_meanwhile(fu).version
    form = {
        "version": str(loaded),
        "status": "on_track",
        "narrative": "Vår text som inte får försvinna.",
        "resources_suffice": "ja",
        "submit": "1",
    }
    r = client.post(url, form)
    assert r.status_code == 409
    html = r.content.decode()
    assert STALE in html and "Vår text som inte får försvinna." in html
    assert not Report.objects.filter(assignment=a).exists()
    a.refresh_from_db()
    assert a.status == Status.IN_PROGRESS and a.version == now
    # a draft only saves the chief's own text and is not refused
    r = client.post(url, {k: v for k, v in form.items() if k != "submit"})
    assert r.status_code == 302
    assert Report.objects.get(assignment=a).state == "draft"


def test_current_version_submits(fu, client):
    a = fu.assignment_ks
    url = f"/testkommun/uppfoljning/uppdrag/{a.pk}/rapport/2023-DR/"
    client.force_login(fu.users["kommundirektor"])
    loaded = _version_in(client.get(url).content.decode())
    r = client.post(
        url,
        {
            "version": str(loaded),
            "status": "on_track",
            "narrative": "Klart.",
            "resources_suffice": "ja",
            "submit": "1",
        },
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.REPORTED
