"""GET /api/v1/barometer/metrics: the keys stay, the labels follow the language (issue 14)."""

import pytest

pytestmark = pytest.mark.django_db


def test_metric_list_translates_labels_but_not_names(client):
    answers = {}
    for language in ("sv", "en"):
        client.cookies["django_language"] = language
        response = client.get("/api/v1/barometer/metrics")
        assert response.status_code == 200
        answers[language] = {m["name"]: m for m in response.json()}
    sv, en = answers["sv"], answers["en"]
    assert list(sv) == list(en)  # the same keys, in the same order
    assert sv["assignments_issued"]["label"] == "Givna uppdrag"
    assert en["assignments_issued"]["label"] == "Assignments given"
    assert all(sv[n]["kind"] == en[n]["kind"] for n in sv)
    assert all(sv[n]["label"] != en[n]["label"] and sv[n]["why"] != en[n]["why"] for n in sv)
