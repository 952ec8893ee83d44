"""Only published data is public: crawl every public URL pattern and every GET operation of the
OpenAPI schema anonymously and assert the planted marker (in a draft report, an internal note and
a confidential deviation reporter) never appears."""

import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tillit.portal.published import published_history, published_reports

from .conftest import MARKER

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "konto/", "i18n/", "api/v1/")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _candidates(tk):
    ids = [
        tk.assignment_ks.pk,
        tk.decision_ks.pk,
        tk.report_submitted.pk,
        tk.report_draft.pk,
    ]
    return {
        "municipality": [tk.municipality.slug],
        "pk": sorted(set(ids)),
        "slug": ["ks", "bun", "kommundirektor"],
        "period": ["2023-T1", "2023-DR"],
        "dataset": ["uppdrag", "beslut", "organ", "rapporter"],
        "fmt": ["csv", "json", "xlsx"],
        "code": ["N15428"],
    }


def _urls(tk):
    values = _candidates(tk)
    for route in _walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or route.startswith("^"):
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if any(n not in values for n in names):
            continue
        for combo in itertools.product(*(values[n] for n in names)):
            url = route
            for name, value in zip(names, combo, strict=True):
                url = re.sub(r"<(?:\w+:)?" + name + ">", str(value), url, count=1)
            yield "/" + url


def _text(response) -> str:
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        import io

        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(response.content))
        return " ".join(
            str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
        )
    return response.content.decode("utf-8", errors="replace")


def test_every_public_page_and_export_hides_unpublished_data(client, secrets_planted):
    urls = list(_urls(secrets_planted))
    assert len(urls) > 40
    seen_ok = 0
    for url in urls:
        for query in ("", "?q=utkast", "?q=skolan+prognos"):
            response = client.get(url + query)
            assert response.status_code < 500, url + query
            if response.status_code == 200:
                seen_ok += 1
                assert MARKER not in _text(response), url + query
                assert MARKER.lower() not in _text(response).lower(), url + query
    assert seen_ok > 30


def test_every_api_get_operation_hides_unpublished_data(client, secrets_planted):
    tk = secrets_planted
    schema = client.get("/api/v1/openapi.json").json()
    values = {
        "assignment_id": [tk.assignment_ks.pk],
        "decision_id": [tk.decision_ks.pk],
        "report_id": [tk.report_submitted.pk, tk.report_draft.pk],
        "question_id": [1],
        "slug": ["ks", "kommundirektor"],
        "code": ["N15428"],
    }
    checked = 0
    for path, ops in schema["paths"].items():
        if "get" not in ops or path.endswith("openapi.json"):
            continue
        names = re.findall(r"{(\w+)}", path)
        if any(n not in values for n in names):
            combos = [(1,) * len(names)]
        else:
            combos = itertools.product(*(values[n] for n in names))
        for combo in combos:
            url = path
            for name, value in zip(names, combo, strict=True):
                url = url.replace("{" + name + "}", str(value))
            for query in (f"?municipality={tk.municipality.slug}&q=utkast", "?q=prognos"):
                response = client.get(url + query)
                assert response.status_code < 500, url + query
                assert MARKER.lower() not in response.content.decode().lower(), url + query
                checked += 1
    assert checked >= 20


def test_published_selectors(secrets_planted):
    tk = secrets_planted
    assert list(published_reports(municipality=tk.municipality)) == [tk.report_submitted]
    notes = [e.note for e in published_history(assignment=tk.assignment_ks)]
    assert not any(MARKER in n for n in notes)


def test_single_municipality_redirects_home(client, testkommun):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/{testkommun.municipality.slug}/"
