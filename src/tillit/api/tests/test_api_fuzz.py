"""A client error is never a 500: random JSON against the write endpoint and random query
strings against the list endpoints."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tillit.accounts.services import api_token_create

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
field_values = st.one_of(
    json_values,
    st.sampled_from(
        [
            "ks",
            "kf",
            "kommundirektor",
            "enhet-gata-park",
            "2026-03-10",
            "2026-13-40",
            -1,
            0,
            10**20,
            "",
            None,
            [],
        ]
    ),
)
decision_like = st.fixed_dictionaries(
    {},
    optional={
        key: field_values
        for key in (
            "body",
            "meeting_date",
            "paragraph",
            "title",
            "text",
            "initiative",
            "approved_on",
            "municipality",
        )
    }
    | {
        "assignments": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    k: field_values
                    for k in (
                        "title",
                        "what",
                        "recipients",
                        "lead",
                        "resources_sek",
                        "resources_fte",
                        "deadline",
                        "followups",
                    )
                },
            ),
            max_size=3,
        )
    },
)

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@SETTINGS
@given(data=st.one_of(decision_like, json_values))
def test_post_decisions_never_500(client, kommun_once, data):
    response = client.post(
        "/api/v1/decisions",
        data=json.dumps(data),
        content_type="application/json",
        headers={"Authorization": f"Bearer {kommun_once}"},
    )
    assert response.status_code < 500, response.content
    assert response.status_code in (201, 400, 403, 404, 409, 422)


@pytest.mark.django_db
@SETTINGS
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["body", "status", "issued_from", "issued_to", "limit", "offset", "q", "municipality"]
        ),
        st.text(max_size=12),
        max_size=5,
    )
)
def test_list_assignments_never_500(client, kommun_once, params):
    response = client.get("/api/v1/assignments", params)
    assert response.status_code in (200, 400, 404, 422), response.content


@pytest.fixture
def kommun_once(kommun):
    return api_token_create(username="sekreterare-ks")[1]


@pytest.mark.django_db
def test_nul_characters_are_client_errors(client, kommun_once):
    """PostgreSQL refuses NUL in text; that must be a 422, not a database error."""
    response = client.get("/api/v1/assignments", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    payload = {"body": "ks", "meeting_date": "2026-03-10", "paragraph": 3, "title": "x\x00y"}
    response = client.post(
        "/api/v1/decisions",
        data=json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {kommun_once}"},
    )
    assert response.status_code == 400, response.content
