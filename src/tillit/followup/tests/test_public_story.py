"""What a citizen reads about an assignment tells one story (issue 14 items 5 and 7): people by
name and office (never a login name), each entry dated when it happened, the feed dated by the
meeting or the submission, overdue assignments called overdue."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from tillit.followup import services
from tillit.organisation.models import Person


def _text(response) -> str:
    """The page's visible text: tags dropped (slugs in links are not what a reader sees)."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _timeline_items(response) -> list[str]:
    html = response.content.decode()
    timeline = html[html.index('id="tidslinje"') :]
    return timeline.split("<li data-kind=")[1:]


@pytest.fixture
def story(fu):
    """The KS assignment with a back-dated report (as the director) and a question answered."""
    director = Person.objects.get(municipality=fu.municipality, name="Kommundirektören (fiktiv)")
    director.user = fu.users["kommundirektor"]
    director.save()
    a = fu.assignment_ks
    report = services.report_file(
        actor=fu.users["kommundirektor"],
        assignment=a,
        period="2023-T1",
        submitted_on=date(2023, 5, 15),
        status="on_track",
        narrative="Två processer är digitaliserade.",
        resources_suffice=True,
    )
    question = services.question_ask(
        actor=fu.users["ledamot-ks"],
        assignment=a,
        text="Vilka processer är digitaliserade?",
        asked_on=date(2023, 5, 20),
    )
    services.question_answer(
        actor=fu.users["kommundirektor"],
        question=question,
        text="E-arkivet och fakturaflödet.",
        answered_on=date(2023, 5, 25),
    )
    fu.report = report
    return fu


@pytest.mark.django_db
def test_public_pages_name_people_by_name_and_office_never_by_login(client, story):
    slug = story.municipality.slug
    page = client.get(reverse("assignments:detail", args=[slug, story.assignment_ks.pk]))
    report = client.get(reverse("followup:report", args=[slug, story.report.pk]))
    assert page.status_code == report.status_code == 200
    director = "Kommundirektören (fiktiv) (Kommundirektör, Kommunledningsförvaltningen)"
    text = _text(page)
    assert f"av {director}" in text  # the report in the timeline
    assert f"Svar från {director}" in text
    # A member without a role of her own: her seat in the body, from her membership.
    assert "Fråga från Ledamot KS (fiktiv) (Ledamot, Kommunstyrelsen)" in text
    # A secretary with no person linked: the role and its body, not the login name.
    assert "av Sekreterare, Kommunstyrelsen" in text
    assert f"av {director}" in _text(report)
    for login in ("kommundirektor", "ledamot-ks", "sekreterare-ks", "sekreterare-kf"):
        for body in (text, _text(report)):
            assert not re.search(rf"(?<![\w-]){login}(?![\w-])", body), login


@pytest.mark.django_db
def test_timeline_is_dated_when_things_happened(client, story):
    today = timezone.localdate().isoformat()
    page = client.get(
        reverse("assignments:detail", args=[story.municipality.slug, story.assignment_ks.pk])
    )
    items = _timeline_items(page)
    issued = next(i for i in items if i.startswith('"issued"'))
    report = next(i for i in items if "Tertialrapport 1 2023 inlämnad" in i)
    question = next(i for i in items if i.startswith('"question"'))
    answer = next(i for i in items if i.startswith('"answer"'))
    started = next(i for i in items if "Pågår" in i and i.startswith('"status"'))
    # Dated by the meeting, not the day it was typed in.
    assert '<time class="tl-date" datetime="2023-03-14">' in issued
    assert '<time class="tl-date" datetime="2023-05-15">' in report
    assert '<time class="tl-date" datetime="2023-05-20">' in question
    assert '<time class="tl-date" datetime="2023-05-25">' in answer
    # Registered later than it happened: said so, by date. Registered the day it happened: the
    # one date is enough.
    assert f"registrerat {today}" in issued
    assert "registrerat" not in started
    assert f'<time class="tl-date" datetime="{today}">' in started


@pytest.mark.django_db
def test_feed_entries_are_dated_by_meeting_and_submission(client, story):
    response = client.get(reverse("portal:feed", args=[story.municipality.slug]))
    assert response.status_code == 200
    entries = response.content.decode().split("<entry>")[1:]
    decision = next(e for e in entries if story.decision_ks.title in e)
    report = next(e for e in entries if "Två processer är digitaliserade" in e)
    assert "<published>2023-03-14T12:00:00" in decision
    assert "<updated>2023-03-14T12:00:00" in decision
    assert "<updated>2023-05-15T" in report
    today = timezone.localdate().isoformat()
    assert not any(f"<updated>{today}" in e for e in entries)  # nothing here happened today


@pytest.mark.django_db
def test_overdue_assignments_are_called_overdue(client, fu):
    """The KS assignment is past its follow-ups and its deadline without a report."""
    slug = fu.municipality.slug
    listing = _text(client.get(reverse("assignments:list", args=[slug])))
    page = _text(client.get(reverse("assignments:detail", args=[slug, fu.assignment_ks.pk])))
    body = _text(client.get(reverse("organisation:body", args=[slug, fu.ks.slug])))
    for text in (listing, page, body):
        assert "Försenat" in text
        assert "Inaktuell" not in text and "inaktuell" not in text


def test_what_level_advice_shows_no_strength():
    """The score measures how-level wording: 0,00 beside "Vad-nivå" would read as a weak text."""
    advice = {"level": "what", "score": 0.0, "summary": "Ett resultat.", "findings": []}
    with translation.override("sv"):
        what = render_to_string("analysis/_advice.html", {"advice": SimpleNamespace(**advice)})
        how = render_to_string(
            "analysis/_advice.html",
            {"advice": SimpleNamespace(**{**advice, "level": "how", "score": 0.75})},
        )
    assert "Vad-nivå" in what and "styrka" not in what
    assert "Hur-nivå" in how and "styrka 0,75" in how


@pytest.mark.django_db
def test_report_form_shows_numbers_the_swedish_way(client, testkommun):
    """A new draft starts from the last report: its numbers as typed (21 100), not as stored
    (21100.00), and what is typed back is read as the same number."""
    a = testkommun.assignment_ks
    services.report_file(
        actor=testkommun.users["kommundirektor"],
        assignment=a,
        period="2023-T1",
        submitted_on=date(2023, 5, 15),
        status="risk",
        narrative="Lokalkostnaden är hög.",
        indicators=[{"name": "Kostnad per elev", "value": 21100, "unit": "kr", "target": 19000.5}],
        resources_suffice=False,
        resources_missing_sek=400000,
    )
    client.force_login(testkommun.users["kommundirektor"])
    url = reverse("followup:report_form", args=[testkommun.municipality.slug, a.pk, "2023-DR"])
    html = client.get(url).content.decode()
    assert 'value="21 100"' in html and 'value="19 000,5"' in html
    assert 'value="400 000"' in html
    assert "21100.00" not in html and "400000.00" not in html
