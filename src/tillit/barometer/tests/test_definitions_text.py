"""The public definitions page and the scorecard read plainly: a share says how '–' is shown,
a measure without a better direction is shown for comparison (not praised), the two shares of
frame changes explain why they do not sum to 100 %, and a share's label carries no unit of
money."""

from __future__ import annotations

import html

import pytest

from tillit.barometer.metrics import METRICS, METRICS_BY_NAME, SHARE
from tillit.barometer.selectors import FRAME_SHARES

pytestmark = pytest.mark.django_db

REMAINDER = "Resten är uppräkning, volym, effektivisering och teknisk justering."


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _section(page, name):
    return page.split(f'id="{name}"', 1)[1].split("</section>", 1)[0]


def test_definitions_follow_the_registry_direction(client, testkommun):
    page = _page(client, f"/{testkommun.municipality.slug}/barometer/definitioner/")
    assert "täljaren delad med nämnaren" not in page and "ko-bingo" not in page
    for m in METRICS:
        section = _section(page, m.name)
        if m.higher_is_better is None:
            assert "Visas för jämförelse." in section and "är bättre" not in section, m.name
        elif m.higher_is_better:
            assert "Högre är bättre." in section, m.name
        else:
            assert "Lägre är bättre." in section, m.name
        if m.kind == SHARE:
            assert "Visas som ”–” när nämnaren är noll." in section, m.name
        assert (REMAINDER in section) == (m.name in FRAME_SHARES), m.name


def test_share_labels_carry_no_money_unit():
    for m in METRICS:
        if m.kind == SHARE:
            assert "(kr)" not in str(m.label), m.name


def test_both_frame_shares_are_explained_where_they_are_shown(client, testkommun):
    slug = testkommun.municipality.slug
    assert set(METRICS_BY_NAME) >= FRAME_SHARES
    page = _page(client, f"/{slug}/barometer/?from=2023-01-01&to=2023-12-31")
    assert REMAINDER in page
    for name in FRAME_SHARES:
        assert REMAINDER in _page(client, f"/{slug}/barometer/matt/{name}/")
    assert REMAINDER not in _page(client, f"/{slug}/barometer/matt/assignments_issued/")
