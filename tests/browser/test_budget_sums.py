"""The budget proposal form sums the typed changes per organ while KF's secretary types (review
P4-31; budget/static/budget/sums.js): changes and new frame per organ and in total, nothing
stored. Without script the same table comes after "Visa summor per organ"
(src/tillit/budget/tests/test_proposal_helpers.py)."""

import os

import pytest

from tillit.budget.models import Budget
from tillit.budget.tests.test_services import _previous
from tillit.core.testing import TEST_PASSWORD, build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_live_sums_per_organ_while_typing(live_server, page):
    tk = build_testkommun()
    _previous(tk)  # BUN 510 mnkr, SN 400 mnkr at the end of 2026
    base = live_server.url
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/budget/nytt/%3Far%3D2027")
    page.get_by_label("Användarnamn").fill("sekreterare-kf")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/budget/nytt/**")
    sums = page.locator("#live-sums")
    assert not sums.is_visible()  # nothing typed yet
    page.locator("#c0-body").select_option("bun")
    page.locator("#c0-amount").fill("15 000 000")
    page.locator("#c1-body").select_option("bun")
    page.locator("#c1-amount").fill("3000000")
    page.locator("#c2-body").select_option("sn")
    page.locator("#c2-amount").fill("\u22124 000 000")
    sums.wait_for(state="visible")
    text = sums.inner_text()
    assert "+18,0\u00a0mnkr" in text and "528,0\u00a0mnkr" in text  # BUN
    assert "\u22124,0\u00a0mnkr" in text and "396,0\u00a0mnkr" in text  # SN
    assert "+14,0\u00a0mnkr" in text and "924,0\u00a0mnkr" in text  # total
    page.locator("#c1-amount").fill("")
    page.wait_for_function(
        "document.getElementById('live-sums').innerText.includes('+15,0\u00a0mnkr')"
    )
    assert not Budget.objects.exists()
