"""The issuer filter lives in the selector (AssignmentFilter), used by the API."""

import pytest

from tillit.assignments.selectors import AssignmentFilter, assignments_list

pytestmark = pytest.mark.django_db


def test_issuer_filter_in_the_selector(testkommun):
    m = testkommun.municipality
    by_kf = assignments_list(municipality=m, filters=AssignmentFilter(issuer=testkommun.kf))
    assert [a.pk for a in by_kf] == [testkommun.assignment_kf.pk]
    # combined with body (issued by or received by KS): only KF's assignment to KS
    both = assignments_list(
        municipality=m, filters=AssignmentFilter(body=testkommun.ks, issuer=testkommun.kf)
    )
    assert [a.pk for a in both] == [testkommun.assignment_kf.pk]


def test_issuer_filter_api_contract(client, testkommun):
    rows = client.get("/api/v1/assignments?issuer=ks").json()
    assert [r["id"] for r in rows["items"]] == [testkommun.assignment_ks.pk]
    assert client.get("/api/v1/assignments?issuer=nope").status_code == 422
    rows = client.get("/api/v1/assignments?issuer=kf&body=ks").json()
    assert [r["id"] for r in rows["items"]] == [testkommun.assignment_kf.pk]
