"""Pages (smoke, query counts), exports, the import page, the API and the economy CSV command."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tillit.accounts.services import api_token_create
from tillit.economy import imports, services
from tillit.economy.models import ChangeKind, FrameChange, ImportBatch

from .factories import kf_decision, map_objects, sie_text, write_sie

pytestmark = pytest.mark.django_db

GOOD = [("20230115", [("5010", '1 "100"', "1000.00"), ("1930", "", "-1000.00")])]


def _setup(tk, tmp_path, n_changes=1):
    kf = kf_decision(tk)
    for b in (tk.bun, tk.sn):
        services.frame_set(actor=None, body=b, year=2023, amount=1000, decision=kf)
    map_objects(tk)
    imports.sie_file_import(
        municipality=tk.municipality, path=write_sie(tmp_path, "a.se", sie_text(GOOD))
    )
    for i in range(n_changes):
        services.frame_change_register(
            actor=None,
            decision=kf_decision(tk, date(2023, 3, 1 + i)),
            kind=ChangeKind.ADDITION,
            body=tk.bun,
            year=2023,
            amount=10,
            assignments=[tk.assignment_kf] if i % 2 else [],
            unlinked=not i % 2,
        )
    return kf


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), response


def test_pages_render_and_queries_do_not_grow(client, testkommun, tmp_path):
    _setup(testkommun, tmp_path, n_changes=1)
    base = "/testkommun/ekonomi/"
    n1, r = _queries(client, base + "?ar=2023")
    assert "Barn- och utbildningsnämnden" in r.content.decode()
    b1, r = _queries(client, base + "organ/bun/?ar=2023")
    html = r.content.decode()
    assert "<svg" in html and "<title" in html and "<caption>" in html
    assert "Ej kopplad till uppdrag" in html and "Utan kopplat uppdrag" not in html
    for i in range(4):
        services.frame_change_register(
            actor=None,
            decision=kf_decision(testkommun, date(2023, 5, 1 + i)),
            kind=ChangeKind.ADDITION,
            body=testkommun.bun,
            year=2023,
            amount=5,
            assignments=[testkommun.assignment_kf],
        )
    n2, _ = _queries(client, base + "?ar=2023")
    b2, _ = _queries(client, base + "organ/bun/?ar=2023")
    assert (n2, b2) == (n1, b1)
    assert client.get(base + "organ/finns-inte/").status_code == 404


def test_unmapped_actuals_noted_for_citizens_and_named_for_staff(client, testkommun, tmp_path):
    """Actuals on a cost centre mapped to no body are left out of the totals: citizens see how
    much (a neutral note), signed-in users see which cost centre, by its name in the file."""
    _setup(testkommun, tmp_path)
    vouchers = [*GOOD, ("20230310", [("4010", '1 "300"', "425000.00"), ("1930", "", "-425000.00")])]
    imports.sie_file_import(
        municipality=testkommun.municipality,
        path=write_sie(tmp_path, "u.se", sie_text(vouchers)),
        replace=True,
    )
    html = client.get("/testkommun/ekonomi/?ar=2023").content.decode()
    assert 'id="ej-fordelat"' in html
    assert "0,4\u00a0mnkr i utfallet är ännu inte fördelat på något organ" in html
    assert "Okänt" not in html and "räknas inte in nedan" not in html
    client.force_login(testkommun.users["sekreterare-bun"])
    html = client.get("/testkommun/ekonomi/?ar=2023").content.decode()
    assert 'id="ej-fordelat"' not in html
    assert "räknas inte in nedan" in html and "Okänt (kostnadsställe 300)" in html


def test_budget_column_only_when_it_differs_from_the_frame(client, testkommun, tmp_path):
    _setup(testkommun, tmp_path)
    html = client.get("/testkommun/ekonomi/?ar=2023").content.decode()
    assert "(beräknad)" in html and "(auto)" not in html  # written out for citizens (P3-22)
    assert '<th scope="col">Budget</th>' not in html  # no internal budget imported
    assert "visas därför inte som en egen kolumn" in html
    budget = [("202301", "5010", "100", "500000.00")]
    imports.sie_file_import(
        municipality=testkommun.municipality,
        path=write_sie(tmp_path, "b.se", sie_text(GOOD, budget=budget)),
        replace=True,
    )
    html = client.get("/testkommun/ekonomi/?ar=2023").content.decode()
    assert '<th scope="col">Budget</th>' in html and "förvaltningens detaljbudget" in html


def test_exports(client, testkommun, tmp_path):
    _setup(testkommun, tmp_path)
    r = client.get("/testkommun/ekonomi/?ar=2023&format=csv")
    assert r["Content-Type"].startswith("text/csv") and "Organ;Ram" in r.content.decode()
    r = client.get("/testkommun/ekonomi/organ/bun/?ar=2023&format=xlsx")
    assert r.content[:2] == b"PK"


def test_controller_pages_need_login_and_role(client, testkommun, tmp_path):
    for url in ("import/", "kopplingar/", "ramforandring/ny/"):
        r = client.get("/testkommun/ekonomi/" + url)
        assert r.status_code == 302
    client.force_login(testkommun.users["sekreterare-bun"])
    assert client.get("/testkommun/ekonomi/import/").status_code == 403
    client.force_login(testkommun.users["admin"])
    for url in ("import/", "kopplingar/", "ramforandring/ny/"):
        assert client.get("/testkommun/ekonomi/" + url).status_code == 200


def test_import_page_preview_then_confirm(client, testkommun, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    client.force_login(testkommun.users["admin"])
    data = sie_text(GOOD).encode("cp437")
    upload = io.BytesIO(data)
    upload.name = "jan.se"
    # Preview and import are background jobs; in tests they run in-process when started.
    r = client.post("/testkommun/ekonomi/import/", {"file": upload})
    assert r.status_code == 302 and "?jobb=" in r["Location"]
    r = client.get(r["Location"])
    html = r.content.decode()
    assert r.status_code == 200 and "Förhandsgranskning" in html and "100" in html
    assert not ImportBatch.objects.exists()
    token = r.context["token"]
    r = client.post("/testkommun/ekonomi/import/", {"token": token, "file_name": "jan.se"})
    assert r.status_code == 302 and ImportBatch.objects.count() == 1
    assert "jan.se är inläst" in client.get(r["Location"]).content.decode()
    broken = io.BytesIO(data.replace(b"-1000.00", b"-999.00"))
    broken.name = "trasig.se"
    r = client.post("/testkommun/ekonomi/import/", {"file": broken}, follow=True)
    assert r.status_code == 400 and "Rad " in r.content.decode()
    assert ImportBatch.objects.count() == 1


def test_frame_change_form(client, testkommun, tmp_path):
    kf = _setup(testkommun, tmp_path, n_changes=0)
    client.force_login(testkommun.users["sekreterare-kf"])
    form = {"decision": kf.pk, "kind": "addition", "body": "bun", "year": "2023", "amount": "50"}
    r = client.post("/testkommun/ekonomi/ramforandring/ny/", form)
    assert r.status_code == 400 and "utan kopplat uppdrag" in r.content.decode()
    r = client.post("/testkommun/ekonomi/ramforandring/ny/", {**form, "unlinked": "1"})
    assert r.status_code == 302 and FrameChange.objects.get().unlinked


def test_api(client, testkommun, tmp_path):
    kf = _setup(testkommun, tmp_path)
    r = client.get("/api/v1/economy/frames?year=2023")
    assert r.status_code == 200 and r.json()["count"] == 2
    r = client.get("/api/v1/economy/frame-changes?body=bun&limit=1")
    assert r.json()["count"] == 1 and r.json()["items"][0]["unlinked"] is True
    r = client.get("/api/v1/economy/deficits?year=2023")
    items = {i["body"]: i for i in r.json()["items"]}
    assert items["bun"]["actual_to_date"] == "1000.00"
    r = client.get("/api/v1/economy/budget-vs-actual?year=2023&body=bun")
    assert r.json()["count"] == 12
    assert client.get("/api/v1/economy/deficits").status_code == 422  # year required
    payload = {
        "body": "mbn",
        "year": 2023,
        "amount": "500",
        "decision_id": kf.pk,
    }
    assert (
        client.post("/api/v1/economy/frames", payload, content_type="application/json").status_code
        == 401
    )
    bad = api_token_create(username="sekreterare-bun")[1]
    r = client.post(
        "/api/v1/economy/frames",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {bad}"},
    )
    assert r.status_code == 403
    good = api_token_create(username="sekreterare-kf")[1]
    auth = {"Authorization": f"Bearer {good}"}
    r = client.post(
        "/api/v1/economy/frames", payload, content_type="application/json", headers=auth
    )
    assert r.status_code == 201 and r.json()["decision"] == kf.reference
    change = {"body": "mbn", "year": 2023, "kind": "addition", "amount": "5", "decision_id": kf.pk}
    r = client.post(
        "/api/v1/economy/frame-changes", change, content_type="application/json", headers=auth
    )
    assert r.status_code == 422 and r.json()["field"] == "assignments"
    change["assignment_ids"] = [testkommun.assignment_kf.pk]
    r = client.post(
        "/api/v1/economy/frame-changes", change, content_type="application/json", headers=auth
    )
    assert r.status_code == 201 and r.json()["assignment_ids"] == [testkommun.assignment_kf.pk]


def test_economy_csv_command(testkommun, tmp_path):
    kf = kf_decision(testkommun)
    csv = tmp_path / "ramar.csv"
    csv.write_text(f"body;year;amount;decision\nbun;2023;100;{kf.reference}\n")
    out = io.StringIO()
    call_command("economy", "import-frames", str(csv), "--municipality", "testkommun", stdout=out)
    assert "1 ramar" in out.getvalue()
    csv.write_text("body;year;amount;decision\nnope;2023;100;KF 2022 § 1\n")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command(
            "economy", "import-frames", str(csv), "--municipality", "testkommun", stderr=err
        )
    assert exc.value.code == 1 and "Rad 2" in err.getvalue()
