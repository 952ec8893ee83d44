"""POST /api/v1/meetings: registers like the review screen, 422 with Swedish detail, idempotent."""

import pytest

from tillit.accounts.services import api_token_create
from tillit.decisions.models import Decision
from tillit.minutes.api import EXAMPLE
from tillit.minutes.models import Protocol

from .test_register import meeting


def post(client, payload, user="sekreterare-ks"):
    token = api_token_create(username=user)[1]
    return client.post(
        "/api/v1/meetings",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def payload(**overrides):
    data = meeting()
    data["paragraphs"] = data["paragraphs"][:2]
    data.update(idempotency_key="ks-2024-03-12", body="ks")
    data.update(overrides)
    return data


def test_registers_a_meeting_and_replays_idempotently(client, kommun):
    first = post(client, payload())
    assert first.status_code == 201, first.content
    body = first.json()
    assert [p["reference"] for p in body["registered"]] == ["KS 2024 § 30", "KS 2024 § 31"]
    assert len(body["registered"][0]["assignment_ids"]) == 1
    again = post(client, payload())
    assert again.status_code == 201
    assert again.json() == body
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Decision.objects.count() == 2 and Protocol.objects.count() == 1

    changed = post(client, payload(paragraphs=meeting()["paragraphs"][:1]))
    assert changed.status_code == 409
    assert "Idempotensnyckeln" in changed.json()["detail"]

    # A corrected protocol under a new key: only the new § is registered.
    corrected = meeting()
    corrected["paragraphs"][2]["assignments"][0]["recipient"] = "kommundirektor"
    r = post(client, {**corrected, "idempotency_key": "ks-2024-03-12-v2", "body": "ks"})
    assert r.status_code == 201, r.content
    assert [p["number"] for p in r.json()["registered"]] == [32]
    assert r.json()["already_registered"] == [30, 31]


def test_chain_violation_is_422_naming_the_paragraph_and_stores_nothing(client, kommun):
    r = post(client, payload(paragraphs=meeting()["paragraphs"]))
    assert r.status_code == 422
    answer = r.json()
    assert answer["code"] == "chain_violation"
    assert answer["field"] == "paragraphs[2].assignments[0].recipients"
    assert answer["detail"].startswith("§ 32:")
    assert Decision.objects.count() == 0 and Protocol.objects.count() == 0


def test_a_paragraph_can_be_left_out(client, kommun):
    data = payload(paragraphs=meeting()["paragraphs"])
    data["paragraphs"][2]["selected"] = False
    r = post(client, data)
    assert r.status_code == 201, r.content
    assert r.json()["not_selected"] == [32]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"meeting_date": "12 mars"}, "meeting_date"),
        ({"paragraphs": []}, "paragraphs"),
        ({"idempotency_key": ""}, "idempotency_key"),
        ({"body": "finns-inte"}, "body"),
    ],
)
def test_bad_input_is_422_in_swedish(client, kommun, change, field):
    r = post(client, payload(**change))
    assert r.status_code == 422, r.content
    answer = r.json()
    assert any(key.startswith(field) for key in answer["errors"]), answer
    assert Protocol.objects.count() == 0


def test_schema_errors_are_said_in_swedish(client, kommun):
    r = post(client, payload(meeting_date="12 mars"))
    assert r.json()["errors"]["meeting_date"] == "Ange ett datum som ÅÅÅÅ-MM-DD."
    r = post(client, payload(paragraphs=[{"number": 0, "title": "x"}]))
    assert r.json()["errors"]["paragraphs[0].number"] == "Ska vara minst 1."
    r = post(client, payload(paragraphs=[{"number": 1}]))
    assert r.json()["errors"]["paragraphs[0].title"] == "Fältet saknas."


def test_unmatched_recipient_is_422(client, kommun):
    data = payload()
    data["paragraphs"][0]["assignments"][0]["recipient_text"] = "tekniska chefen"
    r = post(client, data)
    assert r.status_code == 422
    assert "kunde inte kopplas" in r.json()["errors"]["paragraphs[0].assignments[0].recipients"]


def test_another_bodys_secretary_gets_403(client, kommun):
    r = post(client, payload(), user="sekreterare-bun")
    assert r.status_code == 403
    assert Decision.objects.count() == 0


def test_the_documented_example_is_accepted(client, kommun):
    example = {**EXAMPLE, "municipality": kommun.municipality.slug, "meeting_date": "2024-03-12"}
    example["paragraphs"] = [dict(p) for p in EXAMPLE["paragraphs"]]
    example["paragraphs"][0] = {
        **example["paragraphs"][0],
        "assignments": [{**EXAMPLE["paragraphs"][0]["assignments"][0], "deadline": "2024-12-31"}],
    }
    r = post(client, example)
    assert r.status_code == 201, r.content


def test_accept_deviation_registers_the_chain_breaking_paragraph(client, kommun):
    data = payload(paragraphs=meeting()["paragraphs"])
    data["paragraphs"][2]["accept_deviation"] = True
    r = post(client, data)
    assert r.status_code == 201, r.content
    registered = r.json()["registered"]
    assert [p["number"] for p in registered] == [30, 31, 32]
    assert len(registered[2]["deviation_ids"]) == 1
