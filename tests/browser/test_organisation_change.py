"""The administrator registers a new kommundirektör in a real browser (at a 390 px phone
width), sees a mistake explained beside the field, and finds the change in the history."""

import os

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun
from tillit.organisation.models import Appointment

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The elements reaching past the viewport, for the failure message.
WIDER = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(-5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_registers_a_new_chief_and_sees_it_in_the_history(live_server, browser, artifacts):
    tk = build_testkommun(with_decisions=False)
    base = live_server.url
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{base}/konto/logga-in/?next=/testkommun/organisation/andra/")
        page.get_by_label("Användarnamn").fill("admin")
        page.get_by_label("Lösenord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url("**/organisation/andra/")

        # A person first (invented name), then the appointment.
        page.get_by_role("link", name="Lägg till en person").click()
        page.get_by_label("Namn").fill("Vera Nyström (fiktiv)")
        page.get_by_role("button", name="Lägg till personen").click()
        page.wait_for_url("**/organisation/andra/")
        assert page.get_by_text("Vera Nyström (fiktiv) är tillagd").is_visible()

        page.get_by_role("link", name="Ny chef eller innehavare av en befattning").click()
        page.get_by_label("Befattning").select_option(str(tk.kommundirektor.pk))
        page.get_by_label("Ny innehavare").select_option(label="Vera Nyström (fiktiv)")
        # A day before the current holder took office: refused beside the field.
        page.get_by_label("Tillträder").fill("2018-06-01")
        page.get_by_role("button", name="Registrera tillträdet").click()
        summary = page.locator("#error-summary")
        assert summary.is_visible()
        assert "Inget har sparats" in summary.inner_text()
        assert (
            "Befattningen finns inte den 2018-06-01"
            in page.locator("#id_valid_from-error").inner_text()
        )
        assert Appointment.objects.filter(office=tk.kommundirektor).count() == 1
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (width, page.evaluate(WIDER))
        page.screenshot(path=str(artifacts / "organisation-form-error-390.png"), full_page=True)
        problems = _axe_problems(page)

        page.get_by_label("Tillträder").fill("2025-04-01")
        page.get_by_role("button", name="Registrera tillträdet").click()
        page.wait_for_url("**/organisation/#historik")
        assert page.get_by_text("Vera Nyström (fiktiv) har befattningen").is_visible()
        history = page.locator("section.tl-history")
        rows = history.locator("table tbody tr")
        texts = [rows.nth(i).inner_text() for i in range(rows.count())]
        assert any("Vera Nyström (fiktiv)" in t and "2025-04-01" in t for t in texts), texts
        assert any("Kommundirektören (fiktiv)" in t and "2025-03-31" in t for t in texts), texts
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (width, page.evaluate(WIDER))
        page.screenshot(path=str(artifacts / "organisation-new-chief-390.png"), full_page=True)
        for path in ("/testkommun/organisation/andra/", "/testkommun/organ/ks/"):
            page.goto(base + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width, page.evaluate(WIDER))
            problems += _axe_problems(page)
        page.goto(base + "/testkommun/organisation/andra/ledamot/")
        problems += _axe_problems(page)  # the radio group
        assert not problems, "\n".join(problems)
    finally:
        context.close()
