"""Optimistic locking covers every change of an assignment, status changes included (issue 19,
item 8): each change gives the assignment a new version, so a second change sent from the same
version is 409 in the API and the conflict page in the form."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tillit.accounts.services import api_token_create
from tillit.assignments.models import Assignment, Status
from tillit.assignments.services import assignment_change_status
from tillit.core.errors import Conflict
from tillit.followup import services as followup
from tillit.followup.models import ReportDecision

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _status(client, token, assignment_id, **body):
    return client.post(
        f"/api/v1/assignments/{assignment_id}/status",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_second_status_change_from_the_same_version_is_409(client, testkommun):
    a = testkommun.assignment_ks  # "pågår", changed by the chief
    chief = api_token_create(username="kommundirektor")[1]
    version = client.get(f"/api/v1/assignments/{a.pk}").json()["version"]
    first = _status(client, chief, a.pk, status="reported", version=version)
    assert first.status_code == 200, first.content
    assert first.json()["version"] == version + 1
    second = _status(client, chief, a.pk, status="in_progress", version=version)
    assert second.status_code == 409, second.content
    assert second.json()["code"] == "stale_version"
    assert second.json()["current_version"] == version + 1
    a.refresh_from_db()
    assert a.status == Status.REPORTED and a.version == version + 1


def test_every_status_change_is_a_new_version(testkommun):
    a = testkommun.assignment_ks
    before = Assignment.objects.get(pk=a.pk).version
    assignment_change_status(
        actor=testkommun.users["kommundirektor"],
        assignment=a,
        to_status=Status.REPORTED,
        expected_version=before,
    )
    assert Assignment.objects.get(pk=a.pk).version == before + 1
    with pytest.raises(Conflict):
        assignment_change_status(
            actor=testkommun.users["kommundirektor"],
            assignment=a,
            to_status=Status.REPORTED,
            expected_version=before,
        )


def test_stale_decide_form_after_a_status_change_is_the_conflict_page(client, testkommun):
    """Two reports' decision forms were loaded from the same version; the first decision moves
    the assignment's status, so sending the second is the 409 conflict page, nothing stored."""
    chief = testkommun.users["kommundirektor"]
    reports = [
        followup.report_file(
            actor=chief,
            assignment=testkommun.assignment_ks,
            period=period,
            status="on_track",
            narrative="Det går bra.",
            resources_suffice=True,
        )
        for period in ("2023-T1", "2023-DR")
    ]
    client.force_login(testkommun.users["sekreterare-ks"])
    urls = [f"/testkommun/uppfoljning/rapporter/{r.pk}/beslut/" for r in reports]
    loaded = [
        int(re.search(r'name="version" value="(\d+)"', client.get(u).content.decode()).group(1))
        for u in urls
    ]
    assert loaded[0] == loaded[1]
    form = {
        "version": str(loaded[0]),
        "outcome": "continue",
        "meeting_date": TODAY.isoformat(),
        "paragraph": "81",
        "title": "Fortsätt arbetet",
    }
    assert client.post(urls[0], form).status_code == 302  # reported -> in progress
    a = Assignment.objects.get(pk=testkommun.assignment_ks.pk)
    assert a.status == Status.IN_PROGRESS and a.version == loaded[0] + 1
    again = client.post(urls[1], {**form, "paragraph": "82"})
    assert again.status_code == 409
    assert "Uppdraget har ändrats av någon annan" in again.content.decode()
    assert not ReportDecision.objects.filter(report=reports[1]).exists()
