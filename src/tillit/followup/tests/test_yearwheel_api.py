"""Årshjul through the API and the CLI, and the chart's colour legend (docs/arshjul.md)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tillit.accounts.services import api_token_create
from tillit.followup import yearwheel
from tillit.followup.models import YearEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/year-events"


def _auth(tk, username="admin"):
    return {"Authorization": f"Bearer {api_token_create(username=tk.users[username].username)[1]}"}


def test_api_lists_the_year(client, testkommun):
    r = client.get(URL, {"municipality": "testkommun", "year": 2027})
    assert r.status_code == 200
    data = r.json()
    assert data["configured"] is False and data["count"] == len(yearwheel.DEFAULT_EVENTS)
    first = data["items"][0]
    assert first["start"] == "2027-02-15" and first["kind"] == "budget_directives"
    assert first["body"] == "ks" and first["id"] is None
    dialogue = next(i for i in data["items"] if i["kind"] == "budget_dialogue")
    assert dialogue["end"] == "2027-05-31"
    assert client.get(URL, {"municipality": "testkommun", "year": 1200}).status_code == 422
    assert client.get(URL, {"municipality": "nowhere", "year": 2027}).status_code == 404


def test_api_add_and_change_an_event(client, testkommun):
    tk = testkommun
    event = {
        "municipality": "testkommun",
        "kind": "other",
        "title": "Budgetberedning i KSAU",
        "month": 9,
        "day": 8,
        "body": "ks",
    }
    assert client.post(URL, event, content_type="application/json").status_code == 401
    r = client.post(
        URL, event, content_type="application/json", headers=_auth(tk, "sekreterare-ks")
    )
    assert r.status_code == 403 and not YearEvent.objects.exists()
    r = client.post(URL, event, content_type="application/json", headers=_auth(tk))
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["title"] == "Budgetberedning i KSAU" and created["body"] == "ks"
    # the first change made the defaults the municipality's own
    assert YearEvent.objects.count() == len(yearwheel.DEFAULT_EVENTS) + 1
    url = f"{URL}/{created['id']}?municipality=testkommun"
    r = client.patch(url, {"day": 10}, content_type="application/json", headers=_auth(tk))
    assert r.status_code == 200 and r.json()["day"] == 10
    assert r.json()["title"] == "Budgetberedning i KSAU"  # the rest stays
    listed = client.get(URL, {"municipality": "testkommun", "year": 2027}).json()
    assert listed["configured"] is True
    assert any(i["start"] == "2027-09-10" for i in listed["items"])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"month": 13}, "month", "1–12"),
        ({"day": 31, "month": 2}, "day", "Februari har inte 31 dagar"),
        ({"end_month": 3}, "end_day", "både slutmånad och slutdag"),
        ({"remind_days_before": 400}, "remind_days_before", "0–120"),
        ({"body": "skolan"}, "body", "finns inte"),
        ({"kind": "fest"}, "kind", "Välj vilken sorts"),
    ],
)
def test_api_bad_input_is_422_in_swedish_and_nothing_stored(
    client, testkommun, change, field, words
):
    event = {"municipality": "testkommun", "kind": "other", "title": "X", "month": 3, "day": 1}
    r = client.post(
        URL, {**event, **change}, content_type="application/json", headers=_auth(testkommun)
    )
    assert r.status_code == 422, r.content
    assert r.json()["field"] == field and words in r.json()["detail"]
    assert not YearEvent.objects.exists()


def test_api_patch_unknown_event_is_404(client, testkommun):
    r = client.patch(
        f"{URL}/999999?municipality=testkommun",
        {"day": 3},
        content_type="application/json",
        headers=_auth(testkommun),
    )
    assert r.status_code == 404


def test_cli_list_and_add(testkommun):
    out = io.StringIO()
    call_command("arshjul", "list", municipality="testkommun", year="2027", stdout=out)
    text = out.getvalue()
    assert "standardårshjul" in text and "2027-04-15 – 2027-05-31  Budgetdialog" in text
    out = io.StringIO()
    call_command(
        "arshjul",
        "add",
        municipality="testkommun",
        kind="other",
        title="Budgetberedning i KSAU",
        month="9",
        day="8",
        body="ks",
        stdout=out,
    )
    assert "Sparad: Budgetberedning i KSAU" in out.getvalue()
    out = io.StringIO()
    call_command("arshjul", "list", municipality="testkommun", year="2027", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["configured"] is True
    assert {"start": "2027-09-08", "body": "ks"}.items() <= next(
        i for i in data["items"] if i["title"] == "Budgetberedning i KSAU"
    ).items()


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"kind": "other", "title": "X", "month": "13", "day": "1"}, "--month: Välj en månad"),
        ({"kind": "other", "title": "X", "month": "2", "day": "30"}, "--day: Februari"),
        ({"kind": "other", "month": "2", "day": "3"}, "--title"),
        ({"kind": "other", "title": "X", "month": "2", "day": "3", "body": "x"}, "Organet"),
    ],
)
def test_cli_add_bad_input_exits_2_and_stores_nothing(testkommun, options, words):
    with pytest.raises(CommandError) as exc:
        call_command("arshjul", "add", municipality="testkommun", **options)
    assert exc.value.returncode == 2 and words in str(exc.value), str(exc.value)
    assert not YearEvent.objects.exists()


def test_cli_list_bad_year_and_municipality_exit_2(testkommun):
    for kwargs, words in (
        ({"municipality": "testkommun", "year": "tjugo"}, "Ogiltigt år"),
        ({"municipality": "nowhere"}, "nowhere"),
    ):
        with pytest.raises(CommandError) as exc:
            call_command("arshjul", "list", **kwargs)
        assert exc.value.returncode == 2 and words in str(exc.value)


def test_the_chart_has_a_colour_legend_beside_the_table(client, testkommun):
    html = client.get("/testkommun/uppfoljning/arshjul/?ar=2027").content.decode()
    legend = html[html.index('class="tl-legend"') : html.index("</figcaption>")]
    for colour, label in yearwheel.LEGEND[:4]:  # the defaults use four of the five colours
        assert colour in legend and label in legend
    assert "Annan händelse" not in legend  # no such event this year
    assert "<table" in html[html.index("</figure>") :]  # the table beside it names each kind
