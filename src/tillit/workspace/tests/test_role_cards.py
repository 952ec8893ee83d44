"""Min sida's role cards (issue 14 item 1): the politician's next meetings and what waits for
them, the chief's forecasts and verksamhetsplan, the secretary's minutes to register and the
administrator's operations panel — each with real data built through the services, and a
query count that does not grow with the rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tillit.accounts.services import role_grant
from tillit.core.testing import TEST_PASSWORD
from tillit.economy import services as economy
from tillit.economy.models import BatchKind, ImportBatch
from tillit.economy.tests.factories import kf_decision
from tillit.followup import services as followup
from tillit.followup.models import YearEvent, YearEventKind
from tillit.jobs.models import Job, JobStatus
from tillit.minutes.services import protocol_store
from tillit.organisation.models import Person

pytestmark = pytest.mark.django_db

URL = "/testkommun/min-sida/"
# Min sida depends on the day (the årshjul's next dates, open periods); a fixed one keeps
# the page, and its query count, fixed. The test municipality's decisions are from 2023.
DAY = date(2023, 10, 2)


@pytest.fixture
def day(monkeypatch):
    monkeypatch.setattr("tillit.workspace.views.today", lambda: DAY)
    return DAY


@pytest.fixture
def ks_member(testkommun):
    user = get_user_model().objects.create_user(username="ledamot-ks", password=TEST_PASSWORD)
    person = Person.objects.get(municipality=testkommun.municipality, name="Ledamot KS (fiktiv)")
    person.user = user
    person.save()
    role_grant(
        user=user, municipality=testkommun.municipality, kind="politician", body=testkommun.ks
    )
    return user


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, anchor: str) -> str:
    """The text of one card, from its id to the end of its section."""
    assert f'id="{anchor}"' in html, anchor
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def _report(tk):
    return followup.report_file(
        actor=tk.users["kommundirektor"],
        assignment=tk.assignment_ks,
        period="2023-DR",
        status="on_track",
        narrative="Tre processer är automatiserade.",
        resources_suffice=True,
    )


# --- politician --------------------------------------------------------------------------------


def test_politician_sees_the_next_meetings_of_her_bodies_from_the_default_arshjul(
    client, testkommun, ks_member, day
):
    """No årshjul of its own: the Swedish defaults; KS's next two dates after 2 October 2023,
    not KF's (she does not sit in KF), with the reports and questions waiting for KS."""
    tk = testkommun
    _report(tk)
    followup.question_ask(actor=ks_member, assignment=tk.assignment_ks, text="Hur går det?")
    card = _section(_page(client, ks_member), "kommande-sammantraden")
    assert "Kommunstyrelsen" in card
    assert "2024-02-15: Budgetdirektiv till nämnderna" in card
    assert "2024-02-28: Årsredovisning för förra året i kommunstyrelsen" in card
    assert "Kommunfullmäktige behandlar delårsrapporten" not in card  # KF's, 2023-10-25
    assert "1 rapport väntar på beslut" in card and 'href="#h-decide"' in card
    assert "1 fråga från organet väntar på svar" in card
    assert "/testkommun/uppfoljning/arshjul/" in card


def test_politician_sees_the_municipalitys_own_arshjul_and_events_of_the_whole_municipality(
    client, testkommun, ks_member, day
):
    tk = testkommun
    m = tk.municipality
    YearEvent.objects.create(
        municipality=m, kind=YearEventKind.OTHER, title="Extra sammanträde om skolan",
        year=2023, month=10, day=20, body=tk.ks,
    )  # fmt: skip
    YearEvent.objects.create(
        municipality=m, kind=YearEventKind.BUDGET_DIALOGUE, title="Budgetdag för alla",
        month=11, day=5,
    )  # fmt: skip
    YearEvent.objects.create(
        municipality=m, kind=YearEventKind.OTHER, title="Socialnämndens dag",
        month=10, day=10, body=tk.sn,
    )  # fmt: skip
    YearEvent.objects.create(
        municipality=m, kind=YearEventKind.OTHER, title="Förra veckans möte",
        year=2023, month=9, day=25, body=tk.ks,
    )  # fmt: skip
    card = _section(_page(client, ks_member), "kommande-sammantraden")
    assert "2023-10-20: Extra sammanträde om skolan" in card
    # A yearly 5 November falls on a Sunday in 2023: shown on the Friday before.
    assert "2023-11-03: Budgetdag för alla" in card and "(hela kommunen)" in card
    assert "Socialnämndens dag" not in card  # another body's
    assert "Förra veckans möte" not in card  # past
    assert "Budgetdirektiv" not in card  # the municipality's own rows replace the defaults
    assert "väntar på beslut" not in card and "väntar på svar" not in card


def test_an_ongoing_span_in_the_arshjul_shows_until_when(client, testkommun, ks_member, day):
    YearEvent.objects.create(
        municipality=testkommun.municipality, kind=YearEventKind.BUDGET_DIALOGUE,
        title="Budgetdialog med nämnderna", month=9, day=20, end_month=10, end_day=15,
        body=testkommun.ks,
    )  # fmt: skip
    card = _section(_page(client, ks_member), "kommande-sammantraden")
    assert "2023-09-20: Budgetdialog med nämnderna" in card  # begun, not over on 2 October
    assert "till och med 2023-10-15" in card


def test_no_meetings_card_for_someone_who_sits_in_no_body(client, testkommun, day):
    html = _page(client, testkommun.users["kommundirektor"])
    assert 'id="kommande-sammantraden"' not in html


# --- chief -------------------------------------------------------------------------------------


def test_chief_sees_forecast_due_and_the_verksamhetsplan_of_the_body_she_answers_to(
    client, testkommun, day
):
    tk = testkommun
    chief = tk.users["kommundirektor"]  # the kommundirektör answers to KS
    economy.frame_set(
        actor=None, body=tk.ks, year=2023, amount=50_000_000, decision=kf_decision(tk)
    )
    card = _section(_page(client, chief), "prognoser")
    assert "Kommunstyrelsen" in card
    assert "ingen prognos rapporterad för 2023" in card and "Prognos att rapportera" in card
    assert "/testkommun/ekonomi/organ/ks/prognos/ny/" in card
    assert "/testkommun/budget/verksamhetsplan/ks/" in card
    assert "Barn- och utbildningsnämnden" not in card  # not her body

    economy.forecast_report(
        actor=chief, body=tk.ks, year=2023, as_of=date(2023, 9, 1), amount=51_000_000
    )
    card = _section(_page(client, chief), "prognoser")
    assert "senaste prognos per 2023-09-01: 51,0\u00a0mnkr" in card
    assert "Prognos att rapportera" not in card


def test_chief_without_economy_data_still_gets_the_links(client, testkommun, day):
    card = _section(_page(client, testkommun.users["kommundirektor"]), "prognoser")
    assert "inga ekonomiska uppgifter inlästa" in card
    assert "/testkommun/budget/verksamhetsplan/ks/" in card


def test_chief_sees_incoming_assignments_reports_due_and_questions(
    client, testkommun, ks_member, day
):
    """The chief's inbox sections on Min sida: the report for the open period and the question
    asked about her assignment."""
    tk = testkommun
    followup.question_ask(actor=ks_member, assignment=tk.assignment_ks, text="Vad kostar det?")
    html = _page(client, tk.users["kommundirektor"])
    assert "Frågor att besvara" in html and "Vad kostar det?" in html
    assert "Rapporter att lämna" in html and tk.assignment_ks.title in html


# --- secretary ---------------------------------------------------------------------------------


def test_secretary_sees_uploaded_minutes_not_yet_registered(client, testkommun, day):
    from tillit.minutes.tests.test_register import meeting

    tk = testkommun
    secretary = tk.users["sekreterare-ks"]
    protocol = protocol_store(
        actor=secretary,
        municipality=tk.municipality,
        meeting=meeting(),
        file_name="ks-protokoll.pdf",
    )
    card = _section(_page(client, secretary), "protokoll-att-registrera")
    assert "Kommunstyrelsen" in card and "ks-protokoll.pdf" in card
    assert f"/testkommun/protokoll/{protocol.pk}/" in card
    # Another body's secretary does not see KS's minutes.
    assert 'id="protokoll-att-registrera"' not in _page(client, tk.users["sekreterare-bun"])
    # Registered: no longer waiting.
    protocol.registered_at = timezone.now()
    protocol.registered_by = secretary
    protocol.save()
    assert 'id="protokoll-att-registrera"' not in _page(client, secretary)


# --- administrator -----------------------------------------------------------------------------


def test_admin_operations_panel(client, testkommun, day):
    tk = testkommun
    admin = tk.users["admin"]
    card = _section(_page(client, admin), "drift")
    assert "Inga jobb pågår och inget har misslyckats den senaste veckan." in card
    assert "Inget har lästs in ännu." in card
    # "lasare" has no role and sits in no body; the KS member logs in through her membership.
    assert "1 aktiv användare har ingen roll" in card and "lasare" in card

    now = timezone.now()
    Job.objects.create(
        municipality=tk.municipality, user=admin, kind="economy.import",
        title="Import av utfall 2023", status=JobStatus.FAILED, finished_at=now,
        error="Filen är inte en SIE-fil.",
    )  # fmt: skip
    Job.objects.create(
        municipality=tk.municipality, user=admin, kind="economy.import",
        title="Gammal import", status=JobStatus.FAILED, finished_at=now - timedelta(days=8),
    )  # fmt: skip
    Job.objects.create(
        municipality=tk.municipality, user=admin, kind="portal.kolada",
        title="Kolada-hämtning", status=JobStatus.QUEUED,
    )  # fmt: skip
    ImportBatch.objects.create(
        municipality=tk.municipality, kind=BatchKind.SIE, file_name="bokslut-2023.se",
        sha256="0" * 64, period_start=date(2023, 1, 1), period_end=date(2023, 8, 31),
        imported_by=tk.users["admin"],
    )  # fmt: skip
    card = _section(_page(client, admin), "drift")
    assert "Import av utfall 2023" in card and "Filen är inte en SIE-fil." in card
    assert "Misslyckades" in card and "I kö" in card and "Kolada-hämtning" in card
    assert "Gammal import" not in card  # failed more than a week ago
    assert "bokslut-2023.se" in card and "period 2023-01–2023-08" in card
    assert "/testkommun/jobb/" in card


def test_operations_panel_is_for_administrators_only(client, testkommun, day):
    for username in ("sekreterare-ks", "kommundirektor", "lasare"):
        assert 'id="drift"' not in _page(client, testkommun.users[username]), username


# --- query counts ------------------------------------------------------------------------------


def _more_rows(tk, ks_member, n: int, first: int) -> None:
    """n more of everything the cards list: questions from KS, uploaded minutes, failed jobs,
    imports, årshjul events and users without a role."""
    from tillit.minutes.tests.test_register import meeting

    for i in range(n):
        followup.question_ask(
            actor=ks_member, assignment=tk.assignment_ks, text=f"Fråga {first + i}"
        )
        protocol_store(
            actor=tk.users["sekreterare-ks"],
            municipality=tk.municipality,
            meeting=meeting(meeting_date=date(2023, 9, 1) + timedelta(days=first + i)),
            file_name=f"protokoll-{first + i}.pdf",
        )
        Job.objects.create(
            municipality=tk.municipality, user=tk.users["admin"], kind="x",
            title=f"Jobb {first + i}", status=JobStatus.FAILED, finished_at=timezone.now(),
        )  # fmt: skip
        ImportBatch.objects.create(
            municipality=tk.municipality, kind=BatchKind.SIE, file_name=f"fil-{first + i}.se",
            sha256="0" * 64, period_start=date(2023, 1, 1), period_end=date(2023, 8, 31),
            imported_by=tk.users["admin"],
        )  # fmt: skip
        YearEvent.objects.create(
            municipality=tk.municipality, kind=YearEventKind.OTHER, title=f"Möte {first + i}",
            year=2023, month=11, day=1 + (first + i) % 28, body=tk.ks,
        )  # fmt: skip
        get_user_model().objects.create_user(username=f"ny-{first + i}", password=TEST_PASSWORD)


@pytest.mark.parametrize(
    # The cards cost: politician +3 (the årshjul of two years, the body's open questions; +2
    # more with the default årshjul), chief +2 (her offices, their bodies), secretary +2 (the
    # minutes, the meetings being registered), admin +4 (jobs, imports, users without a role
    # and their count). +1 to +3 on a cold cache: the header's "Name (office)", kept until the
    # data changes. Politician 38 -> 39: "Uppdrag ni har fått" (review P4-29), one read.
    # Secretary 25 -> 27: whether she may register a budget proposal ("Nytt budgetförslag",
    # review P4-31; accounts.permissions.can_manage_budget, two reads).
    ("username", "pinned"),
    [("ledamot-ks", 39), ("kommundirektor", 40), ("sekreterare-ks", 27), ("admin", 38)],
)
def test_min_sida_query_count_does_not_grow_with_rows(
    client,
    testkommun,
    ks_member,
    day,
    username,
    pinned,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    tk = testkommun
    economy.frame_set(
        actor=None, body=tk.ks, year=2023, amount=50_000_000, decision=kf_decision(tk)
    )
    _report(tk)
    user = ks_member if username == "ledamot-ks" else tk.users[username]
    client.force_login(user)
    _more_rows(tk, ks_member, 2, first=0)
    with django_assert_max_num_queries(pinned) as few:
        assert client.get(URL).status_code == 200
    _more_rows(tk, ks_member, 6, first=10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200


# --- English -----------------------------------------------------------------------------------


def test_role_cards_in_english(client, testkommun, ks_member, day):
    from django.conf import settings

    tk = testkommun
    economy.frame_set(
        actor=None, body=tk.ks, year=2023, amount=50_000_000, decision=kf_decision(tk)
    )
    _report(tk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _page(client, ks_member)
    assert "Upcoming meetings and matters" in html and "Kommande sammanträden" not in html
    html = _page(client, tk.users["kommundirektor"])
    assert "Forecasts and operational plan" in html and "Prognos att rapportera" not in html
    html = _page(client, tk.users["admin"])
    assert "Users without a role" in html and "Användare utan roll" not in html
