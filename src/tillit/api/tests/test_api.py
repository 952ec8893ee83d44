"""The REST API: status codes, error bodies, atomic creation, filters and pagination."""

import pytest

from tillit.accounts.services import api_token_create, api_token_revoke
from tillit.decisions.models import Decision

URL = "/api/v1/decisions"


@pytest.fixture
def token(kommun):
    return api_token_create(username="sekreterare-ks")[1]


def payload(**overrides):
    body = {
        "body": "ks",
        "meeting_date": "2026-03-10",
        "paragraph": 45,
        "title": "Uppdrag om digitalisering",
        "text": "Kommunstyrelsen beslutar att ...",
        "assignments": [
            {
                "title": "Digitalisering som frigör resurser",
                "what": "Minst 2 procent av kostnaderna frigörs till skola och äldreomsorg.",
                "why": "Resurserna behövs i kärnverksamheten.",
                "recipients": ["kommundirektor"],
                "lead": "kommundirektor",
                "resources_sek": 500000,
                "deadline": "2026-09-30",
                "followups": ["2026-06-01"],
            }
        ],
    }
    body.update(overrides)
    return body


def post(client, data, token=None, raw=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(
        URL, data=raw if raw is not None else data, content_type="application/json", headers=headers
    )


def test_done_when_unit_refused_and_chief_accepted(client, kommun, token):
    """The issue's acceptance test."""
    bad = payload()
    bad["assignments"][0]["recipients"] = ["enhet-gata-park"]
    bad["assignments"][0]["lead"] = None
    response = post(client, bad, token)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "chain_violation"
    assert "kommundirektören" in body["detail"]
    assert body["field"] == "assignments[0].recipients"
    assert Decision.objects.count() == 0

    response = post(client, payload(), token)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["reference"] == "KS 2026 § 45"
    assert len(created["assignment_ids"]) == 1

    listed = client.get("/api/v1/assignments", {"body": "ks"}).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["id"] == created["assignment_ids"][0]
    assert item["recipients"][0]["slug"] == "kommundirektor"
    assert item["status"] == "decided"
    assert item["resources_sek"] == "500000" or float(item["resources_sek"]) == 500000


def test_missing_and_invalid_token_is_401(client, kommun):
    assert post(client, payload()).status_code == 401
    response = post(client, payload(), "tillit_not-a-real-token")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    token_row, raw = api_token_create(username="sekreterare-ks")
    api_token_revoke(token=token_row)
    assert post(client, payload(), raw).status_code == 401


def test_user_without_right_for_body_is_403(client, kommun, token):
    response = post(client, payload(body="kf", assignments=[]), token)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Decision.objects.count() == 0


@pytest.mark.parametrize(
    "raw",
    ["{not json", "[]", '"text"', "null", '{"body": "ks"}', ""],
)
def test_malformed_bodies_are_client_errors(client, kommun, token, raw):
    response = post(client, None, token, raw=raw)
    assert response.status_code in (400, 422), response.content
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"paragraph": 0}, "paragraph"),
        ({"paragraph": "fyrtiofem"}, "paragraph"),
        ({"meeting_date": "2026-02-30"}, "meeting_date"),
        ({"body": "finns-inte"}, "body"),
        ({"initiative": "rykte"}, "initiative"),
        ({"title": ""}, "title"),
    ],
)
def test_field_errors_are_422_with_field_names(client, kommun, token, change, field):
    response = post(client, payload(**change), token)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"] or body.get("field") == field, body
    assert Decision.objects.count() == 0


def test_assignment_field_errors_carry_their_path(client, kommun, token):
    data = payload()
    data["assignments"][0]["resources_sek"] = -1
    data["assignments"][0]["deadline"] = "2020-01-01"
    response = post(client, data, token)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(key.startswith("assignments[0]") for key in errors), errors


def test_duplicate_paragraph_is_422(client, kommun, token):
    assert post(client, payload(), token).status_code == 201
    response = post(client, payload(), token)
    assert response.status_code == 422
    assert "§ 45" in response.json()["errors"]["paragraph"]
    assert Decision.objects.count() == 1


def test_reads_filters_pagination_and_history(client, kommun, token):
    for paragraph in range(1, 6):
        assert post(client, payload(paragraph=paragraph), token).status_code == 201
    page = client.get("/api/v1/assignments", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 5 and len(page["items"]) == 2
    assert client.get("/api/v1/assignments", {"status": "completed"}).json()["count"] == 0
    assert client.get("/api/v1/assignments", {"issued_from": "2026-03-11"}).json()["count"] == 0
    assert client.get("/api/v1/assignments", {"issued_to": "2026-03-10"}).json()["count"] == 5
    assert client.get("/api/v1/assignments", {"body": "bun"}).json()["count"] == 0
    for bad in (
        {"limit": 0},
        {"limit": 1001},
        {"offset": -1},
        {"status": "okänd"},
        {"issued_from": "igår"},
        {"body": "finns-inte"},
    ):
        response = client.get("/api/v1/assignments", bad)
        assert response.status_code == 422, (bad, response.content)
    one = page["items"][0]["id"]
    detail = client.get(f"/api/v1/assignments/{one}").json()
    assert detail["history"][0]["kind"] == "issued"
    assert detail["history"][0]["decision_reference"].startswith("KS 2026 §")
    assert client.get("/api/v1/assignments/999999").status_code == 404

    decisions = client.get("/api/v1/decisions", {"body": "ks"}).json()
    assert decisions["count"] == 5
    decision_id = decisions["items"][0]["id"]
    assert client.get(f"/api/v1/decisions/{decision_id}").json()["assignment_ids"]
    bodies = client.get("/api/v1/bodies").json()
    assert {b["slug"] for b in bodies["items"]} >= {"kf", "ks", "ks-au", "bun", "sn", "mbn"}
    offices = client.get("/api/v1/offices").json()
    gata = next(o for o in offices["items"] if o["slug"] == "enhet-gata-park")
    assert gata["kind"] == "unit" and gata["parent"] == "kommundirektor"
    assert client.get("/api/v1/bodies/ks").json()["parent"] == "kf"
    assert client.get("/api/v1/offices/kommundirektor").json()["answers_to"] == "ks"


def test_list_query_count_is_constant(client, kommun, token, django_assert_max_num_queries):
    for paragraph in range(1, 4):
        post(client, payload(paragraph=paragraph), token)
    with django_assert_max_num_queries(8):
        client.get("/api/v1/assignments")
    for paragraph in range(4, 20):
        post(client, payload(paragraph=paragraph), token)
    with django_assert_max_num_queries(8):
        client.get("/api/v1/assignments")


def test_status_change_over_api(client, kommun):
    raw = api_token_create(username="sekreterare-ks")[1]
    chief = api_token_create(username="kommundirektor")[1]
    assignment_id = post(client, payload(), raw).json()["assignment_ids"][0]
    url = f"/api/v1/assignments/{assignment_id}/status"
    headers = {"Authorization": f"Bearer {chief}"}
    response = client.post(
        url, {"status": "in_progress"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    response = client.post(
        url, {"status": "completed"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["errors"]["decision"]


def test_many_municipalities_need_the_parameter(client, kommun, token):
    from tillit.core.testing import build_testkommun

    build_testkommun(slug="annan", code="9998", name="Annan kommun")
    response = client.get("/api/v1/bodies")
    assert response.status_code == 422
    assert client.get("/api/v1/bodies", {"municipality": "annan"}).status_code == 200
    assert client.get("/api/v1/bodies", {"municipality": "saknas"}).status_code == 404
    # The token's user has roles in one municipality only, so a write needs no parameter.
    assert post(client, payload(), token).status_code == 201


def test_openapi_schema_documents_the_contract(client, kommun):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/decisions" in schema["paths"]
    post_op = schema["paths"]["/api/v1/decisions"]["post"]
    assert {"201", "401", "403", "422"} <= set(post_op["responses"])
    assert "/api/v1/assignments" in schema["paths"]
