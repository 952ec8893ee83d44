"""Kolada: parser, client (paging, cache, 429 backoff, offline), import, CLI and the KPI pages.
Recorded responses via respx; never the network."""

import json
from decimal import Decimal

import httpx
import pytest
import respx
from django.core.management import call_command
from django.core.management.base import CommandError

from tillit.portal.indicators import (
    BUNDLE_DIR,
    kolada_bundle_load,
    kolada_fetch,
    kpi_define,
    kpi_get,
)
from tillit.portal.kolada import KoladaClient, KoladaError, data_url, parse_data, parse_years
from tillit.portal.models import KoladaValue, PortalSettings

BASE = "https://api.kolada.se/v3"
PAGE1 = {
    "count": 3,
    "next_url": f"{BASE}/data/kpi/N15428/municipality/0884,0000/year/2023?page=2",
    "previous_url": None,
    "values": [
        {
            "kpi": "N15428",
            "municipality": "0884",
            "period": 2023,
            "values": [
                {"count": 1, "gender": "T", "status": "", "value": 71.2},
                {"count": 1, "gender": "K", "status": "", "value": 74.0},
                {"count": 1, "gender": "M", "status": "", "value": 68.5},
            ],
        }
    ],
}
PAGE2 = {
    "count": 3,
    "next_url": None,
    "previous_url": PAGE1["next_url"],
    "values": [
        {
            "kpi": "N15428",
            "municipality": "0000",
            "period": 2023,
            "values": [{"count": 290, "gender": "T", "status": "", "value": 75.0}],
        }
    ],
}


def test_parse_data_and_years():
    rows = parse_data(PAGE1)
    assert [(r.area, r.year, r.gender, r.value) for r in rows] == [
        ("0884", 2023, "T", Decimal("71.2")),
        ("0884", 2023, "K", Decimal("74.0")),
        ("0884", 2023, "M", Decimal("68.5")),
    ]
    assert parse_years("2019-2021,2023") == [2019, 2020, 2021, 2023]
    with pytest.raises(KoladaError):
        parse_data({"error": "nope"})
    with pytest.raises(ValueError):
        parse_years("2025-2019")


def test_bundle_files_are_in_kolada_format():
    for path in BUNDLE_DIR.glob("*.json"):
        payload = json.loads(path.read_text("utf-8"))
        assert {"count", "next_url", "values"} <= payload.keys()
        assert parse_data(payload)


@respx.mock
def test_client_follows_next_url_and_caches(tmp_path):
    url = data_url(BASE, ["N15428"], ["0884", "0000"], [2023])
    second = respx.get(PAGE1["next_url"]).mock(return_value=httpx.Response(200, json=PAGE2))
    first = respx.get(url).mock(return_value=httpx.Response(200, json=PAGE1))
    client = KoladaClient(base_url=BASE, cache_dir=tmp_path)
    rows = client.fetch(["N15428"], ["0884", "0000"], [2023])
    assert len(rows) == 4 and first.call_count == 1 and second.call_count == 1
    client.fetch(["N15428"], ["0884", "0000"], [2023])  # from the cache
    assert first.call_count == 1 and second.call_count == 1


@respx.mock
def test_client_backs_off_on_429_then_succeeds():
    url = data_url(BASE, ["N15428"], ["0884"], [2023])
    route = respx.get(url).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(503),
            httpx.Response(200, json={**PAGE2, "values": PAGE1["values"]}),
        ]
    )
    waits = []
    client = KoladaClient(base_url=BASE, sleep=waits.append)
    assert len(client.fetch(["N15428"], ["0884"], [2023])) == 3
    assert route.call_count == 3 and waits == [2.0, 2.0]


@respx.mock
def test_client_gives_up_with_a_clear_error():
    url = data_url(BASE, ["N15428"], ["0884"], [2023])
    respx.get(url).mock(return_value=httpx.Response(429))
    client = KoladaClient(base_url=BASE, sleep=lambda s: None, retries=3)
    with pytest.raises(KoladaError, match="3 försök"):
        client.fetch(["N15428"], ["0884"], [2023])


@respx.mock
def test_offline_is_a_clear_command_error(db, settings, tmp_path):
    settings.TILLIT_KOLADA_CACHE_DIR = tmp_path
    respx.get(url__startswith=BASE).mock(side_effect=httpx.ConnectError("no network"))
    with pytest.raises(CommandError, match="Kunde inte nå Kolada"):
        call_command(
            "kolada", "fetch", "--municipality", "0884", "--kpi", "N15428", "--years", "2023"
        )
    with pytest.raises(CommandError, match="fyra siffror"):
        call_command("kolada", "fetch", "--municipality", "x", "--kpi", "N1", "--years", "2023")


@respx.mock
def test_fetch_imports_idempotently_with_comparison_group(testkommun, settings, tmp_path):
    settings.TILLIT_KOLADA_CACHE_DIR = None
    m = testkommun.municipality
    PortalSettings.objects.create(municipality=m, comparison_group="0860")
    url = data_url(BASE, ["N15428"], [m.code, "0000", "0860"], [2023])
    respx.get(url).mock(return_value=httpx.Response(200, json={**PAGE2, "values": PAGE1["values"]}))
    client = KoladaClient(base_url=BASE)
    kolada_fetch(municipality_code=m.code, kpis=["N15428"], years=[2023], client=client)
    kolada_fetch(municipality_code=m.code, kpis=["N15428"], years=[2023], client=client)
    assert KoladaValue.objects.count() == 3


def test_kpi_view_and_pages(client, testkommun):
    m = testkommun.municipality
    m.code = "0884"
    m.save()
    PortalSettings.objects.create(
        municipality=m, comparison_group="0860,0861", comparison_group_name="Liknande"
    )
    kolada_bundle_load()
    kpi_define(
        municipality=m,
        code="N15428",
        title="Behöriga till yrkesprogram",
        unit="%",
        targets={2023: 75},
        assignments=[testkommun.assignment_kf],
    )
    view = kpi_get(municipality=m, code="N15428")
    p2023 = next(p for p in view.points if p.year == 2023)
    assert p2023.value is not None and p2023.national is not None
    assert p2023.comparison is not None and p2023.target == Decimal("75")
    page = client.get(f"/{m.slug}/nyckeltal/N15428/").content.decode()
    assert "<svg" in page and "<table" in page and "Samordna skolskjutsarna" in page
    api = client.get("/api/v1/kpis").json()
    assert api[0]["code"] == "N15428" and api[0]["assignments"] == [testkommun.assignment_kf.pk]
    assert client.get(f"/{m.slug}/nyckeltal/X1/").status_code == 404
