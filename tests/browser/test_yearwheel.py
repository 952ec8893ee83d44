"""Årshjul in a real browser: an admin changes the budget decision's date, the public page
shows it in the wheel and in the table, and the page fits 1280 px and a 390 px phone."""

import os

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_edits_the_year_wheel_and_the_public_sees_it(live_server, page, artifacts):
    build_testkommun()
    base = live_server.url
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/uppfoljning/arshjul/installningar/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/arshjul/installningar/")
    page.get_by_role("button", name="Gör standardårshjulet till kommunens eget").click()
    page.get_by_role("link", name="Ändra Kommunfullmäktige beslutar om budget för nästa år").click()
    page.wait_for_url("**/arshjul/*/")
    page.locator("#id_month").select_option("6")
    page.locator("#id_day").fill("31")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Juni har inte 31 dagar").first.is_visible()
    page.locator("#id_day").fill("17")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/arshjul/installningar/")

    page.goto(f"{base}/testkommun/uppfoljning/arshjul/?ar=2027")
    row = page.locator("tbody tr", has_text="beslutar om budget")
    assert "17 juni" in row.inner_text()
    assert page.locator("svg.tl-yearwheel title").text_content().startswith("Årshjul 2027")
    page.screenshot(path=str(artifacts / "arshjul-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "arshjul-390.png"), full_page=True)
