"""Every public page fits a 390 px phone (issue 14 item 9): document.documentElement.scrollWidth
<= 390 at a 390 px viewport. Tables scroll inside their own wrapper, never the page.

The pages are listed from the URL conf: every route under /<kommun>/ whose view answers an
anonymous visitor with HTML. Routes with parameters get a sample from the test data; a route
with a parameter and no sample must turn the visitor away (log-in or 403) — a public page
without a sample fails here, so a new page cannot slip past the check."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tillit.core.testing import build_testkommun

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    for route in walk(get_resolver().url_patterns):
        if route.startswith("<slug:municipality>/") and "." not in route:
            yield route


def _data():
    from tillit.barometer import services as barometer
    from tillit.followup import services as fs
    from tillit.portal.demo import portal_demo_load

    tk = build_testkommun()
    chief = tk.users["kommundirektor"]
    report = fs.report_save_draft(
        actor=chief,
        assignment=tk.assignment_ks,
        period="2023-T1",
        status="on_track",
        narrative="Skolorna har fått nya datorer.",
        resources_suffice=True,
    )
    fs.report_submit(actor=chief, report=report)
    barometer.deviation_report(
        actor=tk.users["sekreterare-bun"],
        municipality=tk.municipality,
        occurred_on=date(2023, 5, 16),
        from_role="Kommunstyrelsens ordförande",
        body=tk.ks,
        to_office=tk.enhet_gata_park,
        content="Flytta cykelställen vid torget till norra sidan före helgen.",
    )
    portal_demo_load(municipality=tk.municipality)
    _budgets(tk)
    return tk, report


def _budgets(tk):
    """Frames for 2026 with a change (so /ekonomi/organ/bun/ has its table of changes per year,
    which once made it 405 px wide) and two proposals for 2027, so the budget page has its
    comparison tables to fit."""
    from tillit.budget.tests.test_services import M, _previous, _propose

    _previous(tk)
    _propose(tk)
    _propose(tk, [{"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": 20 * M}]}], "M+KD")


def _samples(tk, report) -> dict[str, dict[str, str]]:
    """Parameters for the public routes that need them (route prefix → values)."""
    return {
        "<slug:municipality>/organ/": {"slug": tk.ks.slug},
        "<slug:municipality>/uppdrag/": {"pk": str(tk.assignment_ks.pk)},
        "<slug:municipality>/beslut/": {"pk": str(tk.decision_ks.pk)},
        "<slug:municipality>/uppfoljning/rapporter/": {"pk": str(report.pk)},
        "<slug:municipality>/ekonomi/organ/": {"slug": tk.bun.slug},
        "<slug:municipality>/barometer/matt/": {"metric": "budget_change_assignment_share"},
        "<slug:municipality>/nyckeltal/": {"code": "N15428"},
        "<slug:municipality>/budget/verksamhetsplan/": {"slug": tk.bun.slug},
    }


def public_pages(tk, report) -> list[str]:
    m = tk.municipality.slug
    samples = _samples(tk, report)
    anonymous = Client()
    pages, unsampled_public = [], []
    for route in _routes():
        params = PARAM.findall(route)
        values = {"municipality": m}
        sample = next(
            (v for prefix, v in samples.items() if route.startswith(prefix) and len(params) > 1),
            None,
        )
        if len(params) > 1 and sample is None:
            values.update({p: "1" for p in params[1:]})
        elif sample:
            values.update(sample)
        if any(p not in values for p in params):
            continue  # a sample for a sibling route (e.g. /organ/<slug>/avsluta/)
        path = "/" + PARAM.sub(lambda g, v=values: v[g.group(1)], route)
        response = anonymous.get(path)
        html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and html:
            pages.append(path)
        elif len(params) > 1 and sample is None and response.status_code not in (302, 403, 405):
            unsampled_public.append(f"{route} ({response.status_code})")
    assert not unsampled_public, (
        "Routes with parameters that may be public but have no sample here: "
        + ", ".join(unsampled_public)
    )
    return pages


def test_every_public_page_fits_a_390_px_phone(live_server, browser, artifacts):
    tk, report = _data()
    pages = public_pages(tk, report)
    m = tk.municipality.slug
    # The list is the URL conf's, not empty: the scorecard and the definitions are in it.
    for must in (f"/{m}/", f"/{m}/barometer/", f"/{m}/barometer/definitioner/", f"/{m}/budget/"):
        assert must in pages, (must, pages)
    assert len(pages) >= 15, pages
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    too_wide = []
    try:
        for path in pages:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide.append(f"{path}: {width} px")
                name = path.strip("/").replace("/", "--") or "root"
                page.screenshot(path=str(artifacts / f"too-wide-{name}.png"), full_page=True)
    finally:
        context.close()
    assert not too_wide, "Pages wider than a 390 px phone:\n" + "\n".join(too_wide)


def test_scorecard_scrolls_inside_its_own_container_at_390_px(live_server, browser):
    tk, _report = _data()
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/{tk.municipality.slug}/barometer/?period=")
        wrap = page.locator(".tl-scorecard-wrap")
        # The grid itself is wider than the phone and scrolls in its wrapper, which a keyboard
        # can reach and which says so in words.
        assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")
        assert wrap.evaluate("e => e.clientWidth <= 390")
        assert wrap.get_attribute("tabindex") == "0"
        assert page.locator("#scorecard-hint").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
        # The metric names stay in view while the grid scrolls.
        first = page.locator(".tl-scorecard tbody th").first
        cell = page.locator(".tl-scorecard tbody td").last
        before, cell_before = first.bounding_box()["x"], cell.bounding_box()["x"]
        wrap.evaluate("e => { e.scrollLeft = 300; }")
        assert cell.bounding_box()["x"] < cell_before - 100  # the grid did scroll
        assert abs(first.bounding_box()["x"] - before) <= 2  # within the border
    finally:
        context.close()


def test_audit_trail_fits_a_390_px_phone_for_the_auditor(live_server, browser):
    from django.contrib.auth import get_user_model

    from tillit.accounts.models import RoleKind
    from tillit.accounts.services import role_grant
    from tillit.core.testing import TEST_PASSWORD

    tk, _report = _data()
    auditor = get_user_model().objects.create_user(username="revisor", password=TEST_PASSWORD)
    role_grant(user=auditor, municipality=tk.municipality, kind=RoleKind.AUDITOR)
    path = f"/{tk.municipality.slug}/granskning/"
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/konto/logga-in/?next={path}")
        page.get_by_label("Användarnamn").fill("revisor")
        page.get_by_label("Lösenord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"**{path}")
        assert page.locator("table caption").first.is_visible()
        # The log's wide table scrolls in its wrapper; the page does not.
        wrap = page.locator(".tl-table-wrap").first
        assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    finally:
        context.close()


def test_list_tables_are_cards_on_a_phone_and_min_sida_is_in_sight(live_server, browser):
    """The assignment, decision and report lists keep their <table> but show each row as a card
    at 390 px (column names from data-label); at 1280 px they are ordinary tables. Signed in,
    Min sida is the first item of the menu, in sight on a phone once "Meny" is opened."""
    from tillit.core.testing import TEST_PASSWORD

    tk, _report = _data()
    m = tk.municipality.slug
    lists = {
        f"/{m}/uppdrag/": "Givet av",
        f"/{m}/beslut/": "Sammanträde",
        f"/{m}/rapporter/": "Uppdragsgivare",
    }
    for width in (390, 1280):
        context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            for path, label in lists.items():
                page.goto(live_server.url + path)
                table = page.locator("table.tl-card-table")
                header = table.locator("thead")
                cell = table.locator(f"tbody td[data-label='{label}']").first
                before = cell.evaluate("e => getComputedStyle(e, '::before').content")
                if width == 390:
                    assert header.bounding_box()["height"] <= 1, path  # headers for readers only
                    assert before == f'"{label}"', path
                    assert (
                        table.locator("tbody tr").first.evaluate("e => getComputedStyle(e).display")
                        == "flex"
                    )
                    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, path
                else:
                    assert header.is_visible() and before in ("none", "normal"), path
            if width == 390:
                page.goto(f"{live_server.url}/konto/logga-in/?next=/{m}/uppdrag/")
                page.get_by_label("Användarnamn").fill("sekreterare-ks")
                page.get_by_label("Lösenord").fill(TEST_PASSWORD)
                page.get_by_role("button", name="Logga in").click()
                page.wait_for_url(f"**/{m}/uppdrag/")
                # On a phone the menu folds behind "Meny"; opened, Min sida is its first item.
                menu = page.get_by_role("navigation", name="Huvudmeny")
                menu.locator("summary").click()
                mine = menu.get_by_role("link", name="Min sida")
                assert menu.locator("li a").first.inner_text() == "Min sida"
                box = mine.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
        finally:
            context.close()
