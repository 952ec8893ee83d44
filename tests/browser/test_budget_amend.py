"""KF's secretary amends a tabled proposal in a real browser, sees the amendment in its history,
then registers KF's adoption with one more amendment; the bodies the proposal leaves out are
named before adoption and keep their frames (docs/budget.md)."""

import os

import pytest

from tillit.budget.models import Budget, BudgetStatus
from tillit.budget.tests.test_services import M, _previous
from tillit.core.testing import TEST_PASSWORD, build_testkommun
from tillit.economy.models import Frame

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_amend_then_adopt_with_amendments(live_server, page, artifacts):
    from tillit.budget import services

    tk = build_testkommun()
    _previous(tk)  # BUN 510 mnkr, SN 400 mnkr, KS 200 mnkr at the end of 2026
    budget = services.budget_propose(
        actor=None,
        municipality=tk.municipality,
        year=2027,
        title="Mål och budget 2027",
        proposed_by="S+C",
        lines=[
            {
                "body": "bun",
                "changes": [{"kind": "index", "amount_sek": 15 * M, "note": "2,9 %"}],
            }
        ],
    )
    base = live_server.url
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/budget/%3Far%3D2027")
    page.get_by_label("Användarnamn").fill("sekreterare-kf")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/budget/?ar=2027")

    page.get_by_role("link", name="Ändra förslaget S+C").click()
    assert page.locator("#c0-amount").input_value() == str(15 * M)
    page.locator("#c0-amount").fill("-1")  # a negative index: refused, nothing stored
    page.get_by_role("button", name="Spara ändringarna").click()
    assert page.get_by_text("kan inte vara negativ").first.is_visible()
    page.locator("#c0-amount").fill(str(16 * M))
    page.get_by_role("button", name="Spara ändringarna").click()
    page.wait_for_url("**/budget/?ar=2027")
    page.get_by_text("Historik: 1 ändring").click()
    assert page.get_by_text("borttaget: Pris- och löneuppräkning 15").is_visible()

    page.get_by_role("link", name="Anta förslaget S+C").click()
    warning = page.get_by_role("status").filter(has_text="behåller sin föregående ram")
    assert warning.get_by_text("Socialnämnden").is_visible()
    page.get_by_role("link", name="Anta med ändringar").click()
    page.get_by_label("Sammanträdesdag").fill("2026-11-23")
    page.get_by_label("Paragraf (§)").fill("17")
    page.locator("#c0-amount").fill(str(17 * M))
    page.screenshot(path=str(artifacts / "budget-adopt-with-amendments.png"), full_page=True)
    page.get_by_role("button", name="Anta budgeten med ändringarna").click()
    page.wait_for_url("**/budget/?ar=2027")
    assert page.get_by_text("med ändringar (KF 2026 § 17)").is_visible()
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ADOPTED
    assert [r.at_adoption for r in budget.revisions.all()] == [False, True]
    assert Frame.objects.get(body=tk.sn, year=2027).amount == 400 * M
    assert Budget.objects.count() == 1


def test_add_a_row_in_place_keeps_what_was_typed(live_server, page):
    build_testkommun()
    base = live_server.url
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/budget/nytt/%3Far%3D2027%26rader%3D2")
    page.get_by_label("Användarnamn").fill("sekreterare-kf")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/budget/nytt/**")
    page.locator("#id_title").fill("Mål och budget 2027")
    page.locator("#c0-body").select_option("bun")
    page.locator("#c0-amount").fill("5000000")
    page.evaluate("window.__same_page = true")
    page.get_by_role("button", name="Lägg till en rad").click()
    page.locator("#c2-body").wait_for()
    assert page.evaluate("window.__same_page === true")  # no page load: HTMX swapped the rows
    assert page.locator(".tl-budget-row").count() == 3
    assert page.locator("#c0-amount").input_value() == "5000000"
    assert page.locator("#id_title").input_value() == "Mål och budget 2027"
    assert page.evaluate("document.activeElement.id") == "c2-body"
    page.get_by_role("button", name="Lägg till en rad").click()
    page.locator("#c3-body").wait_for()
    assert page.locator(".tl-budget-row").count() == 4
    assert not Budget.objects.exists()


def test_add_an_indicator_in_place_keeps_what_was_typed(live_server, page):
    """ "Lägg till en indikator" swaps only the organ's indicator rows (HTMX, no page load),
    focuses the new Kolada-id field, and both indicators are stored."""
    tk = build_testkommun()
    _previous(tk)
    base = live_server.url
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/budget/nytt/%3Far%3D2027%26rader%3D1")
    page.get_by_label("Användarnamn").fill("sekreterare-kf")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/budget/nytt/**")
    page.locator("#id_title").fill("Mål och budget 2027")
    page.get_by_label("Förslagsställare").fill("V")
    page.locator("#c0-body").select_option("bun")
    page.locator("#c0-kind").select_option("index")
    page.locator("#c0-amount").fill("15000000")
    page.locator("#c0-note").fill("2,9 %")
    page.get_by_text("Grunduppdrag med indikatorer (valfritt)").click()
    page.locator("#mission-bun-what").fill("Alla elever når kunskapsmålen.")
    page.locator("#mission-bun-code").fill("N15428")
    page.locator("#mission-bun-title").fill("Behöriga till yrkesprogram")
    page.locator("#mission-bun-target").fill("79,5")
    page.evaluate("window.__same_page = true")
    page.get_by_role(
        "button", name="Lägg till en indikator för Barn- och utbildningsnämnden"
    ).click()
    page.locator("#mission-bun-code-1").wait_for()
    assert page.evaluate("window.__same_page === true")  # no page load: HTMX swapped the rows
    assert page.evaluate("document.activeElement.id") == "mission-bun-code-1"
    assert page.locator("#mission-bun-code").input_value() == "N15428"
    assert page.locator("#c0-amount").input_value() == "15000000"
    page.locator("#mission-bun-code-1").fill("N15505")
    page.locator("#mission-bun-title-1").fill("Godkända i alla ämnen, åk 9")
    page.locator("#mission-bun-target-1").fill("82")
    page.get_by_role("button", name="Registrera förslaget").click()
    page.wait_for_url("**/budget/?ar=2027")
    mission = Budget.objects.get().lines.get(body=tk.bun).mission
    assert [i["code"] for i in mission["indicators"]] == ["N15428", "N15505"]
