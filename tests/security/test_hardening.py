"""Headers, CSRF, the audit page's permission, and no 500 for whatever a client sends."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tillit.core.middleware import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/", "/testkommun/", "/konto/logga-in/", "/api/v1/bodies"])
def test_security_headers(client, testkommun, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_no_inline_script_in_pages(client, testkommun):
    client.force_login(testkommun.users["admin"])
    for url in ("/testkommun/", "/testkommun/uppdrag/", "/testkommun/beslut/", "/konto/tvafaktor/"):
        body = client.get(url).content.decode()
        for tag in body.split("<script")[1:]:
            head = tag.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, (url, head)


def test_csrf_enforced_with_swedish_page(testkommun):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": "admin", "password": "x"})
    assert response.status_code == 403
    assert "säkerhetskontrollen" in response.content.decode()


def test_audit_page_needs_auditor_or_admin(client, testkommun):
    assert client.get("/testkommun/granskning/").status_code == 302  # to login
    client.force_login(testkommun.users["sekreterare-ks"])
    assert client.get("/testkommun/granskning/").status_code == 403
    client.force_login(testkommun.users["admin"])
    page = client.get("/testkommun/granskning/")
    assert page.status_code == 200 and "decisions.Decision" in page.content.decode()


def test_audit_api_401_403_200(client, testkommun):
    from tillit.accounts.services import api_token_create

    assert client.get("/api/v1/audit").status_code == 401
    _, lasare = api_token_create(username="lasare")
    r = client.get("/api/v1/audit", HTTP_AUTHORIZATION=f"Bearer {lasare}")
    assert r.status_code == 403
    _, admin = api_token_create(username="admin")
    r = client.get("/api/v1/audit?model=decisions.Decision", HTTP_AUTHORIZATION=f"Bearer {admin}")
    assert r.status_code == 200 and r.json()["count"] == 2
    assert r.json()["items"][0]["hash"]


FORMS = [
    "/konto/logga-in/",
    "/konto/verifiera/",
    "/konto/tvafaktor/",
    "/testkommun/beslut/nytt/",
    "/testkommun/granskning/",
]

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "username",
                "password",
                "token",
                "next",
                "tabell",
                "rad",
                "sida",
                "body",
                "paragraph",
                "meeting_date",
                "title",
            ]
        ),
        text,
        max_size=6,
    ),
    url=st.sampled_from(FORMS),
)
def test_forms_never_500(client, testkommun, data, url):
    client.force_login(testkommun.users["admin"])
    for response in (client.post(url, data), client.get(url, data)):
        assert response.status_code < 500, (url, data)
