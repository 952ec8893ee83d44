"""Advice that helps (issue 17 item 5): whole names marked, completeness advice only where it
applies, live advice that follows the fields already filled in."""

import re

import pytest
from django.urls import reverse

from tillit.analysis.advice import advice_context, gives_assignment
from tillit.analysis.analyser import MISSING_LABELS, analyse
from tillit.analysis.render import marked_html, marked_text, widen_findings

NAMES = "Nämnden ger Gata/park i uppdrag att flytta träden från Stora torget till Lilla parken."
COMPLETENESS = "Ett bra uppdrag anger också"


def _finding(text, phrase):
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "phrase": phrase, "reason": "r"}


# --- names are not split -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flagged", "whole"),
    [
        (NAMES, "Gata", "Gata/park"),
        (NAMES, "park", "Gata/park"),
        (NAMES, "Stora", "Stora torget"),
        (NAMES, "torget", "Stora torget"),
        (NAMES, "Lilla", "Lilla parken"),
        ("Flytta bänkarna till Västra Hamnen i vår.", "Västra", "Västra Hamnen"),
        ("Belysningen vid Norra idrottsplatsen byts.", "Norra", "Norra idrottsplatsen"),
        ("Kultur/fritid ska ändra öppettiderna.", "fritid", "Kultur/fritid"),
    ],
)
def test_a_flagged_part_of_a_name_marks_the_whole_name(text, flagged, whole):
    assert marked_text(text, [_finding(text, flagged)]).count("»" + whole + "«") == 1
    [widened] = widen_findings(text, [_finding(text, flagged)])
    assert widened["phrase"] == whole


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Förvaltningen ska flytta träden i parken.", "flytta"),  # no name: nothing added
        ("Stora delar av parken ska röjas.", "röjas"),
        ("Nämnden Gata/park ska städa.", "Gata/park"),  # a sentence-initial word stays out
    ],
)
def test_widening_adds_nothing_outside_a_name(text, flagged):
    assert marked_text(text, [_finding(text, flagged)]) == text.replace(
        flagged, "»" + flagged + "«", 1
    )


def test_two_findings_in_one_name_become_one_mark():
    text = "Träden på Stora torget flyttas."
    findings = [_finding(text, "Stora"), _finding(text, "torget")]
    html = marked_html(text, findings)
    assert html.count("<mark") == 1 and ">Stora torget<sup" in html


def test_the_analysers_findings_are_shown_as_whole_names():
    """The real analyser on a text with names: no mark may start or end inside a name."""
    ctx = advice_context(NAMES, analyse(NAMES).to_dict())
    marks = re.findall(r'<mark class="tl-mark"[^>]*>(.*?)<sup', str(ctx["advice"]["marked"]))
    assert marks, "the text is expected to have findings"
    for phrase in marks + [f["phrase"] for f in ctx["advice"]["findings"]]:
        assert phrase not in ("Gata", "park", "Stora", "torget", "Lilla", "parken"), phrase


# --- completeness advice only where it applies -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Nämnden beslutade att lägga rapporten till handlingarna.",
        "Kommunstyrelsen godkänner redovisningen.",
        "Socialnämnden beslutar att notera informationen.",
        "Nämnden avslår medborgarförslaget.",
    ],
)
def test_a_decision_without_an_assignment_gets_no_completeness_advice(text):
    assert not gives_assignment(text)
    ctx = advice_context(text, analyse(text).to_dict(), assignment=None)
    assert ctx["advice"]["missing"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Kommunstyrelsen ger kommundirektören i uppdrag att minska sjukfrånvaron.",
        "Nämnden beslutar att förvaltningen ska utreda öppettiderna.",
        "Nämnden beslutar att bygga ut förskolan i Norrby.",
    ],
)
def test_a_decision_that_gives_a_task_keeps_its_completeness_advice(text):
    assert gives_assignment(text)
    ctx = advice_context(text, analyse(text).to_dict(), assignment=None)
    assert ctx["advice"]["missing"]


def test_parts_the_assignments_carry_are_not_asked_of_the_decision_text():
    text = "Kommunstyrelsen beslutar att ge kommundirektören uppdraget."
    analysis = analyse(text).to_dict()
    assert set(analysis["missing"]) == set(MISSING_LABELS)
    ctx = advice_context(text, analysis, carried={"deadline", "resources"})
    assert ctx["advice"]["missing"] == [MISSING_LABELS["result"], MISSING_LABELS["followup"]]


# --- views ---------------------------------------------------------------------------------------


def analyse_url():
    return reverse("decisions:analyse_text", args=["testkommun"])


def _row(index=0, **fields):
    return {f"assignments-{index}-{k}": v for k, v in fields.items()}


@pytest.mark.django_db
def test_live_view_marks_whole_names(login):
    html = login("sekreterare-ks").post(analyse_url(), {"target": "text", "text": NAMES})
    html = html.content.decode()
    marks = re.findall(r'<mark class="tl-mark"[^>]*>(.*?)(?:<sup|</mark>)', html)
    assert marks
    assert not {"Gata", "Stora", "Lilla"} & set(marks)
    assert "»" not in html


@pytest.mark.django_db
def test_live_view_decision_text_is_not_told_what_its_assignments_carry(login):
    client = login("sekreterare-ks")
    text = "Kommunstyrelsen beslutar att ge kommundirektören uppdraget."
    alone = client.post(analyse_url(), {"target": "text", "text": text}).content.decode()
    assert COMPLETENESS in alone  # gives a task, and nothing carries the parts yet
    data = {
        "target": "text",
        "text": text,
        "assignments-TOTAL_FORMS": "2",
        **_row(
            0, title="Fakturor", what="Handläggningstiden för fakturor ska minska med 20 procent."
        ),
        **_row(0, resources_sek="250 000", deadline="2026-09-30", followups="2026-05-01"),
        **_row(1, title="", what=""),  # an empty row is skipped
    }
    html = client.post(analyse_url(), data).content.decode()
    assert "tl-advice" in html
    assert COMPLETENESS not in html
    for label in MISSING_LABELS.values():
        assert label not in html


@pytest.mark.django_db
def test_live_view_asks_the_decision_only_for_what_no_assignment_carries(login):
    data = {
        "target": "text",
        "text": "Kommunstyrelsen beslutar att ge kommundirektören uppdraget.",
        "assignments-TOTAL_FORMS": "1",
        **_row(0, title="Fakturor", what="Effektivare fakturahantering.", deadline="2026-09-30"),
    }
    html = login("sekreterare-ks").post(analyse_url(), data).content.decode()
    assert COMPLETENESS in html
    assert MISSING_LABELS["resources"] in html
    assert MISSING_LABELS["deadline"] not in html


@pytest.mark.django_db
def test_live_view_no_completeness_advice_for_filing_a_report(login):
    text = "Nämnden beslutade att lägga rapporten till handlingarna."
    html = login("sekreterare-ks").post(analyse_url(), {"target": "text", "text": text})
    html = html.content.decode()
    assert "tl-advice" in html  # the analysis is still shown
    assert COMPLETENESS not in html


@pytest.mark.django_db
def test_live_view_row_advice_follows_the_fields_filled_in(login):
    client = login("sekreterare-ks")
    what = {"target": "0", **_row(0, what="Effektivare fakturahantering.")}
    before = client.post(analyse_url(), what).content.decode()
    assert MISSING_LABELS["resources"] in before
    after = client.post(analyse_url(), {**what, **_row(0, resources_sek="250 000")})
    assert MISSING_LABELS["resources"] not in after.content.decode()


@pytest.mark.django_db
def test_register_form_refreshes_the_advice_when_other_fields_change(login):
    html = login("sekreterare-ks").get(reverse("decisions:register", args=["testkommun"]))
    html = html.content.decode()
    # A row's advice listens to its whole fieldset (resources, deadline, follow-ups) ...
    assert 'hx-trigger="input delay:500ms from:#assignments-0, change from:#assignments-0"' in html
    # ... and the decision text's advice to the assignment rows, sending the whole form.
    assert "change from:#assignment-rows" in html and 'hx-include="closest form"' in html


@pytest.mark.django_db
def test_decision_detail_does_not_ask_for_parts_its_assignments_carry(client, testkommun):
    from tillit.analysis.tests.test_storage import register

    decision = register(
        testkommun, what="Handläggningstiden ska minska med 20 procent.", paragraph=78
    )
    assert decision.assignments.count() == 1
    html = client.get(reverse("decisions:detail", args=["testkommun", decision.pk]))
    html = html.content.decode()
    section = html.split("Analys av beslutstexten", 1)[1].split("Uppdrag som beslutet ger", 1)[0]
    assert "tl-advice" in section
    assert MISSING_LABELS["deadline"] not in section
    assert MISSING_LABELS["resources"] not in section
