"""Registrera ett sammanträde in the browser's terms: pages, bad input (Swedish, 400, nothing
stored, never 500), the chain refusal and its confirmation, justering and the lock; the API."""

import re
from datetime import date

import pytest

from tillit.accounts.services import api_token_create
from tillit.decisions.models import Decision, Meeting
from tillit.minutes.models import DraftParagraph, MeetingDraft

BASE = "/testkommun/protokoll/sammantraden/"


def start(client, day="2026-03-10", body="ks"):
    return client.post(BASE, {"body": body, "meeting_date": day})


def paragraph(**fields):
    data = {
        "kind": "assignment",
        "action": "save",
        "paragraph": "1",
        "title": "Uppdrag om fakturor",
        "text": "Kommunstyrelsen beslutar att ge uppdraget.",
        "assignment_title": "Kortare handläggning",
        "what": "Fakturor betalas inom 30 dagar.",
        "recipients": ["kommundirektor"],
        "deadline": "2026-12-31",
    }
    data.update(fields)
    return data


@pytest.fixture
def secretary(login):
    return login("sekreterare-ks")


def _draft():
    return MeetingDraft.objects.get()


def test_start_page_and_rights(login):
    page = login("sekreterare-ks").get(BASE)
    assert page.status_code == 200
    assert "Registrera ett sammanträde" in page.content.decode()
    refused = login("lasare").get(BASE)
    assert refused.status_code == 403
    assert "Det gör organets sekreterare" in refused.content.decode()


def test_bad_start_is_a_swedish_error_and_stores_nothing(secretary):
    for data, message in (
        ({"body": "ks", "meeting_date": "10/3"}, "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({"body": "ks", "meeting_date": "2099-01-01"}, "när det har hållits"),
        ({"body": "nope", "meeting_date": "2026-03-10"}, "Välj ett av alternativen"),
    ):
        response = secretary.post(BASE, data)
        assert response.status_code == 400, data
        assert message in response.content.decode()
        assert 'id="error-summary"' in response.content.decode()
    assert not MeetingDraft.objects.exists()


def test_paragraphs_in_order_with_the_searchable_recipient_list(secretary):
    response = start(secretary)
    assert response.status_code == 302
    meeting_url = response["Location"]
    page = secretary.get(meeting_url).content.decode()
    assert "Ej justerat" in page and "Första paragrafen (§\xa01)" not in page
    assert "Första paragrafen (§ 1)" in page

    chooser = secretary.get(meeting_url + "paragraf/ny/")
    assert 'type="radio"' in chooser.content.decode() and 'name="typ"' in chooser.content.decode()
    assert "nästa lediga nummer för Kommunstyrelsen 2026: § 1." in chooser.content.decode()
    bad = secretary.get(meeting_url + "paragraf/ny/?typ=bogus")
    assert bad.status_code == 400 and "Välj vad paragrafen gäller." in bad.content.decode()

    form = secretary.get(meeting_url + "paragraf/ny/?typ=assignment").content.decode()
    assert re.search(r'name="paragraph"[^>]*value="1"', form)
    assert "<select multiple" not in form and 'name="recipients"' in form
    assert re.search(r'type="checkbox" name="recipients" value="kommundirektor"', form)
    assert "data-tl-picker-filter" in form  # the searchable list (core.widgets)
    assert "Rätt väg i beslutskedjan för Kommunstyrelsen" in form

    saved = secretary.post(meeting_url + "paragraf/ny/", paragraph(action="next"))
    assert saved.status_code == 302 and saved["Location"].endswith("/paragraf/ny/")
    noted = secretary.post(
        meeting_url + "paragraf/ny/",
        {"kind": "noted", "paragraph": "2", "title": "Anmälningar", "action": "save"},
    )
    assert noted.status_code == 302
    page = secretary.get(meeting_url).content.decode()
    assert "Nästa paragraf (§ 3)" in page
    assert [p.number for p in DraftParagraph.objects.order_by("number")] == [1, 2]
    assert not Decision.objects.filter(year=2026).exists()


def test_bad_paragraph_input_is_400_in_swedish_never_500(secretary):
    meeting_url = start(secretary)["Location"]
    url = meeting_url + "paragraf/ny/"
    for data, message in (
        (paragraph(paragraph="abc"), "Paragrafnumret måste vara ett heltal."),
        (paragraph(deadline="31/12"), "Skriv datumet som ÅÅÅÅ-MM-DD"),
        (paragraph(title=""), "Ange beslutets rubrik."),
        (paragraph(what=""), "Beskriv vad uppdraget ska åstadkomma"),
        (paragraph(recipients=["finns-inte"]), "Välj ett av alternativen"),
        (paragraph(paragraph="12", followups="snart"), "är inget datum"),
        ({"kind": "report_decision", "paragraph": "1", "title": "R"}, "Välj rapporten"),
        ({"kind": "delegation_report", "paragraph": "1", "title": "D"}, "delegationsbeslut"),
        ({"kind": "frame_change", "paragraph": "1", "title": "F"}, "Välj organet vars ram ändras."),
    ):
        response = secretary.post(url, data)
        assert response.status_code == 400, (data, response.status_code)
        body = response.content.decode()
        assert message in body, (message, data)
        assert "Inget har sparats" in body
    assert not DraftParagraph.objects.exists()


def test_chain_refusal_then_beslutet_fattades_sa(secretary):
    meeting_url = start(secretary)["Location"]
    url = meeting_url + "paragraf/ny/"
    wrong = paragraph(recipients=["enhet-gata-park"])
    refused = secretary.post(url, wrong)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Uppdraget ska ges till kommundirektören" in body
    assert "Beslutet fattades så – spara paragrafen" in body
    assert not DraftParagraph.objects.exists()
    confirmed = secretary.post(url, {**wrong, "accept_deviation": "1"})
    assert confirmed.status_code == 302
    assert DraftParagraph.objects.get().data["accept_deviation"] is True


def test_followup_dates_are_stored_and_shown_again_on_one_line(secretary):
    """The § form shares the decision form's assignment fields (decisions.forms
    AssignmentFieldsForm) but keeps follow-ups on one line and stores them as ISO dates."""
    meeting_url = start(secretary)["Location"]
    form = secretary.get(meeting_url + "paragraf/ny/?typ=assignment").content.decode()
    assert re.search(r'<input type="text" name="followups"', form)
    assert "åtskilda med komma." in form
    saved = secretary.post(
        meeting_url + "paragraf/ny/", paragraph(followups="2026-06-30; 2026-09-30")
    )
    assert saved.status_code == 302
    draft = DraftParagraph.objects.get()
    assert draft.data["assignment"]["followups"] == ["2026-06-30", "2026-09-30"]
    edit = secretary.get(f"{meeting_url}paragraf/{draft.pk}/").content.decode()
    assert 'value="2026-06-30, 2026-09-30"' in edit


def test_justering_locks_the_meeting(secretary, testkommun):
    meeting_url = start(secretary)["Location"]
    secretary.post(meeting_url + "paragraf/ny/", paragraph())
    bad = secretary.post(
        meeting_url, {"action": "approve", "approved_on": "2026-03-01", "adjusters": "Ordf."}
    )
    assert bad.status_code == 400 and "före sammanträdet" in bad.content.decode()
    assert not Meeting.objects.filter(body=testkommun.ks, date=date(2026, 3, 10)).exists()

    done = secretary.post(
        meeting_url,
        {
            "action": "approve",
            "approved_on": "2026-03-17",
            "adjusters": "Ordföranden och en ledamot",
        },
    )
    assert done.status_code == 302
    page = secretary.get(meeting_url).content.decode()
    assert "Justerat och låst" in page and "Ordföranden och en ledamot" in page
    assert "Nästa paragraf" not in page and "Ta bort §" not in page
    decision = Decision.objects.get(body=testkommun.ks, year=2026)
    assert decision.approved_on == date(2026, 3, 17)

    # Locked: no new §, no change, no removal — a clear message, never a 500.
    assert secretary.get(meeting_url + "paragraf/ny/?typ=noted").status_code == 302
    p = DraftParagraph.objects.get()
    refused = secretary.post(meeting_url, {"action": "delete", "paragraph": p.pk})
    assert refused.status_code == 409 and "låst" in refused.content.decode()
    assert DraftParagraph.objects.filter(pk=p.pk).exists()
    # The decision form refuses the locked meeting too (the same service).
    form = secretary.post(
        "/testkommun/beslut/registrera/",
        {
            "action": "save",
            "body": "ks",
            "meeting_date": "2026-03-10",
            "paragraph": "9",
            "title": "Sent",
            "initiative": "administration",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert form.status_code in (400, 409) and "är justerat" in form.content.decode()
    assert Decision.objects.filter(body=testkommun.ks, year=2026).count() == 1


def test_other_municipalitys_or_missing_meeting_is_404(secretary):
    assert secretary.get(BASE + "999999/").status_code == 404
    assert secretary.get(BASE + "999999/paragraf/ny/").status_code == 404


def _api(client, user, url, payload):
    token = api_token_create(username=user)[1]
    return client.post(
        url, payload, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def test_api_approve_locks_and_a_new_paragraph_is_409(client, testkommun):
    meeting = testkommun.decision_ks.meeting
    url = f"/api/v1/meetings/{meeting.pk}/approve"
    assert (
        _api(client, "lasare", url, {"approved_on": "2023-03-20", "adjusters": "x"}).status_code
        == 403
    )
    bad = _api(client, "sekreterare-ks", url, {"approved_on": "2023-03-01", "adjusters": "Ordf."})
    assert bad.status_code == 422 and "före sammanträdet" in bad.json()["errors"]["approved_on"]
    ok = _api(client, "sekreterare-ks", url, {"approved_on": "2023-03-20", "adjusters": "Ordf."})
    assert ok.status_code == 200, ok.content
    assert ok.json()["locked"] is True and ok.json()["paragraphs"] == [12]
    again = _api(client, "sekreterare-ks", url, {"approved_on": "2023-03-20", "adjusters": "Ordf."})
    assert again.status_code == 409 and again.json()["code"] == "meeting_locked"
    added = _api(
        client,
        "sekreterare-ks",
        "/api/v1/decisions",
        {"body": "ks", "meeting_date": "2023-03-14", "paragraph": 13, "title": "Sent"},
    )
    assert added.status_code == 409, added.content
    assert added.json()["code"] == "meeting_locked" and "låst" in added.json()["detail"]
    assert not Decision.objects.filter(paragraph=13).exists()
    # The meeting's id is on every decision.
    shown = client.get(f"/api/v1/decisions/{testkommun.decision_ks.pk}")
    assert shown.json()["meeting_id"] == meeting.pk
    missing = _api(client, "sekreterare-ks", "/api/v1/meetings/999999/approve", ok.json())
    assert missing.status_code in (404, 422)


def test_min_sida_lists_meetings_to_register(secretary):
    assert "Registrera ett sammanträde" in secretary.get("/testkommun/min-sida/").content.decode()
    meeting_url = start(secretary)["Location"]
    page = secretary.get("/testkommun/min-sida/").content.decode()
    assert "Sammanträden att registrera" in page and f'href="{meeting_url}"' in page
    secretary.post(meeting_url + "paragraf/ny/", paragraph())
    secretary.post(
        meeting_url, {"action": "approve", "approved_on": "2026-03-17", "adjusters": "Ordf."}
    )
    assert (
        "Sammanträden att registrera" not in secretary.get("/testkommun/min-sida/").content.decode()
    )


def test_minutes_for_a_justerat_meeting_are_refused_plainly(client, testkommun):
    meeting = testkommun.decision_ks.meeting
    ok = _api(
        client,
        "sekreterare-ks",
        f"/api/v1/meetings/{meeting.pk}/approve",
        {"approved_on": "2023-03-20", "adjusters": "Ordf."},
    )
    assert ok.status_code == 200
    pushed = _api(
        client,
        "sekreterare-ks",
        "/api/v1/meetings",
        {
            "idempotency_key": "ks-2023-03-14",
            "body": "ks",
            "meeting_date": "2023-03-14",
            "paragraphs": [{"number": 13, "title": "Sent"}],
        },
    )
    assert pushed.status_code in (409, 422), pushed.content
    detail = pushed.json()["detail"]
    assert "§ 13" in detail and "är justerat" in detail and "låst" in detail
    assert not Decision.objects.filter(paragraph=13).exists()


def test_a_draft_paragraph_is_changed_and_removed(secretary):
    meeting_url = start(secretary)["Location"]
    secretary.post(meeting_url + "paragraf/ny/", paragraph())
    secretary.post(
        meeting_url + "paragraf/ny/",
        {"kind": "noted", "paragraph": "2", "title": "Anmälningar", "action": "save"},
    )
    first, second = DraftParagraph.objects.order_by("number")
    edit_url = f"{meeting_url}paragraf/{first.pk}/"
    form = secretary.get(edit_url).content.decode()
    assert 'value="Uppdrag om fakturor"' in form and "checked" in form
    clash = secretary.post(edit_url, paragraph(paragraph="2"))
    assert clash.status_code == 400
    assert "§ 2 finns redan i det här sammanträdet." in clash.content.decode()
    changed = secretary.post(edit_url, paragraph(title="Uppdrag om snabbare fakturor"))
    assert changed.status_code == 302
    first.refresh_from_db()
    assert first.title == "Uppdrag om snabbare fakturor" and first.kind == "assignment"
    removed = secretary.post(meeting_url, {"action": "delete", "paragraph": second.pk})
    assert removed.status_code == 302
    assert list(DraftParagraph.objects.values_list("number", flat=True)) == [1]
    gone = secretary.post(meeting_url, {"action": "discard"})
    assert gone.status_code == 302 and not MeetingDraft.objects.exists()
    assert not DraftParagraph.objects.exists()


def test_the_meeting_page_shows_paragraphs_registered_elsewhere(secretary):
    meeting_url = start(secretary, day="2023-03-14")["Location"]
    page = secretary.get(meeting_url).content.decode()
    assert "Registrerade tidigare i sammanträdet" in page and "Uppdrag om digitalisering" in page
    assert "Nästa paragraf (§ 13)" in page or "Första paragrafen (§ 13)" in page
