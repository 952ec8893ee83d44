"""The controller's forms: frame, forecast, action plan, CSV import — and the matching API writes.

For each: a permitted user succeeds and the effect is stored and shown; bad input gives 200 with
the Swedish message beside the field and stores nothing; anonymous users are sent to the login
page and users without the role get 403.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from tillit.accounts.services import api_token_create
from tillit.economy import imports, services
from tillit.economy.models import (
    ActionPlan,
    ActualLine,
    BatchKind,
    BudgetLine,
    Forecast,
    Frame,
    ImportBatch,
)

from .factories import body_decision, kf_decision

pytestmark = pytest.mark.django_db

BASE = "/testkommun/ekonomi/"


@pytest.fixture
def deficit(testkommun):
    """Frames 2023 for BUN and SN (1 000 kr each) and January actuals of 1 000 kr for BUN: the
    linear projection (12 000 kr) is a deficit far above 1 % — "åtgärdsplan saknas"."""
    tk = testkommun
    kf = kf_decision(tk)
    for body in (tk.bun, tk.sn):
        services.frame_set(actor=None, body=body, year=2023, amount=1000, decision=kf)
    imports.actuals_csv_import(
        actor=None, municipality=tk.municipality, source="body;month;amount\nbun;2023-01;1000\n"
    )
    tk.kf_budget = kf
    return tk


def _upload(text: str, name: str = "fil.csv") -> io.BytesIO:
    f = io.BytesIO(text.encode())
    f.name = name
    return f


def _html(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# Frame


def test_frame_form_sets_the_frame_and_the_body_page_shows_it(login, deficit):
    tk = deficit
    client = login("sekreterare-kf")
    page = client.get(BASE + "ram/ny/?ar=2023")
    assert page.status_code == 200
    assert tk.kf_budget.reference in _html(page)  # offered in the decision picker
    assert "Barn- och utbildningsnämnden" in _html(page)  # the year's frames so far
    form = {"body": "mbn", "year": "2023", "amount": "1 500 000,50", "decision": tk.kf_budget.pk}
    r = client.post(BASE + "ram/ny/", form)
    assert r.status_code == 302 and r["Location"] == BASE + "organ/mbn/?ar=2023"
    frame = Frame.objects.get(body=tk.mbn, year=2023)
    assert frame.amount == Decimal("1500000.50") and frame.decision == tk.kf_budget
    page = client.get(r["Location"])
    assert "Ramen för Miljö- och byggnadsnämnden 2023 är satt" in _html(page)
    assert tk.kf_budget.reference in _html(page)


def test_frame_form_bad_input_is_shown_beside_the_field_and_kept(login, deficit):
    tk = deficit
    client = login("admin")
    form = {"body": "mbn", "year": "2023", "amount": "12,345", "decision": tk.kf_budget.pk}
    r = client.post(BASE + "ram/ny/", form)
    html = _html(r)
    assert r.status_code == 200
    assert "högst två decimaler" in html and 'id="id_amount-error"' in html
    assert 'value="12,345"' in html and "Inget har sparats" in html
    # A decision of another body is not offered; KS's decision is refused as a choice.
    r = client.post(BASE + "ram/ny/", {**form, "amount": "5", "decision": tk.decision_ks.pk})
    assert r.status_code == 200 and "Välj ett av alternativen i listan" in _html(r)
    # A frame already set with other values: the message sits at the year.
    r = client.post(BASE + "ram/ny/", {**form, "body": "bun", "amount": "7"})
    assert r.status_code == 200 and "redan satt" in _html(r)
    assert 'id="id_year-error"' in _html(r)
    assert not Frame.objects.filter(body=tk.mbn).exists()
    assert Frame.objects.get(body=tk.bun, year=2023).amount == 1000


def test_frame_form_needs_login_and_role(client, deficit):
    tk = deficit
    r = client.get(BASE + "ram/ny/")
    assert r.status_code == 302 and "/konto/logga-in/" in r["Location"]
    client.force_login(tk.users["sekreterare-bun"])
    assert client.get(BASE + "ram/ny/").status_code == 403
    form = {"body": "mbn", "year": "2023", "amount": "5", "decision": tk.kf_budget.pk}
    assert client.post(BASE + "ram/ny/", form).status_code == 403
    assert not Frame.objects.filter(body=tk.mbn).exists()


# ---------------------------------------------------------------------------------------------
# Forecast


def test_forecast_form_reports_and_the_body_page_shows_both_forecasts(login, deficit):
    tk = deficit
    client = login("admin")
    page = client.get(BASE + "organ/bun/prognos/ny/?ar=2023")
    assert page.status_code == 200
    assert 'value="2023-01"' in _html(page)  # the last month with actuals
    assert "Automatisk prognos" in _html(page)
    form = {"year": "2023", "as_of": "2023-06", "amount": "13000", "note": "Fler elever."}
    r = client.post(BASE + "organ/bun/prognos/ny/", form)
    assert r.status_code == 302 and r["Location"] == BASE + "organ/bun/?ar=2023#prognos"
    f = Forecast.objects.get(body=tk.bun)
    assert (f.year, f.as_of, f.amount, f.note) == (2023, date(2023, 6, 1), 13000, "Fler elever.")
    html = _html(client.get(BASE + "organ/bun/?ar=2023"))
    assert "Förvaltningens prognos" in html and "Fler elever." in html
    assert "Automatisk prognos" in html and "Skillnad mellan prognoserna" in html
    assert "Rapporterade prognoser 2023" in html


def test_forecast_form_bad_input(login, deficit):
    client = login("admin")
    url = BASE + "organ/bun/prognos/ny/"
    r = client.post(url, {"year": "2023", "as_of": "2024-06", "amount": "13000"})
    assert r.status_code == 200
    assert "Prognosmånaden ska ligga i år 2023" in _html(r) and 'id="id_as_of-error"' in _html(r)
    r = client.post(url, {"year": "2023", "as_of": "juni", "amount": "tretton"})
    html = _html(r)
    assert "Ange månaden som ÅÅÅÅ-MM" in html and 'value="juni"' in html
    assert r.status_code == 200 and 'value="tretton"' in html
    r = client.post(url, {"year": "2023", "as_of": "2023-06", "amount": "tretton"})
    assert "är inget belopp" in _html(r) and 'id="id_amount-error"' in _html(r)
    assert not Forecast.objects.exists()


def test_forecast_form_needs_login_role_and_an_economy_body(client, deficit):
    tk = deficit
    url = BASE + "organ/bun/prognos/ny/"
    assert client.get(url).status_code == 302
    client.force_login(tk.users["lasare"])
    assert client.get(url).status_code == 403
    form = {"year": "2023", "as_of": "2023-06", "amount": "1"}
    assert client.post(url, form).status_code == 403
    assert not Forecast.objects.exists()
    client.force_login(tk.users["admin"])
    assert client.get(BASE + "organ/ks-au/prognos/ny/").status_code == 404  # utskott: no frame
    assert client.get(BASE + "organ/finns-inte/prognos/ny/").status_code == 404
    # The body page too: an utskott, or a year before the body existed, is a 404, not a 500.
    assert client.get(BASE + "organ/ks-au/").status_code == 404
    assert client.get(BASE + "organ/bun/?ar=1995").status_code == 404


def test_the_chief_answering_to_the_body_reports_its_forecast(client, deficit):
    """The forecast is the administration's: BUN's förvaltningschef reports BUN's, not MBN's."""
    from django.contrib.auth import get_user_model

    from tillit.accounts.services import role_grant

    tk = deficit
    chief = get_user_model().objects.create_user("fc-bun", password="x" * 16)
    role_grant(
        user=chief, municipality=tk.municipality, kind="chief", office=tk.forvaltningschef_bun
    )
    client.force_login(chief)
    assert "prognos/ny/" in _html(client.get(BASE + "organ/bun/?ar=2023"))
    form = {"year": "2023", "as_of": "2023-06", "amount": "12500"}
    r = client.post(BASE + "organ/bun/prognos/ny/", form)
    assert r.status_code == 302
    assert Forecast.objects.get(body=tk.bun).reported_by == chief
    assert client.post(BASE + "organ/mbn/prognos/ny/", form).status_code == 403
    assert "prognos/ny/" not in _html(client.get(BASE + "organ/mbn/?ar=2023"))
    assert not Forecast.objects.filter(body=tk.mbn).exists()


# ---------------------------------------------------------------------------------------------
# Action plan


def test_action_plan_from_the_flag_to_the_linked_decision(client, login, deficit):
    tk = deficit
    own = body_decision(tk, tk.bun, "sekreterare-bun", date(2023, 4, 11), title="Åtgärder BUN")
    other = body_decision(tk, tk.mbn, "admin", date(2023, 4, 12), title="MBN:s beslut")
    html = _html(client.get(BASE + "?ar=2023"))  # anonymous: the flag, not the form
    assert "Åtgärdsplan saknas" in html and "atgardsplan/ny/" not in html
    client = login("admin")
    html = _html(client.get(BASE + "?ar=2023"))
    link = BASE + "organ/bun/atgardsplan/ny/?ar=2023"
    assert "Åtgärdsplan saknas" in html and link in html
    assert link in _html(client.get(BASE + "organ/bun/?ar=2023"))
    page = _html(client.get(link))
    for d in (own, tk.decision_ks, tk.decision_kf):  # the body's own, KS's and KF's
        assert f'value="{d.pk}"' in page
    assert f'value="{other.pk}"' not in page
    r = client.post(link, {"year": "2023", "decision": own.pk, "note": "Färre vikarier."})
    assert r.status_code == 302 and r["Location"] == BASE + "organ/bun/?ar=2023"
    plan = ActionPlan.objects.get()
    assert (plan.body, plan.year, plan.decision, plan.note) == (
        tk.bun,
        2023,
        own,
        "Färre vikarier.",
    )
    html = _html(client.get(BASE + "?ar=2023"))
    assert "Åtgärdsplan saknas" not in html and own.reference in html
    html = _html(client.get(BASE + "organ/bun/?ar=2023"))
    assert "Åtgärdsplan saknas" not in html and own.reference in html


def test_action_plan_bad_input(login, deficit):
    tk = deficit
    other = body_decision(tk, tk.mbn, "admin", date(2023, 4, 12))
    client = login("sekreterare-kf")
    url = BASE + "organ/bun/atgardsplan/ny/"
    r = client.post(url, {"year": "2023", "decision": other.pk})
    assert r.status_code == 200 and "Välj ett av alternativen i listan" in _html(r)
    assert 'id="id_decision-error"' in _html(r)
    r = client.post(url, {"year": "tjugo", "decision": tk.decision_kf.pk, "note": "Kvar"})
    assert r.status_code == 200 and "Ange år med fyra siffror" in _html(r)
    assert "Kvar</textarea>" in _html(r)
    r = client.post(url, {"year": "2023", "decision": ""})
    assert r.status_code == 200 and "Fältet måste fyllas i" in _html(r)
    assert not ActionPlan.objects.exists()


def test_action_plan_needs_login_and_role(client, deficit):
    tk = deficit
    url = BASE + "organ/bun/atgardsplan/ny/?ar=2023"
    assert client.get(url).status_code == 302
    client.force_login(tk.users["sekreterare-bun"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"year": "2023", "decision": tk.decision_kf.pk}).status_code == 403
    assert not ActionPlan.objects.exists()


# ---------------------------------------------------------------------------------------------
# CSV import: preview, then confirm


def test_budget_csv_preview_then_confirm(login, deficit, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client = login("admin")
    batches = ImportBatch.objects.count()
    text = "body;month;amount\nbun;2023-01;100\nbun;2023-02;100,50\nBUN;2023-03;100\n"
    r = client.post(BASE + "import/csv/", {"kind": "budget", "file": _upload(text)}, follow=True)
    html = _html(r)
    assert r.status_code == 200 and "Förhandsgranskning" in html
    assert "Barn- och utbildningsnämnden" in html and 'name="token"' in html
    assert ImportBatch.objects.count() == batches and not BudgetLine.objects.exists()
    r = client.post(
        BASE + "import/csv/",
        {"token": r.context["token"], "kind": "budget", "file_name": "budget.csv"},
    )
    # The import is a background job (tillit.jobs); in tests it runs in-process when started,
    # so the page it returns to already shows the result and where to continue.
    assert r.status_code == 302 and r["Location"].startswith(BASE + "import/csv/?jobb=")
    batch = ImportBatch.objects.get(kind=BatchKind.BUDGET_CSV)
    assert batch.rows == 3 and batch.file_name == "budget.csv"
    assert sum(b.amount for b in BudgetLine.objects.all()) == Decimal("300.50")
    html = _html(client.get(r["Location"]))
    assert "budget.csv är inläst" in html and f'href="{BASE}?ar=2023"' in html


def test_actuals_csv_with_a_bad_row_names_it_and_stores_nothing(login, deficit, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client = login("admin")
    lines = ActualLine.objects.count()
    text = "body;month;amount\nsn;2023-02;10\nfinns-inte;2023-02;10\nsn;2023-13;10\n"
    r = client.post(BASE + "import/csv/", {"kind": "utfall", "file": _upload(text)}, follow=True)
    html = _html(r)
    assert r.status_code == 200 and "Förhandsgranskning" not in html
    assert "Rad 3: organet ”finns-inte” finns inte" in html and "Rad 4:" in html
    assert 'id="id_file-error"' in html
    assert ActualLine.objects.count() == lines
    r = client.post(BASE + "import/csv/", {"kind": "utfall"})  # no file
    assert r.status_code == 200 and "Välj en CSV-fil att läsa in" in _html(r)


def test_actuals_csv_overlapping_period_offers_replace(login, deficit, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client = login("admin")
    old = ImportBatch.objects.get(kind=BatchKind.ACTUAL_CSV)
    text = "body;month;amount;account_class\nbun;2023-01;900;4\n"
    r = client.post(BASE + "import/csv/", {"kind": "utfall", "file": _upload(text)}, follow=True)
    assert r.status_code == 200 and "redan inläst" in _html(r) and 'name="replace"' in _html(r)
    form = {"token": r.context["token"], "kind": "utfall", "file_name": "jan.csv"}
    r = client.post(BASE + "import/csv/", form)  # without replace: refused, nothing stored
    html = _html(client.get(r["Location"]))
    assert "redan inläst" in html and 'data-status="failed"' in html
    assert "--replace" not in html  # a web page speaks of its own checkbox, not a CLI flag
    assert ImportBatch.objects.count() == 1
    r = client.post(BASE + "import/csv/", {**form, "replace": "1"})
    assert r.status_code == 302
    old.refresh_from_db()
    assert old.replaced_by is not None
    assert [a.amount for a in ActualLine.objects.active()] == [Decimal("900.00")]


def test_frames_csv_preview_then_confirm(login, deficit, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    tk = deficit
    client = login("sekreterare-kf")
    ref = tk.kf_budget.reference
    text = f"body;year;amount;decision\nbun;2023;1000;{ref}\nmbn;2023;2 000;{ref}\n"
    r = client.post(
        BASE + "import/csv/", {"kind": "ramar", "file": _upload(text, "ramar.csv")}, follow=True
    )
    html = _html(r)
    assert r.status_code == 200 and "Redan satt, oförändrad" in html and "Ny" in html
    assert not Frame.objects.filter(body=tk.mbn).exists()
    r = client.post(
        BASE + "import/csv/", {"token": r.context["token"], "kind": "ramar", "file_name": "r.csv"}
    )
    assert r.status_code == 302
    assert Frame.objects.get(body=tk.mbn, year=2023).amount == 2000
    assert "1 nya ramar, 1 redan satta" in _html(client.get(r["Location"]))
    bad = f"body;year;amount;decision\nks;2023;1;{tk.decision_ks.reference}\n"
    r = client.post(BASE + "import/csv/", {"kind": "ramar", "file": _upload(bad)}, follow=True)
    assert r.status_code == 200 and "Rad 2:" in _html(r) and "kommunfullmäktige" in _html(r)
    assert not Frame.objects.filter(body=tk.ks).exists()


def test_csv_import_needs_login_and_role(client, deficit, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    tk = deficit
    assert client.get(BASE + "import/csv/").status_code == 302
    client.force_login(tk.users["sekreterare-bun"])
    assert client.get(BASE + "import/csv/").status_code == 403
    text = "body;month;amount\nbun;2023-05;1\n"
    r = client.post(BASE + "import/csv/", {"kind": "budget", "file": _upload(text)}, follow=True)
    assert r.status_code == 403 and not BudgetLine.objects.exists()
    client.force_login(tk.users["admin"])
    r = client.post(BASE + "import/csv/", {"token": "nej", "kind": "budget"})
    assert r.status_code == 404  # a forged token is a client error, never a 500
    r = client.post(BASE + "import/csv/", {"token": "a" * 64, "kind": "budget"})
    assert r.status_code == 200 and "finns inte längre" in _html(r)


# ---------------------------------------------------------------------------------------------
# API


def _post(client, path, payload, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(
        "/api/v1/economy/" + path, payload, content_type="application/json", headers=headers
    )


def test_api_forecast(client, deficit):
    tk = deficit
    payload = {"body": "bun", "year": 2023, "as_of": "2023-06-15", "amount": "13000", "note": "N"}
    assert _post(client, "forecasts", payload).status_code == 401
    assert (
        _post(client, "forecasts", payload, api_token_create(username="lasare")[1]).status_code
        == 403
    )
    token = api_token_create(username="admin")[1]
    r = _post(client, "forecasts", {**payload, "as_of": "2024-01-01"}, token)
    assert r.status_code == 422 and r.json()["field"] == "as_of"
    r = _post(client, "forecasts", {**payload, "amount": "1.234"}, token)
    assert r.status_code == 422
    assert not Forecast.objects.exists()
    r = _post(client, "forecasts", payload, token)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["as_of"] == "2023-06-01" and body["amount"] == "13000.00"
    assert body["projection"] == "12000.00" and body["difference"] == "1000.00"
    assert Forecast.objects.get().body == tk.bun
    r = client.get("/api/v1/economy/deficits?year=2023&body=bun")
    assert r.json()["items"][0]["forecast_reported"] == "13000.00"


def test_api_action_plan(client, deficit):
    tk = deficit
    other = body_decision(tk, tk.mbn, "admin", date(2023, 4, 12))
    # KF's 2023 decision gives BUN an assignment, so it is about BUN (issue 19 item 12: KS's
    # digitalisation decision, addressed to the kommundirektör only, no longer qualifies).
    payload = {"body": "bun", "year": 2023, "decision_id": tk.decision_kf.pk}
    assert _post(client, "action-plans", payload).status_code == 401
    bun = api_token_create(username="sekreterare-bun")[1]
    assert _post(client, "action-plans", payload, bun).status_code == 403
    token = api_token_create(username="sekreterare-kf")[1]
    r = _post(client, "action-plans", {**payload, "decision_id": other.pk}, token)
    assert r.status_code == 422 and r.json()["field"] == "decision"
    r = _post(client, "action-plans", {**payload, "decision_id": 999999}, token)
    assert r.status_code == 422
    assert not ActionPlan.objects.exists()
    r = _post(client, "action-plans", payload, token)
    assert r.status_code == 201 and r.json()["decision"] == tk.decision_kf.reference
    assert _post(client, "action-plans", payload, token).status_code == 200
    assert ActionPlan.objects.count() == 1
    r = client.get("/api/v1/economy/deficits?year=2023&body=bun")
    assert r.json()["items"][0]["action_plan_missing"] is False
