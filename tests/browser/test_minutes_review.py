"""The KS secretary uploads a real-looking protocol PDF (rendered by WeasyPrint in the test),
reviews every paragraph, corrects a recipient, and registers the paragraphs at once — at desktop
width and at 390 px."""

import os

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun
from tillit.decisions.models import Decision
from tillit.minutes.models import Protocol
from tillit.minutes.testing import protocol_pdf

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base):
    page.goto(f"{base}/konto/logga-in/?next=/testkommun/protokoll/")
    page.get_by_label("Användarnamn").fill("sekreterare-ks")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/protokoll/")


def _assert_accessible(page):
    """axe-core: no serious or critical WCAG 2.1 A/AA violation on the review screen."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"],
    }
    violations = Axe().run(page, options=options).response["violations"]
    problems = [
        f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not problems, "\n".join(problems)


def test_upload_review_correct_and_register(live_server, page, artifacts, tmp_path):
    build_testkommun(with_decisions=False)
    pdf = tmp_path / "KS-protokoll-2024-03-12.pdf"
    pdf.write_bytes(protocol_pdf())
    base = live_server.url
    _login(page, base)

    page.get_by_label("Protokollfil").set_input_files(str(pdf))
    page.get_by_role("button", name="Läs protokollet").click()
    page.wait_for_url("**/protokoll/*/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Granska och registrera protokollet"
    )
    assert page.locator("#id_body").input_value() == "ks"
    assert page.locator("#id_meeting_date").input_value() == "2024-03-12"
    for number in range(45, 51):
        assert page.locator(f"#p{number}").is_visible()

    # What was read and matched: § 47 to the kommundirektör, on the right path.
    assert page.locator("#p47-a0-recipient").input_value() == "kommundirektor"
    assert page.locator("#p47-a0 [data-check=ok]").is_visible()
    # § 46 went to a nämnd: the chain check explains it and the paragraph is not ticked.
    assert page.locator("#p46-a0-recipient").input_value() == "bun"
    assert "ger dem inte uppdrag" in page.locator("#p46-a0 [data-check=error]").inner_text()
    assert not page.locator("#p46-selected").is_checked()
    # § 48 names a company no organisation has: unmatched, for a human.
    assert "Testkommun Energi AB" in page.locator("#p48").inner_text()
    assert not page.locator("#p48-selected").is_checked()
    assert page.locator("#p45-selected").is_checked()
    page.screenshot(path=str(artifacts / "minutes-review.png"), full_page=True)
    _assert_accessible(page)

    # Ticking § 48 as it is: nothing is registered, every problem is named.
    page.locator("#p48-selected").check()
    page.get_by_role("button", name="Registrera markerade paragrafer").click()
    assert page.locator("#error-summary").is_visible()
    assert "§ 48" in page.locator("#error-summary").inner_text()
    assert Decision.objects.count() == 0

    # Correct § 46 to the kommundirektör, leave § 48 for later, register the rest at once.
    page.locator("#p48-selected").uncheck()
    page.locator("#p46-a0-recipient").select_option("kommundirektor")
    page.locator("#p46-selected").check()
    page.get_by_role("button", name="Registrera markerade paragrafer").click()
    page.wait_for_selector("text=paragrafer registrerades")
    numbers = set(Decision.objects.values_list("paragraph", flat=True))
    assert numbers == {45, 46, 47, 49, 50}
    d46 = Decision.objects.get(paragraph=46)
    assert d46.case_number == "KS 2024/112"
    assert d46.assignments.get().recipients.get().office.slug == "kommundirektor"
    assert page.locator("#p46[data-status=registered]").is_visible()
    assert page.locator("#p48[data-status=new]").is_visible()
    assert Protocol.objects.get().registered_at is not None

    # The same screen at 390 px: nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, overflow
    assert page.get_by_role("button", name="Registrera markerade paragrafer").is_visible()
    page.screenshot(path=str(artifacts / "minutes-review-390.png"), full_page=True)
