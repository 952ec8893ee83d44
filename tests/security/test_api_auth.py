"""Every write operation of the OpenAPI schema: no token or a bad one → 401; a valid token of a
user without the right → 403 (never a 2xx). New endpoints are covered automatically; give them
a valid example payload in EXAMPLES so the 403 is checked past input validation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tillit.accounts.services import api_token_create, api_token_revoke
from tillit.api.api import api

WRITE = ("post", "put", "patch", "delete")
# Computations that store nothing and are open to everyone.
PUBLIC_WRITES = {"tillit_analysis_api_analyse_text"}
# Writes to the caller's own rows only (her inbox): any valid token may; 401 without one. That
# they never touch another user's rows is pinned in workspace/tests/test_workspace.py.
OWN_WRITES = {"tillit_workspace_api_inbox_read"}


def _operations():
    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in WRITE and op["operationId"] not in PUBLIC_WRITES:
                yield method, path, op["operationId"]


OPERATIONS = sorted(_operations(), key=lambda o: o[2])
GUARDED = [o for o in OPERATIONS if o[2] not in OWN_WRITES]


def _examples(tk, ids):
    return {
        "tillit_decisions_api_create_decision": {
            "body": "ks",
            "meeting_date": "2024-03-12",
            "paragraph": 77,
            "title": "Ett beslut",
        },
        "tillit_assignments_api_change_status": {"status": "reported"},
        "tillit_followup_api_save_report": {
            "assignment_id": tk.assignment_ks.pk,
            "period": "2023-DR",
            "status": "on_track",
            "narrative": "Text",
        },
        "tillit_followup_api_submit_report": None,
        "tillit_followup_api_decide_report": {
            "outcome": "continue",
            "meeting_date": "2023-06-01",
            "paragraph": 88,
        },
        "tillit_followup_api_ask_question": {"assignment_id": tk.assignment_ks.pk, "text": "Hur?"},
        "tillit_followup_api_answer_question": {"text": "Så här."},
        "tillit_economy_api_create_frame": {
            "body": "bun",
            "year": 2023,
            "amount": "1000000",
            "decision_id": tk.decision_kf.pk,
        },
        "tillit_economy_api_create_frame_change": {
            "body": "bun",
            "year": 2023,
            "kind": "addition",
            "amount": "1000",
            "decision_id": tk.decision_kf.pk,
            "unlinked": True,
            "purpose": "Test",
        },
        "tillit_barometer_api_deviation_create": {
            "occurred_on": "2023-05-02",
            "from_role": "ordförande",
            "content": "Flytta cykelställen.",
        },
        "tillit_minutes_api_register_meeting": {
            "idempotency_key": "k1",
            "body": "ks",
            "meeting_date": "2024-03-12",
            "paragraphs": [{"number": 77, "title": "Ett beslut"}],
        },
        "tillit_minutes_api_approve_meeting": {"approved_on": "2023-03-20", "adjusters": "Ordf."},
        "tillit_budget_api_create_budget": {
            "year": 2024,
            "title": "Mål och budget 2024",
            "proposed_by": "S+C",
            "lines": [{"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": 1000}]}],
        },
        "tillit_budget_api_adopt_budget": {"meeting_date": "2023-11-20", "paragraph": 99},
        "tillit_followup_yearwheel_api_create_year_event": {
            "kind": "other",
            "title": "Extra",
            "month": 3,
            "day": 1,
        },
        "tillit_followup_yearwheel_api_change_year_event": {"day": 2},
        "tillit_budget_api_amend_budget": {
            "year": 2024,
            "title": "Mål och budget 2024",
            "proposed_by": "S+C",
            "lines": [{"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": 2000}]}],
        },
        "tillit_organisation_api_create_appointment": {
            "office": "kommundirektor",
            "person": tk.kommundirektor.appointments.first().person_id,
            "valid_from": "2025-04-01",
        },
        "tillit_barometer_api_delegation_create": {
            "body": "bun",
            "delegation_point": "1.1",
            "decided_on": "2023-05-02",
            "title": "Delegationsbeslut",
            "content": "Beslut",
        },
    }


@pytest.fixture
def setup(testkommun):
    from tillit.followup.services import question_ask, report_file

    tk = testkommun
    chief = tk.users["kommundirektor"]
    report = report_file(  # submitted: a draft is hidden (404) from those who may not see it
        actor=chief,
        assignment=tk.assignment_ks,
        period="2023-T1",
        status="on_track",
        narrative="Det går bra.",
        resources_suffice=True,
        submitted_on=tk.assignment_ks.issued_on + timedelta(days=40),
    )
    from django.contrib.auth import get_user_model

    from tillit.accounts.services import role_grant

    member = get_user_model().objects.create_user(username="ks-ledamot", password="x")
    role_grant(user=member, municipality=tk.municipality, kind="politician", body=tk.ks)
    question = question_ask(actor=member, assignment=tk.assignment_ks, text="Fråga?")
    from tillit.budget.services import budget_propose

    budget = budget_propose(
        actor=None,
        municipality=tk.municipality,
        year=2024,
        title="Mål och budget 2024",
        proposed_by="S+C",
        lines=[{"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": 1000}]}],
    )
    from tillit.followup.models import YearEvent

    event = YearEvent.objects.create(
        municipality=tk.municipality, kind="other", title="Extra", month=3, day=1
    )
    ids = {
        "event_id": event.pk,
        "budget_id": budget.pk,
        "assignment_id": tk.assignment_ks.pk,
        "report_id": report.pk,
        "question_id": question.pk,
        "meeting_id": tk.decision_ks.meeting_id,
    }
    return tk, ids


def _url(path: str, ids: dict) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, f"no test id for a parameter of {path}"
    return path


def _call(client, method, url, payload, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return getattr(client, method)(
        url, data=payload or {}, content_type="application/json", **headers
    )


def _bad_tokens(tk):
    _, expired = api_token_create(
        username=tk.users["admin"].username, expires_at=timezone.now() - timedelta(days=1)
    )
    revoked_row, revoked = api_token_create(username=tk.users["admin"].username)
    api_token_revoke(token=revoked_row)
    return [None, "", "tillit_not-a-real-token", "garbage", expired, revoked]


@pytest.mark.parametrize(("method", "path", "op_id"), OPERATIONS, ids=[o[2] for o in OPERATIONS])
def test_missing_or_invalid_token_is_401(client, setup, method, path, op_id):
    tk, ids = setup
    payload = _examples(tk, ids).get(op_id, {})
    for token in _bad_tokens(tk):
        response = _call(client, method, _url(path, ids), payload, token)
        assert response.status_code == 401, (op_id, token, response.content[:300])
        assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize(("method", "path", "op_id"), GUARDED, ids=[o[2] for o in GUARDED])
def test_valid_token_without_the_right_is_403(client, setup, method, path, op_id):
    tk, ids = setup
    _, token = api_token_create(username=tk.users["lasare"].username)  # no role at all
    examples = _examples(tk, ids)
    response = _call(client, method, _url(path, ids), examples.get(op_id), token)
    if op_id in examples:
        assert response.status_code == 403, (op_id, response.content[:400])
        assert response.json()["code"] in {"forbidden", "not_member"}
    else:  # a new endpoint without an example: at least never a success
        assert response.status_code in {403, 404, 422}, (op_id, response.content[:400])


def test_public_writes_are_really_open(client, setup):
    """The operations left out above store nothing and answer without a token."""
    response = client.post(
        "/api/v1/analyse",
        {"text": "Nämnden ska öka andelen behöriga lärare."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert {"tillit_analysis_api_analyse_text"} == PUBLIC_WRITES
