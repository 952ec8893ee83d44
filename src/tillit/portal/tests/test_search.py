import pytest
from django.db import connection

from tillit.portal.search import fts_query, query_terms, search, stems

pytestmark = pytest.mark.django_db


def test_stems_fold_swedish_inflections():
    assert stems(["skolan", "skolor", "skola", "skolans"]) == ["skol"] * 4


def test_fts_query_quotes_every_term():
    assert fts_query(query_terms('skolan" OR')) == '"skol"* AND "or"*'


def _kinds(result):
    return {(h.kind, h.id) for h in result.hits}


def test_search_finds_inflections_and_groups_by_kind(secrets_planted):
    tk = secrets_planted
    m = tk.municipality
    # "skolskjuts" assignment (KF) and its decision; the submitted report mentions "skolorna".
    result = search(municipality=m, query="skolan", limit=50)
    assert ("assignment", tk.assignment_kf.pk) in _kinds(result)
    assert ("decision", tk.decision_kf.pk) in _kinds(result)
    assert ("report", tk.report_submitted.pk) in _kinds(result)
    assert result.counts["report"] == 1  # the draft (also about "skolan") is never found
    assert all("<mark>" in str(h.title) + str(h.snippet) for h in result.hits)
    only = search(municipality=m, query="skolor", kinds=["decision"])
    assert {h.kind for h in only.hits} == {"decision"}


def test_search_never_finds_drafts(secrets_planted):
    result = search(municipality=secrets_planted.municipality, query="utkast prognos")
    assert result.total == 0


def test_search_is_scoped_to_the_municipality(secrets_planted):
    from tillit.core.testing import build_testkommun

    other = build_testkommun(slug="annan", name="Annan kommun", code="9998")
    result = search(municipality=other.municipality, query="skolrapport publicerad")
    assert result.total == 0
    # its own copy of the sample decision: one assignment and one decision, not ours too
    assert search(municipality=other.municipality, query="skolskjutsarna").counts == {
        "assignment": 1,
        "decision": 1,
    }


def test_search_follows_edits(testkommun):
    a = testkommun.assignment_ks
    a.title = "Cykelställ vid biblioteket"
    a.save()
    result = search(municipality=testkommun.municipality, query="biblioteken")
    assert [(h.kind, h.id) for h in result.hits] == [("assignment", a.pk)]


def test_search_escapes_html(testkommun):
    a = testkommun.assignment_ks
    a.what = "<script>alert(1)</script> skolmat"
    a.save()
    result = search(municipality=testkommun.municipality, query="skolmat")
    assert "<script>" not in str(result.hits[0].snippet)
    assert "&lt;script&gt;" in str(result.hits[0].snippet)


def test_empty_and_symbol_queries(testkommun):
    m = testkommun.municipality
    assert search(municipality=m, query="").total == 0
    assert search(municipality=m, query='"*()^:-').total == 0


@pytest.mark.postgres
def test_postgres_uses_swedish_configuration_and_gin_index(testkommun):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('swedish', 'skolor')::text")
        assert cursor.fetchone()[0] == "'skol':1"
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_fts_assignment'")
        assert "gin" in cursor.fetchone()[0].lower()


def test_search_page_and_api(client, secrets_planted):
    slug = secrets_planted.municipality.slug
    page = client.get(f"/{slug}/sok/", {"q": "skolan"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "<mark>" in body and 'id="h-assignment"' in body and 'id="h-report"' in body
    api = client.get("/api/v1/search", {"q": "skolan", "kind": "report"}).json()
    assert api["count"] == 1 and api["items"][0]["kind"] == "report"
    assert client.get("/api/v1/search").status_code == 422
