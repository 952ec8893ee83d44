"""The KS secretary registers a whole meeting in a real browser: two §§ (recipients picked from
the searchable list), a chain refusal on the way, justering, and the meeting locked — also at
phone width, and axe finds nothing serious on the § form."""

import os

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun
from tillit.decisions.models import Decision, Meeting
from tillit.minutes.models import DraftParagraph

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base):
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/protokoll/sammantraden/")
    page.get_by_label("Användarnamn").fill("sekreterare-ks")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/protokoll/sammantraden/")


def _serious(page) -> list:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # pragma: no cover - dev extra missing
        return []
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def test_secretary_registers_a_meeting_and_justerar_it(live_server, page, artifacts):
    tk = build_testkommun()
    base = live_server.url
    _login(page, base)

    assert not _serious(page)  # the start page
    # The meeting once: body and date.
    page.get_by_label("Organ").select_option("ks")
    page.get_by_label("Sammanträdesdag").fill("2026-03-10")
    page.get_by_role("button", name="Börja registrera").click()
    page.wait_for_url("**/sammantraden/*/")
    assert page.locator("#meeting-draft").is_visible()

    # § 1: an assignment. The number is proposed; the recipient is found by typing.
    page.get_by_role("link", name="Första paragrafen (§ 1)").click()
    page.get_by_label("Uppdrag", exact=True).check()
    page.get_by_role("button", name="Fortsätt").click()
    assert page.get_by_label("Paragraf (§)").input_value() == "1"
    page.locator("#id_title").fill("Uppdrag om fakturor")
    page.get_by_label("Uppdragets rubrik").fill("Kortare handläggning")
    page.get_by_label("Vad (avsett resultat)").fill("Fakturor betalas inom 30 dagar.")
    picker = page.locator("#id_recipients")
    page.get_by_label("Sök mottagare").fill("gata")
    assert picker.locator("input[value='enhet-gata-park']").is_visible()
    assert not picker.locator("input[value='kommundirektor']").is_visible()
    # A wrong pick first: refused with the decision form's words, nothing stored.
    picker.locator("input[value='enhet-gata-park']").check()
    page.get_by_role("button", name="Spara och nästa paragraf").click()
    page.wait_for_load_state()
    assert "Uppdraget ska ges till kommundirektören" in page.locator("#error-summary").inner_text()
    assert page.get_by_role("button", name="Beslutet fattades så – spara paragrafen").is_visible()
    assert not DraftParagraph.objects.exists()
    picker = page.locator("#id_recipients")
    picker.locator("input[value='enhet-gata-park']").uncheck()
    page.get_by_label("Sök mottagare").fill("kommundir")
    picker.locator("input[value='kommundirektor']").check()
    assert not _serious(page)
    page.screenshot(path=str(artifacts / "meeting-paragraph.png"), full_page=True)
    page.get_by_role("button", name="Spara och nästa paragraf").click()

    # § 2 ("Nästa paragraf" led here): noted, number proposed as 2.
    page.wait_for_url("**/paragraf/ny/")
    page.get_by_label("Anmäls / läggs till handlingarna").check()
    page.get_by_role("button", name="Fortsätt").click()
    assert page.get_by_label("Paragraf (§)").input_value() == "2"
    page.locator("#id_title").fill("Anmälan av delegationsbeslut")
    page.get_by_role("button", name="Spara paragrafen").last.click()
    page.wait_for_url("**/sammantraden/*/")
    assert page.locator("#p-1").is_visible() and page.locator("#p-2").is_visible()
    assert not Decision.objects.filter(year=2026).exists()  # drafts until justering

    # The § form is usable at phone width: nothing scrolls sideways.
    meeting_url = page.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(meeting_url + "paragraf/ny/?typ=assignment")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "meeting-paragraph-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(meeting_url)

    # Justering: everything registered, the meeting locked.
    page.get_by_label("Justeringsdag").fill("2026-03-17")
    page.get_by_label("Justerare").fill("Ordföranden och en ledamot")
    page.get_by_role("button", name="Justera och registrera sammanträdet").click()
    page.wait_for_url("**/sammantraden/*/")
    locked = page.locator("#meeting-locked")
    assert "låst" in locked.inner_text() and "Ordföranden och en ledamot" in locked.inner_text()
    assert page.get_by_role("link", name="Nästa paragraf").count() == 0
    assert page.get_by_role("button", name="Ta bort § 1").count() == 0
    meeting = Meeting.objects.get(body=tk.ks, date="2026-03-10")
    assert meeting.is_locked
    assert sorted(meeting.decisions.values_list("paragraph", flat=True)) == [1, 2]
    assert meeting.decisions.get(paragraph=1).assignments.get().recipients.get().slug == (
        "kommundirektor"
    )
    page.screenshot(path=str(artifacts / "meeting-locked.png"), full_page=True)
    assert not _serious(page)  # the locked meeting page

    # At phone width the meeting page fits without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=str(artifacts / "meeting-locked-390.png"), full_page=True)
