"""Jargon kept from citizens (review P3-22): API keys folded under "För utvecklare", the period
field called "Period", the version string only for signed-in users."""

from __future__ import annotations

import pytest

from tillit import __version__

pytestmark = pytest.mark.django_db


def test_api_keys_are_behind_a_developer_details(client, testkommun):
    html = client.get("/testkommun/barometer/definitioner/").content.decode()
    assert "<details" in html and "<summary>För utvecklare</summary>" in html
    before, _, after = html.partition("<summary>För utvecklare</summary>")
    assert "Nyckel i API och öppna data" not in before and "Nyckel i API" in after
    assert "(hur-nivå)" in html and "styr hur arbetet ska göras" in html


def test_period_field_and_version_string(client, testkommun):
    html = client.get("/testkommun/barometer/").content.decode()
    assert '<label class="ds-label" for="period">Period</label>' in html
    assert "Förvald period" not in html
    assert f"Tillit {__version__}" not in html
    client.force_login(testkommun.users["sekreterare-kf"])
    assert f"Tillit {__version__}" in client.get("/testkommun/barometer/").content.decode()


def test_amount_measures_leave_the_unit_to_their_values():
    """Amounts are shown in mnkr on the page and given in kronor by the API (kind "sek"), so an
    amount measure's name carries no unit that would be wrong in one of them (P3-20); every
    value on the page names its unit."""
    from tillit.barometer.charts import fmt_value
    from tillit.barometer.metrics import METRICS, SEK

    amounts = [m for m in METRICS if m.kind == SEK]
    assert amounts
    for m in amounts:
        assert "kr)" not in str(m.label), m.name
    assert fmt_value(SEK, 63_000_000).endswith("mnkr")
