"""The forms chiefs and secretaries use most, in a real browser: the report form and the
decide-on-report form are the design system's (radios beside their labels, inputs of the
design system's height, not the browser's tiny default), fit a 390 px phone, and axe finds no
serious or critical issue on them, also with their error summaries showing."""

import os

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _login(page, base, username, next_url):
    page.context.clear_cookies()
    page.goto(f"{base}/konto/logga-in/?next={next_url}")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**{next_url}")


def _no_serious_axe_issue(page, name):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, f"{name}:\n" + results.generate_report()


def _radio_beside_label(page, radio_id):
    radio = page.locator(f"#{radio_id}").bounding_box()
    label = page.locator(f"label[for='{radio_id}']").bounding_box()
    assert label["x"] > radio["x"] + radio["width"] - 1, "the label stands right of its radio"
    assert abs((label["y"] + label["height"] / 2) - (radio["y"] + radio["height"] / 2)) < 12


def test_report_and_decide_forms_are_accessible_design_system_forms(live_server, page, artifacts):
    from tillit.followup import services as fs

    tk = build_testkommun()
    base = live_server.url
    a = tk.assignment_ks
    report_url = f"/testkommun/uppfoljning/uppdrag/{a.pk}/rapport/2023-DR/"

    _login(page, base, "kommundirektor", report_url)
    _radio_beside_label(page, "id_status_0")
    _radio_beside_label(page, "id_resources_suffice_1")
    # A text input of the design system's height, not the browser's ~20 px default.
    assert page.get_by_label("Saknas (kr)").bounding_box()["height"] >= 36
    assert page.locator("#id_narrative").evaluate("e => getComputedStyle(e).fontFamily") != (
        "monospace"
    )
    _no_serious_axe_issue(page, "report form")
    # Errors: the summary at the top links to the field, which is marked invalid.
    page.locator("#id_resources_suffice_1").check()
    page.get_by_label("Saknas (kr)").fill("tolv")
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    summary.get_by_role("link", name="Saknas (kr): Ange ett tal.").click()
    assert page.evaluate("location.hash") == "#id_resources_missing_sek"
    assert page.get_by_label("Saknas (kr)").get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(artifacts / "report-form-errors.png"), full_page=True)
    _no_serious_axe_issue(page, "report form with errors")
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _radio_beside_label(page, "id_status_2")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The decide-on-report form, as KS's secretary, on a submitted report.
    report = fs.report_file(
        actor=tk.users["kommundirektor"],
        assignment=a,
        period="2023-DR",
        status="on_track",
        narrative="Det går bra.",
        resources_suffice=True,
    )
    decide_url = f"/testkommun/uppfoljning/rapporter/{report.pk}/beslut/"
    _login(page, base, "sekreterare-ks", decide_url)
    _radio_beside_label(page, "id_outcome_0")
    _no_serious_axe_issue(page, "decide form")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert summary.get_by_role("link", name="Organet beslutar att").is_visible()
    assert page.locator("#id_outcome_0").get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(artifacts / "decide-form-errors.png"), full_page=True)
    _no_serious_axe_issue(page, "decide form with errors")
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
