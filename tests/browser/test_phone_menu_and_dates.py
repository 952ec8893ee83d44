"""The phone menu and the date fields, in a real browser (review findings P2-12 and P1-6).

- At 390 px the main menu folds behind "Meny" (details/summary, no JavaScript needed); opened,
  every item is on screen, none scrolled out of sight sideways, and the signed-in user's name
  stays visible in the header. At 1280 px the items stand in a row without a "Meny" button.
- A wide table on a phone says it scrolls and keeps its first column in view.
- Every date field is a text field showing ÅÅÅÅ-MM-DD, also in an English (en-US) browser,
  where <input type="date"> showed mm/dd/yyyy and "12/03/2026" was read as 12 March.
"""

from __future__ import annotations

import os

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, path):
    page.goto(f"{base}/konto/logga-in/?next={path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{path}")


def test_every_menu_item_is_reachable_on_a_390_px_phone(live_server, browser, artifacts):
    tk = build_testkommun()
    user = tk.users["sekreterare-ks"]  # the longest menu: Min sida and Registrera beslut too
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        path = f"/{tk.municipality.slug}/uppdrag/"
        _login(page, live_server.url, user.username, path)
        items = page.locator(".tl-nav li a")
        count = items.count()
        assert count >= 11, count
        toggle = page.locator(".tl-nav summary")
        assert toggle.is_visible() and toggle.inner_text().strip() == "Meny"
        assert not items.first.is_visible()  # folded until asked for
        # Who is signed in shows on the phone too.
        assert page.locator(".tl-user").is_visible()
        assert page.locator(".tl-user").bounding_box()["x"] + 1 >= 0

        toggle.click()
        page.screenshot(path=str(artifacts / "menu-390-open.png"), full_page=True)
        for i in range(count):
            link = items.nth(i)
            assert link.is_visible(), link.inner_text()
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (link.inner_text(), box)
            assert box["height"] >= 40, (link.inner_text(), box)  # a finger-sized target
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator(".tl-nav").evaluate("e => e.scrollWidth <= e.clientWidth")
        # The last item (Sök) works from the opened menu.
        page.get_by_role("link", name="Sök", exact=True).click()
        page.wait_for_url(f"**/{tk.municipality.slug}/sok/**")
    finally:
        context.close()


def test_the_menu_is_one_row_without_a_toggle_at_1280_px(live_server, page):
    tk = build_testkommun()
    page.goto(f"{live_server.url}/{tk.municipality.slug}/uppdrag/")
    assert not page.locator(".tl-nav summary").is_visible()
    items = page.locator(".tl-nav li a")
    assert items.count() >= 9
    assert all(items.nth(i).is_visible() for i in range(items.count()))


def test_date_fields_show_iso_format_in_an_english_browser(live_server, browser, artifacts):
    tk = build_testkommun()
    m = tk.municipality.slug
    context = browser.new_context(
        locale="en-US", timezone_id="America/New_York", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        # A public filter (Django form) and the barometer's hand-written period fields.
        page.goto(f"{live_server.url}/{m}/uppdrag/")
        fran = page.locator("#id_fran")
        assert fran.get_attribute("type") == "text"
        assert fran.get_attribute("placeholder") == "ÅÅÅÅ-MM-DD"
        assert fran.get_attribute("inputmode") == "numeric"
        # Eight digits from a phone's number pad become an ISO date; the form shows it so.
        fran.fill("20230101")
        assert fran.evaluate("e => e.checkValidity()")
        page.goto(f"{live_server.url}/{m}/uppdrag/?fran=20230101")
        assert page.locator("#id_fran").input_value() == "2023-01-01"
        assert not page.locator(".ds-validation-message").count()

        page.goto(f"{live_server.url}/{m}/barometer/")
        for field in ("#from", "#to"):
            box = page.locator(field)
            assert box.get_attribute("type") == "text", field
            assert box.get_attribute("placeholder") == "ÅÅÅÅ-MM-DD", field

        # A signed-in form: the secretary's Registrera beslut, with its meeting date.
        _login(
            page, live_server.url, tk.users["sekreterare-ks"].username, f"/{m}/beslut/registrera/"
        )
        date = page.get_by_label("Sammanträdesdag")
        assert date.get_attribute("type") == "text"
        assert date.get_attribute("placeholder") == "ÅÅÅÅ-MM-DD"
        # The browser itself refuses the US form before sending, with the Swedish hint.
        date.fill("12/03/2026")
        assert not date.evaluate("e => e.checkValidity()")
        assert "ÅÅÅÅ-MM-DD" in date.get_attribute("title")
        page.screenshot(path=str(artifacts / "date-field-en-us.png"))
    finally:
        context.close()


def test_a_wide_table_on_a_phone_says_it_scrolls_and_keeps_its_first_column(live_server, browser):
    """The Ekonomi table at 390 px (review P2-11): tables.js says in words that it scrolls and
    makes it keyboard-scrollable, the caption stays within the screen, the body column stays
    put while the figures scroll, and the page itself never scrolls sideways."""
    from test_phone_width import _data

    tk, _report = _data()
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/{tk.municipality.slug}/ekonomi/")
        wraps = page.locator(".tl-table-wrap")
        scrolling = [
            i
            for i in range(wraps.count())
            if wraps.nth(i).evaluate("e => e.scrollWidth > e.clientWidth + 1")
        ]
        assert scrolling, "the economy table is wider than a phone"
        wrap = wraps.nth(scrolling[0])
        hint_id = wrap.get_attribute("aria-describedby")
        assert hint_id and page.locator(f"#{hint_id}").is_visible()
        assert "rullas i sidled" in page.locator(f"#{hint_id}").inner_text()
        assert wrap.get_attribute("tabindex") == "0"  # a keyboard can scroll it
        caption = wrap.locator("caption")
        if caption.count():
            box = caption.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        first = wrap.locator("tbody tr > :first-child").first
        before = first.bounding_box()["x"]
        wrap.evaluate("e => { e.scrollLeft = 200; }")
        assert abs(first.bounding_box()["x"] - before) <= 2  # the first column stays
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
