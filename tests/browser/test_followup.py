"""The loop closes in a real browser: the chief files a report, a politician asks a question,
the chief answers, the secretary records a decision that moves the deadline — and the assignment's
timeline shows all of it."""

import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tillit.assignments.models import EventKind
from tillit.core.testing import TEST_PASSWORD, build_testkommun
from tillit.organisation.models import Person

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username, next_url):
    page.context.clear_cookies()
    page.goto(f"{base}/konto/logga-in/?next={next_url}")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**{next_url}")


def test_follow_up_loop(live_server, page, artifacts):
    tk = build_testkommun()
    member = get_user_model().objects.create_user(username="ledamot-ks", password=TEST_PASSWORD)
    Person.objects.filter(name="Ledamot KS (fiktiv)").update(user=member)
    base = live_server.url
    a = tk.assignment_ks
    detail = f"/testkommun/uppdrag/{a.pk}/"

    # 1. The chief files a report from the assignment page.
    _login(page, base, "kommundirektor", detail)
    page.locator("a", has_text="Rapportera:").first.click()
    page.wait_for_url("**/rapport/*/")
    page.get_by_label("Risk").check()
    page.get_by_label("Vad har uppnåtts och vad har vi lärt oss").fill(
        "Fakturaflödet är automatiserat. Leverantören av e-arkivet är försenad."
    )
    # Each indicator row is a fieldset named "Indikator n" (the design system's form).
    page.get_by_role("group", name="Indikator 1").get_by_label("Vad mäts").fill(
        "Frigjorda årsarbetare"
    )
    page.locator("#id_ind-0-value").fill("2,5")
    page.locator("#id_ind-0-target").fill("10")
    page.get_by_label("Nej, resurserna räcker inte").check()
    page.get_by_label("Saknas (kr)").fill("300 000")
    page.get_by_label("Begäran om ändring av uppdraget (valfritt)").fill(
        "Flytta slutdatum ett halvår."
    )
    page.get_by_role("button", name="Lämna in rapporten").click()
    page.wait_for_url("**/uppfoljning/rapporter/*/")
    assert page.get_by_text("Rapporten är inlämnad").is_visible()
    page.screenshot(path=str(artifacts / "followup-report.png"), full_page=True)

    # 2. A member of KS asks a question on the assignment page.
    _login(page, base, "ledamot-ks", detail)
    page.get_by_label("Ställ en fråga till förvaltningen").fill("När är e-arkivet på plats?")
    page.get_by_role("button", name="Ställ frågan").click()
    page.wait_for_url(f"**{detail}*")
    assert page.get_by_text("Frågan är ställd").is_visible()

    # 3. The chief answers it.
    _login(page, base, "kommundirektor", "/testkommun/uppfoljning/inkorg/")
    page.get_by_role("link", name=a.title).first.click()
    page.get_by_label("Ditt svar").fill("Leverantören lovar leverans i mars.")
    page.get_by_role("button", name="Skicka svaret").click()
    assert page.get_by_text("Svaret är skickat").is_visible()

    # 4. The KS secretary records a decision that moves the deadline. (Every status change above
    # raised the version too, so the amendment is counted from here.)
    a.refresh_from_db()
    version_before_decision = a.version
    new_deadline = (timezone.localdate() + timedelta(days=180)).isoformat()
    _login(page, base, "sekreterare-ks", "/testkommun/uppfoljning/inkorg/")
    page.get_by_role("link", name="Registrera beslut").last.click()
    page.wait_for_url("**/beslut/")
    page.get_by_label("Ändra uppdraget").check()
    page.get_by_label("Paragraf (§)").fill("77")
    page.get_by_label("Nytt slutdatum").fill(new_deadline)
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_url(f"**{detail}")

    # 5. The timeline shows all of it, with the diff of the new version.
    timeline = page.locator("#tidslinje")
    text = timeline.inner_text()
    for expected in (
        "Beslutat",
        "inlämnad",
        # People by name and office (or the office alone), never by login name.
        "Fråga från Ledamot KS (fiktiv) (Ledamot, Kommunstyrelsen)",
        "Svar från Kommundirektör, Kommunledningsförvaltningen",
        "§\u00a077",  # the reference never breaks before the number
        new_deadline,
    ):
        assert expected in text, expected
    assert "ledamot-ks" not in text and "kommundirektor" not in text
    assert timeline.locator("li[data-kind=decision] table").is_visible()
    page.screenshot(path=str(artifacts / "followup-timeline.png"), full_page=True)
    a.refresh_from_db()
    # The decision amended the assignment into a new version (the status change back to "pågår"
    # that the same decision makes is a version of its own, after it).
    amended = a.events.filter(kind=EventKind.AMENDED).order_by("-version").first()
    assert amended is not None and version_before_decision < amended.version <= a.version
    assert a.deadline.isoformat() == new_deadline
