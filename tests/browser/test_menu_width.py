"""The main menu stays on one row at 1280 px in both languages (issue 14 item 6: "the menu wraps
at 1280 px"), for the longest menu: a signed-in user who may register decisions (Min sida and
Registrera beslut first, eleven items)."""

from __future__ import annotations

import os

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_longest_menu_fits_one_row_at_1280_px(live_server, browser, artifacts, language):
    tk = build_testkommun()
    admin = tk.users["admin"]
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    try:
        path = f"/{tk.municipality.slug}/barometer/"
        page.goto(f"{live_server.url}/konto/logga-in/?next={path}")
        page.locator("input[name=username]").fill(admin.username)
        page.locator("input[name=password]").fill(TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**{path}")
        assert page.locator("html").get_attribute("lang") == language
        tops = page.eval_on_selector_all(
            ".tl-nav li", "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
        )
        page.screenshot(path=str(artifacts / f"menu-1280-{language}.png"))
        assert len(tops) >= 11, tops  # Min sida and Registrera beslut are in it
        assert len(set(tops)) == 1, f"the menu wraps onto {len(set(tops))} rows: {tops}"
    finally:
        context.close()
