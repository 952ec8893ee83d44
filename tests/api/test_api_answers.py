"""The API's answers outside the operations (issue 19, item 11): a JSON body may hold the text
`%00` (only a real NUL is refused), and a 413 or a 500 is JSON like every other error."""

from __future__ import annotations

import pytest

from tillit.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _post(client, token, payload, **kw):
    return client.post(
        "/api/v1/decisions",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        **kw,
    )


def test_percent_00_text_in_json_is_not_a_nul(client, kommun):
    token = api_token_create(username="sekreterare-ks")[1]
    payload = {
        "body": "ks",
        "meeting_date": "2026-03-10",
        "paragraph": 45,
        "title": "Rabatt 100%00 – inte ett NUL",
    }
    r = _post(client, token, payload)
    assert r.status_code == 201, r.content
    # a real NUL, escaped in JSON, is still refused
    r = _post(client, token, {**payload, "paragraph": 46, "title": "NUL\u0000"})
    assert r.status_code == 400 and r.json()["code"] == "bad_request"
    # an escaped backslash followed by "u0000" is text, not a NUL
    r = _post(client, token, {**payload, "paragraph": 47, "title": "C:\\u0000"})
    assert r.status_code == 201, r.content


def test_too_large_body_is_413_json(client, kommun, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    token = api_token_create(username="sekreterare-ks")[1]
    r = _post(client, token, {"body": "ks", "title": "x" * 5000})
    assert r.status_code == 413
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "too_large"


def test_server_error_is_json(client, kommun, monkeypatch):
    import tillit.organisation.api as organisation_api

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(organisation_api, "municipality_for", broken)
    client.raise_request_exception = False
    r = client.get("/api/v1/bodies")
    assert r.status_code == 500
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "server_error" and "boom" not in r.content.decode()


def test_unknown_api_path_is_404_json(client, kommun):
    r = client.get("/api/v1/finns-inte")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_pages_keep_their_html_errors(client, kommun):
    r = client.get("/testkommun/finns-inte/ingenstans/")
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")
