"""Min sida's role cards in a real browser at a 390 px phone (issue 14 items 1 and 9): each
role's card is shown, the page does not scroll sideways, and axe-core finds no serious or
critical WCAG 2.1 A/AA violation on it."""

from __future__ import annotations

import os
from datetime import date

import pytest

from tillit.core.testing import TEST_PASSWORD, build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _data():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tillit.accounts.services import role_grant
    from tillit.economy import services as economy
    from tillit.economy.models import BatchKind, ImportBatch
    from tillit.economy.tests.factories import kf_decision
    from tillit.jobs.models import Job, JobStatus
    from tillit.minutes.services import protocol_store
    from tillit.minutes.tests.test_register import meeting
    from tillit.organisation.models import Person

    tk = build_testkommun()
    m = tk.municipality
    member = get_user_model().objects.create_user(username="ledamot-ks", password=TEST_PASSWORD)
    person = Person.objects.get(municipality=m, name="Ledamot KS (fiktiv)")
    person.user = member
    person.save()
    role_grant(user=member, municipality=m, kind="politician", body=tk.ks)
    economy.frame_set(
        actor=None, body=tk.ks, year=2023, amount=50_000_000, decision=kf_decision(tk)
    )
    protocol_store(
        actor=tk.users["sekreterare-ks"],
        municipality=m,
        meeting=meeting(),
        file_name="kommunstyrelsens-protokoll-med-ett-mycket-langt-filnamn-2023.pdf",
    )
    Job.objects.create(
        municipality=m, user=tk.users["admin"], kind="economy.import",
        title="Import av utfall 2023", status=JobStatus.FAILED, finished_at=timezone.now(),
        error="Filen är inte en SIE-fil: första raden saknar #FLAGGA.",
    )  # fmt: skip
    ImportBatch.objects.create(
        municipality=m, kind=BatchKind.SIE, file_name="bokslut-2023.se", sha256="0" * 64,
        period_start=date(2023, 1, 1), period_end=date(2023, 8, 31), imported_by=tk.users["admin"],
    )  # fmt: skip
    return tk


@pytest.mark.parametrize(
    ("username", "card"),
    [
        ("ledamot-ks", "#kommande-sammantraden"),
        ("kommundirektor", "#prognoser"),
        ("sekreterare-ks", "#protokoll-att-registrera"),
        ("admin", "#drift"),
    ],
)
def test_role_card_at_390_px(live_server, browser, artifacts, username, card):
    _data()
    path = "/testkommun/min-sida/"
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/konto/logga-in/?next={path}")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"**{path}")
        section = page.locator(f"section{card}")
        assert section.is_visible()
        assert section.locator("h2").inner_text().strip()
        page.screenshot(path=str(artifacts / f"min-sida-{username}-390.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, serious
    finally:
        context.close()
