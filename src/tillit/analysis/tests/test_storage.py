"""Stored analyses: written by decision_register (atomically, never blocking), the backfill,
the API (POST /analyse, the analysis field) and the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tillit.accounts.services import api_token_create
from tillit.analysis import ANALYSER_VERSION
from tillit.analysis.models import TextAnalysis
from tillit.analysis.services import text_analysis_backfill
from tillit.assignments.services import AssignmentDraft
from tillit.core.errors import ChainViolation
from tillit.decisions.models import Decision
from tillit.decisions.services import decision_register

HOW = "Tekniska enheten ska flytta cykelställen vid stadshuset till norra sidan."
WHAT = "Andelen nöjda brukare ska öka till minst 90 procent."


def register(kommun, *, what=WHAT, text="Kommunstyrelsen beslutar att ge uppdraget.", **kw):
    draft = AssignmentDraft(
        title="Uppdrag",
        what=what,
        why="Det behövs.",
        recipients=kw.pop("recipients", ["kommundirektor"]),
        resources_sek=kw.pop("resources_sek", 100000),
        deadline=date(2026, 9, 30),
        followups=[date(2026, 6, 1)],
    )
    return decision_register(
        actor=kommun.users["sekreterare-ks"],
        body=kommun.ks,
        meeting_date=date(2026, 3, 10),
        paragraph=kw.pop("paragraph", 45),
        title="Beslut",
        text=text,
        assignments=[draft],
    )


def test_register_stores_analyses_of_decision_and_assignment(kommun):
    decision = register(kommun)
    assignment = decision.assignments.get()
    rows = TextAnalysis.objects.filter(municipality=kommun.municipality)
    assert rows.count() == 2
    stored = assignment.text_analyses.get()
    assert stored.level == "what"
    assert stored.text == WHAT + "\nDet behövs."
    assert stored.analyser_version == ANALYSER_VERSION
    # The structured fields count: deadline, resources and follow-up are not missing.
    assert stored.missing == []
    assert decision.text_analyses.get().text == decision.text


def test_a_how_level_text_still_saves(kommun):
    decision = register(kommun, what=HOW)
    stored = decision.assignments.get().text_analyses.get()
    assert stored.level == "how"
    assert {f["phrase"] for f in stored.findings} >= {"flytta", "cykelställen"}
    for f in stored.findings:
        assert stored.text[f["start"] : f["end"]] == f["phrase"]


def test_empty_decision_text_is_not_analysed(kommun):
    register(kommun, text="")
    assert TextAnalysis.objects.filter(decision__isnull=False).count() == 0
    assert TextAnalysis.objects.filter(assignment__isnull=False).count() == 1


def test_analysis_is_atomic_with_the_decision(kommun):
    with pytest.raises(ChainViolation):
        register(kommun, recipients=["enhet-gata-park"])
    assert not Decision.objects.filter(paragraph=45).exists()
    assert TextAnalysis.objects.count() == 0


def test_an_analyser_failure_never_blocks_a_decision(kommun, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("tillit.analysis.services.analyse", broken)
    decision = register(kommun)
    assert decision.pk and TextAnalysis.objects.count() == 0


def test_backfill_analyses_what_is_missing_once(kommun):
    register(kommun)
    TextAnalysis.objects.all().delete()
    assert text_analysis_backfill(municipality=kommun.municipality) == 2
    assert text_analysis_backfill(municipality=kommun.municipality) == 0
    assert text_analysis_backfill(municipality=kommun.municipality, force=True) == 2


# --- API ---------------------------------------------------------------------------------------


def test_api_analyse_returns_the_analysis(client, db):
    response = client.post("/api/v1/analyse", {"text": HOW}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == "how"
    assert set(body) == {"level", "score", "findings", "missing"}
    assert {"start", "end", "phrase", "reason", "category"} <= set(body["findings"][0])


def test_api_analyse_flags_override_the_text(client, db):
    body = client.post(
        "/api/v1/analyse",
        {"text": WHAT, "has_deadline": True, "has_resources": True, "has_followup": True},
        content_type="application/json",
    ).json()
    assert body["missing"] == []


@pytest.mark.parametrize(
    ("payload", "needle"),
    [({"text": ""}, "tom"), ({"text": "   "}, "tom"), ({"text": "x" * 100_001}, "för lång")],
)
def test_api_analyse_rejects_empty_or_too_long_text(client, db, payload, needle):
    response = client.post("/api/v1/analyse", payload, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == "text"
    assert needle in body["detail"]


def test_api_analyse_without_text_is_422(client, db):
    response = client.post("/api/v1/analyse", {}, content_type="application/json")
    assert response.status_code == 422


def test_assignment_api_includes_the_stored_analysis(client, kommun):
    decision = register(kommun, what=HOW)
    assignment = decision.assignments.get()
    detail = client.get(f"/api/v1/assignments/{assignment.pk}").json()
    assert detail["analysis"]["level"] == "how"
    assert detail["analysis"]["analyser_version"] == ANALYSER_VERSION
    items = client.get("/api/v1/assignments").json()["items"]
    assert items[0]["analysis"]["findings"]
    decision_out = client.get(f"/api/v1/decisions/{decision.pk}").json()
    assert decision_out["analysis"]["level"] == "what"


def test_assignment_list_has_no_n_plus_one_with_analyses(
    client, kommun, django_assert_max_num_queries
):
    token = api_token_create(username="sekreterare-ks")[1]
    assert token
    for paragraph in range(1, 4):
        register(kommun, paragraph=paragraph)
    with django_assert_max_num_queries(9) as first:
        client.get("/api/v1/assignments")
    for paragraph in range(4, 15):
        register(kommun, paragraph=paragraph, what=HOW)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/api/v1/assignments")
    with django_assert_max_num_queries(9):
        client.get("/api/v1/decisions")


# --- pages -------------------------------------------------------------------------------------


def analyse_url():
    return reverse("decisions:analyse_text", args=["testkommun"])


def test_live_analysis_of_the_decision_text(login):
    client = login("sekreterare-ks")
    response = client.post(analyse_url(), {"target": "text", "text": HOW}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hur-nivå" in html
    assert '<mark class="tl-mark"' in html and "cykelställen" in html
    assert "överväg att formulera vilket resultat som ska uppnås" in html
    assert "kan registreras ändå" in html


def test_live_analysis_of_an_assignment_row_uses_its_fields(login):
    client = login("sekreterare-ks")
    data = {
        "target": "0",
        "assignments-0-what": WHAT,
        "assignments-0-deadline": "2026-09-30",
        "assignments-0-resources_sek": "100 000",
        "assignments-0-followups": "2026-06-01",
    }
    html = client.post(analyse_url(), data).content.decode()
    assert "Vad-nivå" in html
    assert "Ett bra uppdrag anger också" not in html
    empty = client.post(analyse_url(), {"target": "0"}).content.decode()
    assert "tl-advice" not in empty


def test_live_analysis_needs_register_rights(client, login):
    assert client.post(analyse_url(), {"text": HOW}).status_code == 302  # login first
    assert login("lasare").post(analyse_url(), {"text": HOW}).status_code == 403


def test_register_form_has_live_analysis_regions(login):
    html = login("sekreterare-ks").get(reverse("decisions:register", args=["testkommun"]))
    html = html.content.decode()
    assert 'id="text-analysis"' in html and 'aria-live="polite"' in html
    assert 'hx-trigger="input delay:500ms, change' in html
    assert 'id="assignments-0-analysis"' in html


def test_detail_pages_show_the_stored_analysis(client, testkommun):
    decision = register(testkommun, what=HOW, paragraph=77)
    assignment = decision.assignments.get()
    page = client.get(reverse("assignments:detail", args=["testkommun", assignment.pk]))
    html = page.content.decode()
    assert "Vad eller hur?" in html and '<mark class="tl-mark"' in html
    page = client.get(reverse("decisions:detail", args=["testkommun", decision.pk]))
    assert "Analys av uppdragen" in page.content.decode()
