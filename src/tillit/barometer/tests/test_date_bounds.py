"""Accepted dates are 1900-01-01 – 2100-12-31 (issue 19, item 10; docs/barometer.md): outside,
the API answers 422 naming the field, pages show a Swedish form error, and the CLI prints a plain
message and exits with status 2 — never a 500 or a traceback."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tillit.accounts.services import api_token_create

pytestmark = pytest.mark.django_db

OUTSIDE = [("0001-01-01", "2023-12-31"), ("2023-01-01", "9999-12-31"), ("1899-12-31", "2023-01-01")]
RANGE_SV = "utanför det tillåtna intervallet"


@pytest.mark.parametrize(("start", "end"), OUTSIDE)
def test_barometer_api_is_422(client, testkommun, start, end):
    r = client.get("/api/v1/barometer", {"from": start, "to": end})
    assert r.status_code == 422, r.content
    body = r.json()
    assert body["code"] == "invalid" and set(body["errors"]) & {"from", "to"}
    assert "1900-01-01" in body["detail"] and "2100-12-31" in body["detail"]


def test_deviation_counts_api_is_422(client, testkommun):
    r = client.get("/api/v1/barometer/deviations", {"from": "0001-01-01", "to": "9999-12-31"})
    assert r.status_code == 422, r.content


def test_edges_are_accepted(client, testkommun):
    r = client.get("/api/v1/barometer", {"from": "1900-01-01", "to": "2100-12-31"})
    assert r.status_code == 200, r.content


@pytest.mark.parametrize(("start", "end"), OUTSIDE[:2])
def test_barometer_page_shows_a_form_error(client, testkommun, start, end):
    r = client.get("/testkommun/barometer/", {"from": start, "to": end})
    assert r.status_code in (200, 400)
    assert RANGE_SV in r.content.decode()


def test_api_dates_in_bodies_are_bounded_too(client, kommun):
    token = api_token_create(username="sekreterare-ks")[1]
    r = client.post(
        "/api/v1/decisions",
        {"body": "ks", "meeting_date": "9999-12-31", "paragraph": 3, "title": "Långt fram"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 422, r.content
    assert "meeting_date" in r.json()["errors"]


def test_form_dates_are_bounded(client, testkommun):
    client.force_login(testkommun.users["sekreterare-ks"])
    r = client.post(
        "/testkommun/beslut/registrera/",
        {
            "body": "ks",
            "meeting_date": "0001-01-01",
            "paragraph": "90",
            "title": "Ett beslut",
            "action": "save",
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code == 400
    assert RANGE_SV in r.content.decode()


@pytest.mark.parametrize(("start", "end"), OUTSIDE[:2])
def test_cli_barometer_exits_2(testkommun, start, end):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "barometer", "--municipality", "testkommun", "--from", start, "--to", end, stderr=err
        )
    assert exited.value.code == 2
    assert RANGE_SV in err.getvalue()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_cli_remind_exits_2(testkommun, day):
    """`tillit remind` turns the CommandError into its message on stderr and exit status 2."""
    with pytest.raises(CommandError) as refused:
        call_command("remind", "--date", day)
    assert refused.value.returncode == 2
    assert RANGE_SV in str(refused.value)
