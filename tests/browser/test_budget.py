"""KF's secretary enters two budget proposals in a real browser and compares them side by side,
also at 390 px."""

import os

import pytest

from tillit.budget.models import Budget
from tillit.budget.tests.test_services import _previous
from tillit.core.testing import TEST_PASSWORD, build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, i, body, kind, amount, note="", **extra):
    page.locator(f"#c{i}-body").select_option(body)
    page.locator(f"#c{i}-kind").select_option(kind)
    page.locator(f"#c{i}-amount").fill(amount)
    if note:
        page.locator(f"#c{i}-note").fill(note)
    if extra:
        page.locator(f"#c{i}-body").locator("xpath=ancestor::fieldset//summary").click()
    for name, value in extra.items():
        page.locator(f"#c{i}-{name}").fill(value)


def test_enter_and_compare_two_proposals(live_server, page, artifacts):
    tk = build_testkommun()
    _previous(tk)  # BUN 510 mnkr, SN 400 mnkr, KS 200 mnkr at the end of 2026
    base = live_server.url
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/budget/nytt/%3Far%3D2027")
    page.get_by_label("Användarnamn").fill("sekreterare-kf")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/budget/nytt/**")

    # The majority's proposal: index, a new assignment, an efficiency demand
    page.locator("#id_title").fill("Mål och budget 2027")
    page.get_by_label("Förslagsställare").fill("S+C")
    _row(page, 0, "bun", "index", "15 000 000", "2,9 %")
    _row(
        page,
        1,
        "bun",
        "assignment",
        "3000000",
        new_title="Simskola för alla",
        new_what="Alla elever kan simma i årskurs 4.",
    )
    _row(page, 2, "sn", "efficiency", "4000000")  # positive: refused beside the row
    page.get_by_role("button", name="Registrera förslaget").click()
    assert page.get_by_text("ange beloppet som ett negativt tal").first.is_visible()
    assert Budget.objects.count() == 0
    page.locator("#c2-amount").fill("-4000000")
    page.get_by_role("button", name="Registrera förslaget").click()
    page.wait_for_url("**/budget/?ar=2027")
    assert page.get_by_text("Budgetförslaget från S+C är registrerat").is_visible()

    # The opposition's proposal: more money to BUN, explicitly without purpose
    page.get_by_role("link", name="Registrera budgetförslag").click()
    page.locator("#id_title").fill("Budget 2027 – oppositionens förslag")
    page.get_by_label("Förslagsställare").fill("M+KD")
    _row(page, 0, "bun", "unlinked", "25000000")
    _row(page, 1, "sn", "index", "11000000", "2,8 %")
    page.get_by_role("button", name="Registrera förslaget").click()
    page.wait_for_url("**/budget/?ar=2027")

    # Side by side: one column per proposal, each body's new frame
    table = page.locator("#jamforelse")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[2:] == ["S+C", "M+KD"]
    bun = table.locator("tbody tr", has_text="Barn- och utbildningsnämnden")
    cells = bun.locator("td").all_inner_texts()
    assert cells[0] == "510,0\u00a0mnkr"
    assert cells[1].startswith("528,0\u00a0mnkr") and cells[2].startswith("535,0\u00a0mnkr")
    sn = table.locator("tbody tr", has_text="Socialnämnden").locator("td").all_inner_texts()
    assert sn[1].startswith("396,0\u00a0mnkr") and sn[2].startswith("411,0\u00a0mnkr")
    assert page.get_by_text("Nytt uppdrag: Simskola för alla").is_visible()
    page.screenshot(path=str(artifacts / "budget-compare.png"), full_page=True)

    # 390 px: the page itself does not scroll sideways (wide tables scroll in their wrapper)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, overflow
    assert page.get_by_role("heading", name="Ramar per organ").is_visible()
    # The comparison is a labelled region a keyboard can reach; every proposal's column is
    # in it (scrolling inside it), and the body names stay in view while it scrolls.
    region = page.get_by_role("region", name="Ramar per organ")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("e => e.getBoundingClientRect().right") <= 390
    name = region.locator("tbody th").first
    last = region.locator("tbody tr").first.locator("td").last
    x_name = name.bounding_box()["x"]
    region.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    box = last.bounding_box()
    assert box["x"] + box["width"] <= 391, box  # the last proposal can be brought into view
    assert abs(name.bounding_box()["x"] - x_name) <= 2  # the name did not scroll away
    for th in region.locator("thead th").all():  # headings wrap inside the region
        assert th.bounding_box()["width"] <= 390
    page.screenshot(path=str(artifacts / "budget-compare-390.png"), full_page=True)
    page.goto(f"{base}/testkommun/budget/nytt/?ar=2027")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
