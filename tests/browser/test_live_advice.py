"""The live "vad, inte hur" advice in the register form follows what is filled in (issue 17)."""

import os

import pytest

from tillit.analysis.analyser import MISSING_LABELS
from tillit.core.testing import TEST_PASSWORD, build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESOURCES = MISSING_LABELS["resources"]
DEADLINE = MISSING_LABELS["deadline"]


def _login(page, base):
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/beslut/registrera/")
    page.get_by_label("Användarnamn").fill("sekreterare-ks")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/beslut/registrera/")


def test_advice_follows_the_fields_already_filled_in(live_server, page, artifacts):
    build_testkommun()
    _login(page, live_server.url)
    row = page.locator("#assignments-0-analysis")
    decision = page.locator("#text-analysis")

    page.get_by_label("Vad (avsett resultat)").fill("Effektivare fakturahantering.")
    row.get_by_text(RESOURCES).wait_for()

    # Resources entered after the text: the row's advice no longer asks for them.
    page.get_by_label("Resurser (kr)").fill("250000")
    row.get_by_text(RESOURCES).wait_for(state="detached")
    assert row.get_by_text(DEADLINE).is_visible()
    page.get_by_label("Slutdatum").fill("2026-09-30")
    row.get_by_text(DEADLINE).wait_for(state="detached")

    # The decision text is not asked for what its assignment already gives.
    page.get_by_label("Beslutstext").fill("Kommunstyrelsen beslutar att ge uppdraget.")
    decision.locator(".tl-advice").wait_for()
    assert decision.get_by_text(RESOURCES).count() == 0
    assert decision.get_by_text(DEADLINE).count() == 0
    page.screenshot(path=str(artifacts / "live-advice-fields.png"), full_page=True)

    # A decision that only files a report and gives no assignment gets no completeness advice.
    page.get_by_label("Vad (avsett resultat)").fill("")
    page.get_by_label("Resurser (kr)").fill("")
    page.get_by_label("Slutdatum").fill("")
    with page.expect_response(
        lambda r: (
            "/registrera/analysera/" in r.url and "handlingarna" in (r.request.post_data or "")
        )
    ):
        page.get_by_label("Beslutstext").fill(
            "Nämnden beslutade att lägga rapporten till handlingarna."
        )
    page.wait_for_timeout(300)  # the swap after the response
    assert decision.locator(".tl-advice").count() == 1
    assert decision.get_by_text("Ett bra uppdrag anger också").count() == 0
