"""Budget pages: public comparison, the proposal form (errors beside the rows, nothing stored),
adoption through the page, permissions."""

from __future__ import annotations

import pytest

from tillit.budget.models import Budget, BudgetStatus
from tillit.economy.models import Frame

from .test_services import M, _previous, _propose

pytestmark = pytest.mark.django_db


def _login(client, tk, username="sekreterare-kf"):
    client.force_login(tk.users[username])


def test_comparison_page_is_public_and_shows_both_proposals(client, testkommun):
    tk = testkommun
    _previous(tk)
    _propose(tk)
    _propose(tk, [{"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": 20 * M}]}], "M")
    r = client.get("/testkommun/budget/?ar=2027")
    assert r.status_code == 200
    html = r.content.decode()
    assert "S+C" in html and ">M<" in html
    assert "534,0\u00a0mnkr" in html and "530,0\u00a0mnkr" in html  # BUN: S+C, M
    assert "Fler elever behöriga till gymnasiet" in html  # what the new assignment is
    assert "Plan 2028" in html and "540,0\u00a0mnkr" in html
    assert "Registrera budgetförslag" not in html  # not signed in


def test_enter_a_proposal_through_the_form(client, testkommun):
    tk = testkommun
    _previous(tk)
    _login(client, tk)
    assert client.get("/testkommun/budget/nytt/?ar=2027").status_code == 200
    data = {
        "rows": "3",
        "year": "2027",
        "title": "Mål och budget 2027",
        "proposed_by": "V",
        "c0-body": "bun",
        "c0-kind": "index",
        "c0-amount": "15 000 000",
        "c0-note": "2,9 %",
        "c1-body": "bun",
        "c1-kind": "assignment",
        "c1-amount": "3000000",
        "c1-new_title": "Simskola för alla",
        "c1-new_what": "Alla elever kan simma i åk 4.",
        "c2-body": "bun",
        "c2-kind": "efficiency",
        "c2-amount": "4000000",  # positive: refused
        "plan-bun-1": "530000000",
        "mission-bun-what": "Alla elever når kunskapsmålen.",
        "mission-bun-code": "N15428",
        "mission-bun-title": "Behöriga till yrkesprogram",
        "mission-bun-target": "79,5",
    }
    r = client.post("/testkommun/budget/nytt/", data)
    assert r.status_code == 400
    html = r.content.decode()
    assert "negativt tal" in html and "Inget har sparats" in html
    assert 'value="Simskola för alla"' in html  # what was typed stays
    assert Budget.objects.count() == 0
    data["c2-amount"] = "-4000000"
    r = client.post("/testkommun/budget/nytt/", data)
    assert r.status_code == 302
    budget = Budget.objects.get()
    line = budget.lines.get(body=tk.bun)
    assert line.plan_1 == 530 * M and line.changes.count() == 3
    assert line.changes.get(kind="assignment").new_assignment["recipients"] == ["bun"]
    assert line.mission["what"] == "Alla elever når kunskapsmålen."
    assert line.mission["indicators"][0]["code"] == "N15428"
    assert line.mission["indicators"][0]["target"] == "79.50"


def test_adopt_through_the_page(client, testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    url = f"/testkommun/budget/{budget.pk}/anta/"
    _login(client, tk, "sekreterare-bun")
    assert client.post(url, {"meeting_date": "2026-11-23", "paragraph": "17"}).status_code == 403
    _login(client, tk)
    r = client.post(url, {"meeting_date": "2028-01-10", "paragraph": "17"})
    assert r.status_code == 400 and "31 december 2027" in r.content.decode()
    r = client.post(url, {"meeting_date": "2026-11-23", "paragraph": "17"})
    assert r.status_code == 302
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ADOPTED
    assert Frame.objects.filter(year=2027).count() == 3  # BUN, SN and KS (left out, unchanged)
    r = client.post(url, {"meeting_date": "2026-11-24", "paragraph": "18"})
    assert r.status_code == 400 and "redan antagen" in r.content.decode()
    html = client.get("/testkommun/budget/?ar=2027").content.decode()
    assert "KF 2026 § 17" in html
    assert "Mål och budget 2027 (Word)</button>" in html  # signed in: says what it downloads


def test_form_needs_a_login_and_the_right(client, testkommun):
    assert client.get("/testkommun/budget/nytt/").status_code == 302
    _login(client, testkommun, "sekreterare-bun")
    assert client.get("/testkommun/budget/nytt/").status_code == 403


def test_a_body_a_proposal_leaves_out_keeps_its_frame_and_counts(client, testkommun):
    """Previous frames: BUN 510, SN 400, KS 200. M changes BUN only and gives KS a small
    index; SN keeps 400 and KS its 200 plus 23 000 kr in M's total."""
    tk = testkommun
    _previous(tk)
    _propose(tk)  # S+C: BUN 534, SN 414 (+11 index, +3 technical from BUN); KS not mentioned
    _propose(
        tk,
        [
            {"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": 20 * M}]},
            {"body": "ks", "changes": [{"kind": "index", "amount_sek": 23_000}]},
        ],
        "M",
    )
    html = client.get("/testkommun/budget/?ar=2027").content.decode()
    table = html[html.index('id="jamforelse"') : html.index("</table>", html.index("jamforelse"))]
    sn = table[table.index(tk.sn.name) :]
    sn = sn[: sn.index("</tr>")]
    assert "400,0\u00a0mnkr" in sn and "oförändrad" in sn  # M leaves SN out
    assert "–" not in sn
    ks = table[table.index(tk.ks.name) :]
    ks = ks[: ks.index("</tr>")]
    assert "200,0\u00a0mnkr" in ks and "oförändrad" in ks  # S+C leaves KS out
    # M's small index: signed, in mnkr like the frame beside it, never in brackets (P3-20).
    assert "+0,023\u00a0mnkr" in ks and "tkr" not in ks and "(" not in ks
    bun = table[table.index(tk.bun.name) :]
    assert "+24,0\u00a0mnkr" in bun[: bun.index("</tr>")]  # 510 -> 534
    totals = table[table.index("<tfoot>") :]
    # previous 1110; S+C 534 + 414 + 200 = 1148; M 530 + 400 + 200,023 = 1130,0
    assert "1\u00a0110,0\u00a0mnkr" in totals
    assert "1\u00a0148,0\u00a0mnkr" in totals and "1\u00a0130,0\u00a0mnkr" in totals
    cards = html[: html.index('id="jamforelse"')]
    assert "1\u00a0130,0\u00a0mnkr" in cards  # "Summa ramar" of M's card


def test_more_rows_keeps_what_was_typed_and_type_must_be_chosen(client, testkommun):
    tk = testkommun
    _previous(tk)
    _login(client, tk)
    html = client.get("/testkommun/budget/nytt/?ar=2027").content.decode()
    assert 'value="">– välj –</option>' in html  # no type chosen in advance
    data = {
        "rows": "2",
        "year": "2027",
        "title": "Mål och budget 2027",
        "proposed_by": "V",
        "c0-body": "bun",
        "c0-kind": "index",
        "c0-amount": "15 000 000",
        "c1-body": "sn",
        "c1-amount": "2000000",
        "c1-note": "Hemtjänst",
        "action": "add",
    }
    r = client.post("/testkommun/budget/nytt/", data)
    assert r.status_code == 200 and Budget.objects.count() == 0
    html = r.content.decode()
    assert 'value="15 000 000"' in html and 'value="Hemtjänst"' in html
    assert 'id="c2-body"' in html and 'id="c3-body"' not in html  # one more row
    assert 'name="rows" value="3"' in html
    # the second row has no type: refused beside it, in Swedish, nothing stored
    data.update(rows="3", action="save")
    r = client.post("/testkommun/budget/nytt/", data)
    assert r.status_code == 400 and Budget.objects.count() == 0
    html = r.content.decode()
    assert "Välj typ för förändringen." in html and 'value="Hemtjänst"' in html
    data["c1-kind"] = "unlinked"
    assert client.post("/testkommun/budget/nytt/", data).status_code == 302
    assert Budget.objects.get().lines.count() == 2


def _form_of(html: str) -> dict:
    """The form's fields as a browser would post them (inputs, selected options, textareas)."""
    import re
    from html import unescape

    data = {}
    for tag in re.findall(r"<input [^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            data[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(
        r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        data[name] = unescape(body)
    return data


def test_amend_a_proposal_through_the_form(client, testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    url = f"/testkommun/budget/{budget.pk}/andra/"
    _login(client, tk, "sekreterare-bun")
    assert client.get(url).status_code == 403
    _login(client, tk)
    html = client.get(url).content.decode()
    assert 'value="Fler elever behöriga till gymnasiet"' in html  # filled in from the proposal
    data = _form_of(html)
    assert data["c2-kind"] == "index" and data["c2-amount"] == str(15 * M)
    assert data["mission-bun-code"] == "N15428"
    data["c2-amount"] = str(16 * M)
    data["c4-amount"] = "4000000"  # efficiency made positive: refused, nothing stored
    r = client.post(url, {**data, "action": "save"})
    assert r.status_code == 400 and "negativt tal" in r.content.decode()
    assert not budget.revisions.exists()
    data["c4-amount"] = str(-5 * M)
    r = client.post(url, {**data, "action": "save"})
    assert r.status_code == 302, r.content.decode()[:2000]
    revision = budget.revisions.get()
    assert revision.summary_lines == [
        "Barn- och utbildningsnämnden: ram 534\u00a0000\u00a0000\u00a0kr → "
        "535\u00a0000\u00a0000\u00a0kr, tillagt: Pris- och löneuppräkning "
        "16\u00a0000\u00a0000\u00a0kr (2,9 %), borttaget: Pris- och löneuppräkning "
        "15\u00a0000\u00a0000\u00a0kr (2,9 %)."
    ]
    # what the form has no fields for stayed: the new assignment's deadline, the indicator's unit
    line = budget.lines.get(body=tk.bun)
    new = line.changes.get(kind="assignment", note="Läxhjälp").new_assignment
    assert new["deadline"] == "2029-06-30"
    assert line.mission["indicators"][0]["unit"] == "%"
    index = client.get("/testkommun/budget/?ar=2027").content.decode()
    assert "Historik: 1 ändring" in index and "16\u00a0000\u00a0000\u00a0kr" in index


def test_adopt_with_amendments_through_the_page(client, testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk, [{"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": M}]}])
    _login(client, tk)
    adopt_page = client.get(f"/testkommun/budget/{budget.pk}/anta/").content.decode()
    assert "behåller sin föregående ram" in adopt_page
    assert "Socialnämnden: 400,0\u00a0mnkr" in adopt_page and "Kommunstyrelsen" in adopt_page
    url = f"/testkommun/budget/{budget.pk}/andra/?anta=1"
    data = _form_of(client.get(url).content.decode())
    data.update({"c0-amount": str(2 * M), "meeting_date": "2026-11-23", "paragraph": "x"})
    r = client.post(url, {**data, "action": "adopt"})
    assert r.status_code == 400 and "paragrafnumret" in r.content.decode()
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.PROPOSAL and not budget.revisions.exists()
    data["paragraph"] = "17"
    r = client.post(url, {**data, "action": "adopt"})
    assert r.status_code == 302
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ADOPTED and budget.revisions.get().at_adoption
    assert Frame.objects.get(body=tk.sn, year=2027).amount == 400 * M
    assert "med ändringar" in budget.decision.text
    # adopted: locked
    r = client.get(f"/testkommun/budget/{budget.pk}/andra/", follow=True)
    assert "kan inte ändras" in r.content.decode()
    index = client.get("/testkommun/budget/?ar=2027").content.decode()
    assert "Fullmäktiges ändring vid antagandet" in index


def test_a_small_frame_change_is_not_shown_as_nothing_on_the_economy_page(client, testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(
        tk, [{"body": "sn", "changes": [{"kind": "index", "amount_sek": 23000, "note": "2,9 %"}]}]
    )
    from datetime import date

    from tillit.budget import services

    services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
    )
    html = client.get("/testkommun/ekonomi/organ/sn/?ar=2027").content.decode()
    # "Ramförändringar utan kopplat uppdrag, per år": the year's changes total 23 tkr
    assert '<th scope="row">2027</th><td>23\u00a0tkr</td><td>0,0\u00a0mnkr</td>' in html


def test_adding_a_row_opens_the_page_at_the_new_row(client, testkommun):
    tk = testkommun
    _login(client, tk)
    data = {"rows": "2", "year": "2027", "title": "T", "proposed_by": "V", "action": "add"}
    data.update({"c0-body": "bun", "c0-kind": "index", "c0-amount": "5", "c0-note": "2 %"})
    html = client.post("/testkommun/budget/nytt/", data).content.decode()
    assert 'id="rad-2"' in html  # the third row is new
    assert 'id="c2-body" autofocus' in html and 'id="c0-body" autofocus' not in html
    assert 'formaction="#rad-3"' in html  # the next "Lägg till en rad" lands on row four
    assert 'value="2 %"' in html  # what was typed is kept
    assert Budget.objects.count() == 0


def test_a_grunduppdrag_with_two_indicators_through_the_form(client, testkommun):
    """ "Lägg till en indikator" adds an indicator row for the organ, keeping what was typed and
    storing nothing; saving stores both indicators; the amend form shows both again."""
    tk = testkommun
    _previous(tk)
    _login(client, tk)
    html = client.get("/testkommun/budget/nytt/?ar=2027").content.decode()
    assert 'name="mission-bun-indicators" value="1"' in html
    assert 'id="mission-bun-code-1"' not in html
    data = {
        "rows": "1",
        "year": "2027",
        "title": "Mål och budget 2027",
        "proposed_by": "V",
        "c0-body": "bun",
        "c0-kind": "index",
        "c0-amount": "15000000",
        "c0-note": "2,9 %",
        "mission-bun-indicators": "1",
        "mission-bun-what": "Alla elever når kunskapsmålen.",
        "mission-bun-code": "N15428",
        "mission-bun-title": "Behöriga till yrkesprogram",
        "mission-bun-target": "79,5",
        "action": "indicator-bun",
    }
    r = client.post("/testkommun/budget/nytt/", data)
    assert r.status_code == 200 and Budget.objects.count() == 0
    html = r.content.decode()
    assert 'name="mission-bun-indicators" value="2"' in html
    assert 'id="mission-bun-code-1" value="" maxlength="20" autofocus' in html
    assert 'value="N15428"' in html and 'value="Behöriga till yrkesprogram"' in html
    assert 'value="15000000"' in html  # the change rows are kept too
    assert 'formaction="#ind-bun-2"' in html  # without script: the page opens at the new row
    assert 'name="mission-sn-indicators" value="1"' in html  # other organs unchanged
    data.update(
        {
            "mission-bun-indicators": "2",
            "mission-bun-code-1": "N15505",
            "mission-bun-title-1": "Elever i åk 9 med godkänt i alla ämnen",
            "mission-bun-target-1": "82",
            "action": "save",
        }
    )
    r = client.post("/testkommun/budget/nytt/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    budget = Budget.objects.get()
    indicators = budget.lines.get(body=tk.bun).mission["indicators"]
    assert [(i["code"], i["target"]) for i in indicators] == [
        ("N15428", "79.50"),
        ("N15505", "82.00"),
    ]
    form = _form_of(client.get(f"/testkommun/budget/{budget.pk}/andra/").content.decode())
    assert form["mission-bun-indicators"] == "2"
    assert form["mission-bun-code-1"] == "N15505" and form["mission-bun-target"] == "79.50"


def test_an_indicator_row_with_a_bad_target_is_refused_and_kept(client, testkommun):
    tk = testkommun
    _previous(tk)
    _login(client, tk)
    data = {
        "rows": "1",
        "year": "2027",
        "title": "T",
        "proposed_by": "V",
        "mission-bun-indicators": "2",
        "mission-bun-what": "Alla elever når kunskapsmålen.",
        "mission-bun-code": "N15428",
        "mission-bun-title": "Behöriga",
        "mission-bun-target": "79",
        "mission-bun-code-1": "N15505",
        "mission-bun-title-1": "Godkända",
        "mission-bun-target-1": "många",
        "action": "save",
    }
    r = client.post("/testkommun/budget/nytt/", data)
    assert r.status_code == 400 and Budget.objects.count() == 0
    html = r.content.decode()
    assert "Inget har sparats" in html and 'value="många"' in html
    assert "Ange målvärdet som ett tal." in html
