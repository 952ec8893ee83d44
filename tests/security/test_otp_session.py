"""Two-factor (issue 19, item 5): a session that has given the password but not the code is
anonymous everywhere — pages redirect to the code, and the API (which reads the session user
when no token is sent) sees an anonymous caller, so drafts and confidential deviations stay
hidden. The admin site's own login counts as a password-only login too."""

from __future__ import annotations

from datetime import date

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tillit.barometer import services as barometer
from tillit.core.testing import TEST_PASSWORD
from tillit.followup import services as followup

pytestmark = pytest.mark.django_db


@pytest.fixture
def secrets(testkommun):
    """A draft report (the administration's own) and a deviation with its content."""
    draft = followup.report_save_draft(
        actor=testkommun.users["kommundirektor"],
        assignment=testkommun.assignment_ks,
        period="2023-DR",
        status="risk",
        narrative="Utkast som ingen utanför förvaltningen ska läsa.",
    )
    deviation = barometer.deviation_report(
        actor=testkommun.users["kommundirektor"],
        municipality=testkommun.municipality,
        occurred_on=date(2023, 5, 2),
        from_role="Ordförande",
        body=testkommun.ks,
        to_office=testkommun.kommundirektor,
        to_role="",
        content="Hemlig anvisning om hur arbetet ska göras.",
    )
    return draft, deviation


def _reads(client, draft, deviation) -> tuple[bool, bool]:
    """(sees the draft report, sees the deviation's content) through the API."""
    reports = client.get("/api/v1/reports?municipality=testkommun").json()
    ids = {r["id"] for r in reports["items"]}
    one = client.get(f"/api/v1/barometer/deviations/{deviation.pk}?municipality=testkommun")
    content = one.json().get("content") if one.status_code == 200 else None
    return draft.pk in ids, content == deviation.content


ANONYMOUS = (False, False)


def _superuser_with_device(testkommun):
    user = testkommun.users["admin"]
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def test_full_session_reads_what_the_half_session_must_not(client, testkommun, secrets):
    """The reference: anonymous reads neither; signed in without two-factor, the admin reads
    both."""
    assert _reads(client, *secrets) == ANONYMOUS
    client.force_login(testkommun.users["admin"])
    assert _reads(client, *secrets) == (True, True)


def test_password_only_session_is_anonymous_in_the_api(client, testkommun, secrets):
    _superuser_with_device(testkommun)
    r = client.post("/konto/logga-in/", {"username": "admin", "password": TEST_PASSWORD})
    assert r.status_code == 302 and r["Location"].startswith("/konto/verifiera/")
    assert client.session["_auth_user_id"]  # the half-logged-in session exists ...
    assert _reads(client, *secrets) == ANONYMOUS  # ... but the API sees nobody
    # the pages ask for the code
    page = client.get("/testkommun/")
    assert page.status_code == 302 and page["Location"].startswith("/konto/verifiera/")


def test_admin_login_without_code_is_half_logged_in_too(client, testkommun, secrets):
    user = _superuser_with_device(testkommun)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    r = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": TEST_PASSWORD})
    assert r.status_code == 302 and client.session["_auth_user_id"]
    assert _reads(client, *secrets) == ANONYMOUS
    assert client.get("/testkommun/")["Location"].startswith("/konto/verifiera/")
