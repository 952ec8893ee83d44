"""axe-core on the barometer scorecard and the definitions page (issue 14 item 4): no serious or
critical WCAG 2.1 A/AA violation, at 1280 and 390 px, with a target set so every cell state
(target met or not, better, worse, nothing to compare) is on the page."""

from __future__ import annotations

import os

import pytest

from tillit.core.testing import build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def test_scorecard_and_definitions_have_no_serious_axe_violations(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    from tillit.barometer import services

    tk = build_testkommun()
    for metric, value in (("assignments_issued", "2"), ("with_result_share", "0,9")):
        services.metric_target_set(
            actor=tk.users["admin"], municipality=tk.municipality, metric=metric, value=value
        )
    m = tk.municipality.slug
    axe = Axe()
    problems = []
    for width in (1280, 390):
        context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in (f"/{m}/barometer/?period=year-2023", f"/{m}/barometer/definitioner/"):
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            results = axe.run(page, options=AXE_OPTIONS)
            for v in results.response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"][:3]]
                    problems.append(f"{width} {path}: {v['id']} ({v['impact']}) {targets}")
        # The scorecard states its reference in words: a target and the colour key.
        page.goto(f"{live_server.url}/{m}/barometer/?period=year-2023")
        assert page.get_by_text("mål 2,0 per 12 mån").first.is_visible()
        assert page.locator(".tl-score--good, .tl-score--bad").count() > 0
        context.close()
    assert not problems, "\n".join(problems)
