"""Min sida for the administrator and the auditor (review P4-33, P4-34): the admin's shortcuts
to users and roles, the organisation and the mandate periods; the import link says what the
import page does; the auditor reads a plain status of the log's last check."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tillit.accounts.services import role_grant
from tillit.core.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_has_shortcuts_and_the_import_link_matches_the_page(client, testkommun):
    admin = testkommun.users["admin"]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    html = client.get("/testkommun/min-sida/").content.decode()
    shortcuts = html[html.index('id="admin-genvagar"') :][:1200]
    assert "Användare och roller" in shortcuts and "/admin/accounts/role/" in shortcuts
    assert "/testkommun/organisation/andra/" in shortcuts
    assert "/testkommun/organisation/andra/mandatperiod/" in shortcuts
    assert "Läs in utfall och budget" not in html
    assert "Läs in utfall från en SIE 4-fil" in html
    # The page the link leads to is that page.
    page = client.get("/testkommun/ekonomi/import/").content.decode()
    assert "Läs in utfall från en SIE 4-fil" in page


def test_auditor_reads_never_checked(client, testkommun):
    user = get_user_model().objects.create_user(username="revisor-y", password=TEST_PASSWORD)
    role_grant(user=user, municipality=testkommun.municipality, kind="auditor")
    client.force_login(user)
    html = client.get("/testkommun/min-sida/").content.decode()
    assert "senast kontrollerad: aldrig" in html
    assert "har inte kontrollerats här ännu" not in html
