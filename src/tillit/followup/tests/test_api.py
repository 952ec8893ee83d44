"""The follow-up API: status codes and shapes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tillit.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def token(username):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(username=username)[1]}"}


BODY = {
    "period": "2023-DR",
    "status": "on_track",
    "narrative": "Enligt plan.",
    "resources_suffice": True,
    "indicators": [{"name": "Andel", "value": 40, "unit": "%", "target": 50}],
}


def test_report_question_decision_flow(fu, client):
    a = fu.assignment_ks
    url = "/api/v1/reports"
    payload = {**BODY, "assignment_id": a.pk}
    assert client.post(url, payload, content_type="application/json").status_code == 401
    r = client.post(url, payload, content_type="application/json", **token("sekreterare-ks"))
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = client.post(
        url,
        {**payload, "period": "2023-XX"},
        content_type="application/json",
        **token("kommundirektor"),
    )
    assert r.status_code == 422 and "period" in r.json()["errors"]
    r = client.post(url, payload, content_type="application/json", **token("kommundirektor"))
    assert r.status_code == 201 and r.json()["state"] == "draft"
    report_id = r.json()["id"]
    assert client.get(url).json() == {"items": [], "count": 0}  # drafts are private
    assert client.get(f"{url}/{report_id}").status_code == 404
    r = client.post(
        f"{url}/{report_id}/submit", content_type="application/json", **token("kommundirektor")
    )
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    listing = client.get(url, {"period": "2023-dr", "limit": 5}).json()
    assert listing["count"] == 1 and listing["items"][0]["indicators"][0]["name"] == "Andel"
    assert client.get(url, {"limit": 0}).status_code == 422

    q = {"assignment_id": a.pk, "text": "Varför?"}
    r = client.post(
        "/api/v1/questions", q, content_type="application/json", **token("politiker-bun")
    )
    assert r.status_code == 403 and "eget organ" in r.json()["detail"]
    r = client.post("/api/v1/questions", q, content_type="application/json", **token("ledamot-ks"))
    assert r.status_code == 201
    qid = r.json()["id"]
    assert client.get("/api/v1/questions", {"open": True}).json()["count"] == 1
    r = client.post(
        f"/api/v1/questions/{qid}/answer",
        {"text": "Därför."},
        content_type="application/json",
        **token("kommundirektor"),
    )
    assert r.status_code == 200 and r.json()["answered"] is True
    r = client.post(
        f"/api/v1/questions/{qid}/answer",
        {"text": "Igen."},
        content_type="application/json",
        **token("kommundirektor"),
    )
    assert r.status_code == 409

    before = type(a).objects.get(pk=a.pk).version
    today = timezone.localdate()
    deadline = (today + timedelta(days=200)).isoformat()
    decision = {
        "outcome": "adjust",
        "meeting_date": today.isoformat(),
        "paragraph": 70,
        "deadline": deadline,
    }
    r = client.post(
        f"{url}/{report_id}/decision",
        decision,
        content_type="application/json",
        **token("kommundirektor"),
    )
    assert r.status_code == 403
    r = client.post(
        f"{url}/{report_id}/decision",
        {**decision, "outcome": "nej"},
        content_type="application/json",
        **token("sekreterare-ks"),
    )
    assert r.status_code == 422
    r = client.post(
        f"{url}/{report_id}/decision",
        decision,
        content_type="application/json",
        **token("sekreterare-ks"),
    )
    assert r.status_code == 201, r.json()
    assert (
        r.json()["decision_reference"] == f"KS {today.year} § 70"
        and r.json()["assignment_version"] == before + 2  # amended, then in progress again
    )
    assert client.get(f"{url}/{report_id}").json()["decision"]["outcome"] == "adjust"
    assert client.get(f"{url}/999999").status_code == 404
