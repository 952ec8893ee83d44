import csv
import io
import json

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_list_pages_link_their_exports_and_feeds(client, testkommun):
    slug = testkommun.municipality.slug
    for page, dataset in (
        ("uppdrag/", "uppdrag"),
        ("beslut/", "beslut"),
        ("organisation/", "organ"),
        ("rapporter/", "rapporter"),
    ):
        body = client.get(f"/{slug}/{page}").content.decode()
        for fmt in ("csv", "komma.csv", "json", "xlsx"):
            assert f"/{slug}/oppna-data/{dataset}.{fmt}" in body, (page, fmt)
        assert 'rel="alternate" type="application/atom+xml"' in body
    body_page = client.get(f"/{slug}/organ/ks/").content.decode()
    assert f"/{slug}/oppna-data/organ/ks/flode.atom" in body_page


def test_exports_have_the_same_rows_and_the_licence(client, testkommun):
    slug = testkommun.municipality.slug
    text = client.get(f"/{slug}/oppna-data/uppdrag.komma.csv").content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["title"] for r in rows} == {
        "Effektivisera genom digitalisering",
        "Samordna skolskjutsarna",
    }
    data = json.loads(client.get(f"/{slug}/oppna-data/uppdrag.json").content)
    assert data["licence"]["id"] == "CC0-1.0" and data["count"] == 2
    response = client.get(f"/{slug}/oppna-data/uppdrag.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.worksheets[0].max_row == 3 and "CC0-1.0" in str(wb["Om datat"]["B4"].value)
    assert 'rel="license"' in client.get(f"/{slug}/oppna-data/beslut.csv")["Link"]
    # filters of the list page apply
    filtered = client.get(f"/{slug}/oppna-data/uppdrag.json?organ=kf&roll=issued").json()
    assert [i["title"] for i in filtered["items"]] == ["Samordna skolskjutsarna"]
    assert client.get(f"/{slug}/oppna-data/uppdrag.pdf").status_code == 404


def test_licence_is_configurable(client, testkommun, settings):
    from tillit.portal.models import PortalSettings

    slug = testkommun.municipality.slug
    settings.TILLIT_DATA_LICENCE = "CC-BY-4.0"
    assert client.get(f"/{slug}/oppna-data/organ.json").json()["licence"]["id"] == "CC-BY-4.0"
    PortalSettings.objects.create(municipality=testkommun.municipality, data_licence="CC0-1.0")
    assert client.get(f"/{slug}/oppna-data/organ.json").json()["licence"]["id"] == "CC0-1.0"
    assert "Creative Commons Zero" in client.get(f"/{slug}/oppna-data/").content.decode()


def test_atom_feeds(client, secrets_planted):
    slug = secrets_planted.municipality.slug
    feed = client.get(f"/{slug}/oppna-data/flode.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    xml = feed.content.decode()
    assert "Uppdrag om digitalisering" in xml and "Gemensamt uppdrag om skolskjuts" in xml
    assert "Publicerad rapport" in xml and "<rights>" in xml
    ks = client.get(f"/{slug}/oppna-data/organ/ks/flode.atom").content.decode()
    assert "Uppdrag om digitalisering" in ks and "skolskjuts" not in ks
    assert client.get(f"/{slug}/oppna-data/organ/nope/flode.atom").status_code == 404


def test_api_cors_for_reads_only(client, testkommun):
    r = client.get("/api/v1/decisions", HTTP_ORIGIN="https://example.org")
    assert r["Access-Control-Allow-Origin"] == "*"
    pre = client.options(
        "/api/v1/decisions", HTTP_ORIGIN="https://x.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert pre.status_code == 204 and "GET" in pre["Access-Control-Allow-Methods"]
    pre_post = client.options(
        "/api/v1/decisions", HTTP_ORIGIN="https://x.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in pre_post
    post = client.post("/api/v1/decisions", {}, content_type="application/json")
    assert "Access-Control-Allow-Origin" not in post


def test_api_rate_limit_anonymous_and_token(client, testkommun, settings):
    from tillit.accounts.services import api_token_create

    cache.clear()
    settings.TILLIT_API_ANON_RATE = "3/min"
    settings.TILLIT_API_AUTH_RATE = "6/min"
    for _ in range(3):
        assert client.get("/api/v1/bodies").status_code == 200
    limited = client.get("/api/v1/bodies")
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited" and int(limited["Retry-After"]) > 0
    _row, token = api_token_create(username="sekreterare-ks")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert [client.get("/api/v1/bodies", **auth).status_code for _ in range(6)] == [200] * 6
    assert client.get("/api/v1/bodies", **auth).status_code == 429
    cache.clear()


def test_accessibility_statement_and_open_data_pages(client, testkommun):
    slug = testkommun.municipality.slug
    a11y = client.get(f"/{slug}/tillganglighet/").content.decode()
    assert "Tillgänglighetsredogörelse" in a11y and "WCAG 2.1" in a11y
    assert "Öppna data" in client.get(f"/{slug}/oppna-data/").content.decode()


def test_english_catalog(client, testkommun):
    client.cookies["django_language"] = "en"
    body = client.get(f"/{testkommun.municipality.slug}/").content.decode()
    assert 'lang="en"' in body
    assert "Skip to main content" in body and "Assignments" in body
    assert "Open data" in body
