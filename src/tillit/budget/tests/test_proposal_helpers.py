"""The proposal form for KF's secretary (review P4-31): it opens on the first year without an
adopted budget, warns when the chosen year is adopted, starts with three rows, and sums the
typed changes per organ with the new frame (without JavaScript: "Visa summor per organ"); Min
sida links "Nytt budgetförslag" for those who may register one."""

from __future__ import annotations

import re

import pytest

from tillit.budget.models import Budget, BudgetStatus
from tillit.core.web import today

from .test_services import _previous

pytestmark = pytest.mark.django_db

URL = "/testkommun/budget/nytt/"


def _adopted(tk, year: int) -> Budget:
    return Budget.objects.create(
        municipality=tk.municipality,
        year=year,
        title=f"Mål och budget {year}",
        proposed_by="S",
        status=BudgetStatus.ADOPTED,
    )


def _year_value(html: str) -> str:
    return re.search(r'name="year" id="id_year"[^>]*value="([^"]*)"', html).group(1)


def test_form_opens_on_the_first_year_without_an_adopted_budget(client, testkommun):
    tk = testkommun
    client.force_login(tk.users["sekreterare-kf"])
    next_year = today().year + 1
    html = client.get(URL).content.decode()
    assert _year_value(html) == str(next_year)
    assert 'id="year-adopted"' not in html
    _adopted(tk, next_year)
    _adopted(tk, next_year + 1)
    html = client.get(URL).content.decode()
    assert _year_value(html) == str(next_year + 2)
    assert 'id="year-adopted"' not in html


def test_warns_when_the_chosen_year_is_adopted(client, testkommun):
    tk = testkommun
    _adopted(tk, 2027)
    client.force_login(tk.users["sekreterare-kf"])
    html = client.get(URL + "?ar=2027").content.decode()
    assert 'id="year-adopted"' in html
    assert "Kommunfullmäktige har redan antagit budgeten för 2027" in html
    assert 'id="year-adopted"' not in client.get(URL + "?ar=2028").content.decode()


def test_starts_with_three_rows(client, testkommun):
    client.force_login(testkommun.users["sekreterare-kf"])
    html = client.get(URL + "?ar=2027").content.decode()
    assert 'id="c2-body"' in html and 'id="c3-body"' not in html


def test_sums_per_organ_and_new_frame_without_saving(client, testkommun):
    tk = testkommun
    _previous(tk)  # 2026: BUN 500 + 10, SN 400, KS 200 (mnkr)
    client.force_login(tk.users["sekreterare-kf"])
    data = {
        "rows": "3",
        "year": "2027",
        "title": "Mål och budget 2027",
        "proposed_by": "V",
        "c0-body": "bun",
        "c0-kind": "index",
        "c0-amount": "15 000 000",
        "c1-body": "bun",
        "c1-kind": "unlinked",
        "c1-amount": "3000000",
        "c2-body": "sn",
        "c2-kind": "efficiency",
        "c2-amount": "\u22124 000 000",
        "action": "sum",
    }
    before = Budget.objects.count()
    r = client.post(URL, data)
    assert r.status_code == 200
    assert Budget.objects.count() == before  # nothing stored
    html = r.content.decode()
    table = html.split('id="summor"', 1)[1].split("</table>", 1)[0]
    bun = table.split("Barn- och utbildningsnämnden", 1)[1].split("</tr>", 1)[0]
    assert "510,0\u00a0mnkr" in bun and "18,0\u00a0mnkr" in bun and "528,0\u00a0mnkr" in bun
    sn = table.split("Socialnämnden", 1)[1].split("</tr>", 1)[0]
    assert "\u22124,0\u00a0mnkr" in sn and "396,0\u00a0mnkr" in sn
    total = table.split("Totalt", 1)[1]
    assert "14,0\u00a0mnkr" in total and "924,0\u00a0mnkr" in total
    # What was typed is kept.
    assert 'value="15 000 000"' in html
    # A plain GET shows no sums (nothing typed yet).
    assert 'id="summor"' not in client.get(URL + "?ar=2027").content.decode()


def test_min_sida_links_a_new_proposal_for_kfs_secretary_only(client, testkommun):
    tk = testkommun
    client.force_login(tk.users["sekreterare-kf"])
    assert 'href="/testkommun/budget/nytt/"' in client.get("/testkommun/min-sida/").content.decode()
    client.force_login(tk.users["sekreterare-ks"])
    html = client.get("/testkommun/min-sida/").content.decode()
    assert 'href="/testkommun/budget/nytt/"' not in html
