"""The KS secretary registers a decision in a real browser, then gets a chain error."""

import os

import pytest

from tillit.assignments.models import Assignment
from tillit.core.testing import TEST_PASSWORD, build_testkommun
from tillit.decisions.models import Decision

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHAIN_MESSAGE = "Uppdraget ska ges till kommundirektören"


def _login(page, base):
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/beslut/registrera/")
    page.get_by_label("Användarnamn").fill("sekreterare-ks")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/beslut/registrera/")


def _fill_decision(page, *, paragraph, title, recipient, assignment_title):
    page.get_by_label("Sammanträdesdag").fill("2026-03-10")
    page.get_by_label("Paragraf (§)").fill(str(paragraph))
    page.get_by_label("Diarienummer").fill("KS 2026/101")
    page.locator("#id_title").fill(title)
    page.get_by_label("Beslutstext").fill("Kommunstyrelsen beslutar att ge uppdraget.")
    page.get_by_label("Uppdragets rubrik").fill(assignment_title)
    page.get_by_label("Vad (avsett resultat)").fill("Kortare handläggningstid för fakturor.")
    # Recipients are a list of checkboxes with a filter field (SearchableCheckboxSelectMultiple).
    page.locator(f"#id_assignments-0-recipients input[value='{recipient}']").check()
    page.get_by_label("Resurser (kr)").fill("250000")
    page.get_by_label("Slutdatum").fill("2026-09-30")
    page.get_by_label("Planerade uppföljningar").fill("2026-05-01, 2026-08-31")


def test_ks_secretary_registers_and_sees_chain_error(live_server, page, artifacts):
    build_testkommun()
    base = live_server.url
    _login(page, base)

    # 1. A correct decision: the assignment goes to the kommundirektör.
    _fill_decision(
        page,
        paragraph=45,
        title="Uppdrag om fakturarutiner",
        recipient="kommundirektor",
        assignment_title="Effektivare fakturahantering",
    )
    page.get_by_role("button", name="Registrera beslutet").last.click()
    page.wait_for_url("**/beslut/*/")
    heading = page.get_by_role("heading", level=1).inner_text().replace("\xa0", " ")
    assert heading.startswith("KS 2026 § 45")  # no-break spaces keep "§ 45" together
    assert page.get_by_text("är registrerat med 1 uppdrag").is_visible()
    assert page.get_by_role("link", name="Effektivare fakturahantering").is_visible()
    page.screenshot(path=str(artifacts / "register-success.png"), full_page=True)
    assert Decision.objects.filter(paragraph=45).count() == 1

    # 2. A wrong recipient: a unit below the kommundirektör.
    page.goto(f"{base}/testkommun/beslut/registrera/")
    # The filter field narrows the list of recipients as one types; ticked ones stay.
    picker = page.locator("#id_assignments-0-recipients")
    page.get_by_label("Sök mottagare").fill("gata")
    assert picker.locator("input[value='enhet-gata-park']").is_visible()
    assert not picker.locator("input[value='kommundirektor']").is_visible()
    assert "Visar 1 av" in picker.locator("[data-tl-picker-status]").inner_text()
    page.get_by_label("Sök mottagare").fill("")
    assert picker.locator("input[value='kommundirektor']").is_visible()
    _fill_decision(
        page,
        paragraph=46,
        title="Flytta cykelställ",
        recipient="enhet-gata-park",
        assignment_title="Cykelställen vid torget",
    )
    # The live check explains the chain beside the field before saving.
    live = page.locator("#assignments-0-recipients-check")
    live.get_by_text(CHAIN_MESSAGE).wait_for()

    page.get_by_role("button", name="Registrera beslutet").last.click()
    page.wait_for_load_state()
    error = page.locator("#id_assignments-0-recipients-error")
    assert CHAIN_MESSAGE in error.inner_text()
    group = page.locator("#id_assignments-0-recipients-group")  # the fieldset of checkboxes
    assert "id_assignments-0-recipients-error" in group.get_attribute("aria-describedby")
    ticked = page.locator("#id_assignments-0-recipients input[value='enhet-gata-park']")
    assert ticked.is_checked() and ticked.get_attribute("aria-invalid") == "true"
    assert page.locator("#error-summary").is_visible()
    assert page.get_by_label("Uppdragets rubrik").input_value() == "Cykelställen vid torget"
    page.screenshot(path=str(artifacts / "register-chain-error.png"), full_page=True)
    assert not Decision.objects.filter(paragraph=46).exists()
    assert Assignment.objects.filter(title="Cykelställen vid torget").count() == 0

    # 3. Accessibility of the register page (with the errors showing).
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # pragma: no cover - dev extra missing
        return
    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, results.generate_report()
