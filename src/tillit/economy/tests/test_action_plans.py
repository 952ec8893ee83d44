"""Which decision can be a deficit's action plan (issue 19, item 12): a decision of the body with
the deficit, or of KF/KS about that body, taken in the deficit's year — the same rule for the
service, the form and the API."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.accounts.services import api_token_create
from tillit.core.errors import ValidationFailed
from tillit.economy import imports, services
from tillit.economy.models import ActionPlan

from .factories import body_decision, kf_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def deficit(testkommun):
    """2023 frames of 1 000 kr for BUN and SN; BUN has January actuals of 1 000 kr (a projected
    deficit of 11 000 kr), SN has nothing booked (no deficit)."""
    tk = testkommun
    kf = kf_decision(tk)
    for body in (tk.bun, tk.sn):
        services.frame_set(actor=None, body=body, year=2023, amount=1000, decision=kf)
    imports.actuals_csv_import(
        actor=None, municipality=tk.municipality, source="body;month;amount\nbun;2023-01;1000\n"
    )
    return tk


def _refused(**kwargs) -> str:
    with pytest.raises(ValidationFailed) as exc:
        services.action_plan_link(actor=None, **kwargs)
    return exc.value.errors


def test_a_ks_decision_about_something_else_is_no_action_plan(deficit):
    tk = deficit
    racks = body_decision(
        tk, tk.ks, "sekreterare-ks", date(2023, 5, 2), paragraph=40, title="Nya cykelställ"
    )
    errors = _refused(body=tk.bun, year=2023, decision=racks)
    assert "Barn- och utbildningsnämnden" in errors["decision"]
    assert "handlar inte om" in errors["decision"]
    assert not ActionPlan.objects.exists()


def test_a_body_without_a_deficit_has_no_action_plan(deficit):
    tk = deficit
    own = body_decision(tk, tk.sn, "admin", date(2023, 5, 2), title="Åtgärdsplan")
    errors = _refused(body=tk.sn, year=2023, decision=own)
    assert (
        errors["year"] == "Socialnämnden har inget underskott 2023 att besluta en åtgärdsplan om."
    )


def test_the_decision_must_be_taken_in_the_deficit_year(deficit):
    tk = deficit
    old = body_decision(tk, tk.bun, "sekreterare-bun", date(2022, 9, 6), title="Åtgärdsplan")
    errors = _refused(body=tk.bun, year=2023, decision=old)
    assert "2022" in errors["decision"] and "2023" in errors["decision"]


def test_another_nämnd_decision_is_refused(deficit):
    tk = deficit
    other = body_decision(tk, tk.mbn, "admin", date(2023, 4, 12), title="Åtgärder BUN")
    errors = _refused(body=tk.bun, year=2023, decision=other)
    assert "Miljö- och byggnadsnämnden" in errors["decision"]


def test_accepted_decisions(deficit):
    tk = deficit
    own = body_decision(tk, tk.bun, "sekreterare-bun", date(2023, 4, 11), title="Åtgärder")
    named = body_decision(
        tk,
        tk.ks,
        "sekreterare-ks",
        date(2023, 6, 13),
        paragraph=41,
        title="Åtgärder för BUN:s underskott",
    )
    named_in_full = kf_decision(
        tk, date(2023, 6, 19), "Barn- och utbildningsnämndens ekonomi i balans"
    )
    for decision in (own, named, named_in_full, tk.decision_kf):  # decision_kf addresses BUN
        plan = services.action_plan_link(actor=None, body=tk.bun, year=2023, decision=decision)
        assert plan.decision == decision
    assert ActionPlan.objects.filter(body=tk.bun, year=2023).count() == 4


def test_form_and_api_give_the_same_swedish_refusal(client, login, deficit):
    tk = deficit
    racks = body_decision(
        tk, tk.ks, "sekreterare-ks", date(2023, 5, 2), paragraph=40, title="Nya cykelställ"
    )
    web = login("admin")
    r = web.post(
        "/testkommun/ekonomi/organ/bun/atgardsplan/ny/", {"year": "2023", "decision": racks.pk}
    )
    assert r.status_code in (200, 400) and "handlar inte om" in r.content.decode()
    token = api_token_create(username="sekreterare-kf")[1]
    web.logout()
    r = client.post(
        "/api/v1/economy/action-plans",
        {"body": "bun", "year": 2023, "decision_id": racks.pk},
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert r.status_code == 422 and r.json()["field"] == "decision"
    assert "handlar inte om" in r.json()["detail"]
    assert not ActionPlan.objects.exists()
