"""Min sida per role (review P4-28..34), with real data built through the services: the
administrator's shortcuts (users and roles, the organisation, the mandate periods) and an import
link that says what the import page does; the auditor's plain status of the log's last check;
the politician's "Ekonomi i korthet" (every body for a KS member, her own otherwise), the
council's dates when her body has none of its own, assignments given and received apart; the
chief's own body's deviation from its frame."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from tillit.accounts.services import role_grant
from tillit.core.testing import TEST_PASSWORD
from tillit.economy import services as economy
from tillit.economy.tests.factories import kf_decision

pytestmark = pytest.mark.django_db


def test_admin_has_shortcuts_and_the_import_link_matches_the_page(client, testkommun):
    admin = testkommun.users["admin"]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    html = client.get("/testkommun/min-sida/").content.decode()
    shortcuts = html[html.index('id="admin-genvagar"') :][:1200]
    assert "Användare och roller" in shortcuts and "/admin/accounts/role/" in shortcuts
    assert "/testkommun/organisation/andra/" in shortcuts
    assert "/testkommun/organisation/andra/mandatperiod/" in shortcuts
    assert "Läs in utfall och budget" not in html
    assert "Läs in utfall från en SIE 4-fil" in html
    # The page the link leads to is that page.
    page = client.get("/testkommun/ekonomi/import/").content.decode()
    assert "Läs in utfall från en SIE 4-fil" in page


def test_auditor_reads_never_checked(client, testkommun):
    user = get_user_model().objects.create_user(username="revisor-y", password=TEST_PASSWORD)
    role_grant(user=user, municipality=testkommun.municipality, kind="auditor")
    client.force_login(user)
    html = client.get("/testkommun/min-sida/").content.decode()
    assert "senast kontrollerad: aldrig" in html
    assert "har inte kontrollerats här ännu" not in html


# --- review P4-28..30: what each role expects on Min sida -------------------------------------

DAY = date(2023, 10, 2)


@pytest.fixture
def day(monkeypatch):
    monkeypatch.setattr("tillit.workspace.views.today", lambda: DAY)
    return DAY


def _politician(tk, username, body):
    user = get_user_model().objects.create_user(username=username, password=TEST_PASSWORD)
    role_grant(user=user, municipality=tk.municipality, kind="politician", body=body)
    return user


def _deficit(tk):
    """BUN: frame 100 mnkr, forecast 120 mnkr (a deficit above 1 %, no action plan); KS on
    frame."""
    kf = kf_decision(tk)
    economy.frame_set(actor=None, body=tk.bun, year=2023, amount=100_000_000, decision=kf)
    economy.frame_set(actor=None, body=tk.ks, year=2023, amount=50_000_000, decision=kf)
    economy.forecast_report(
        actor=None, body=tk.bun, year=2023, as_of=date(2023, 9, 1), amount=120_000_000
    )


def _section(html: str, anchor: str) -> str:
    assert f'id="{anchor}"' in html, anchor
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def test_ks_member_reads_every_bodys_economy_in_brief(client, testkommun, day):
    tk = testkommun
    _deficit(tk)
    client.force_login(_politician(tk, "ks-x", tk.ks))
    card = _section(client.get("/testkommun/min-sida/").content.decode(), "h-economy-brief")
    assert "Ekonomi i korthet 2023" in card
    assert "Barn- och utbildningsnämnden" in card and "Kommunstyrelsen" in card
    assert "\u221220,0\u00a0mnkr" in card  # BUN's deviation from its frame
    bun_row = card.split("Barn- och utbildningsnämnden", 1)[1].split("</tr>", 1)[0]
    assert "Åtgärdsplan saknas" in bun_row


def test_committee_member_reads_only_her_bodys_economy(client, testkommun, day):
    tk = testkommun
    _deficit(tk)
    client.force_login(_politician(tk, "bun-x", tk.bun))
    card = _section(client.get("/testkommun/min-sida/").content.decode(), "h-economy-brief")
    assert "Barn- och utbildningsnämnden" in card and "Kommunstyrelsen" not in card


def test_body_without_own_dates_shows_the_councils_and_says_so(client, testkommun, day):
    from tillit.followup.models import YearEvent, YearEventKind

    tk = testkommun
    YearEvent.objects.create(
        municipality=tk.municipality, kind=YearEventKind.OTHER, title="KF om budgeten (test)",
        year=2023, month=11, day=20, body=tk.kf,
    )  # fmt: skip
    client.force_login(_politician(tk, "bun-y", tk.bun))
    card = _section(client.get("/testkommun/min-sida/").content.decode(), "kommande-sammantraden")
    assert "har inga egna datum i årshjulet" in card
    assert "kommunfullmäktiges och hela kommunens datum" in card
    assert "2023-11-20: KF om budgeten (test)" in card
    assert "Inga datum i årshjulet" not in card


def test_given_and_received_assignments_are_split(client, testkommun, day):
    from tillit.assignments.models import OPEN_STATUSES, Assignment

    tk = testkommun
    received = Assignment.objects.filter(recipients__body=tk.bun, status__in=OPEN_STATUSES).exclude(
        issuer=tk.bun
    )
    assert received.exists()  # the test municipality's KS/KF assignment to BUN
    client.force_login(_politician(tk, "bun-z", tk.bun))
    html = client.get("/testkommun/min-sida/").content.decode()
    card = _section(html, "h-received")
    assert "Uppdrag ni har fått" in card
    for a in received:
        assert a.title in card
    assert "Uppdrag som era organ har gett" not in html


def test_chief_sees_her_own_bodys_deviation(client, testkommun, day):
    tk = testkommun
    kf = kf_decision(tk)
    economy.frame_set(actor=None, body=tk.ks, year=2023, amount=50_000_000, decision=kf)
    economy.forecast_report(
        actor=None, body=tk.ks, year=2023, as_of=date(2023, 9, 1), amount=53_000_000
    )
    client.force_login(tk.users["kommundirektor"])  # answers to KS
    card = _section(client.get("/testkommun/min-sida/").content.decode(), "prognoser")
    assert "Avvikelse mot ramen 2023: \u22123,0\u00a0mnkr" in card
    assert "Åtgärdsplan saknas" in card  # 6 % over, no plan


def test_auditor_chooses_the_period_of_the_deviation_count(client, testkommun):
    """Review P4-34: 'I år' by default; the current or the previous mandate period on request
    (the barometer counts per mandate period)."""
    from django.utils import timezone

    from tillit.barometer import services as barometer_services
    from tillit.organisation.models import Term

    tk = testkommun
    today = timezone.localdate()
    terms = list(
        Term.objects.filter(municipality=tk.municipality, starts_on__lte=today).order_by(
            "-starts_on"
        )[:2]
    )
    current = terms[0]  # the test municipality's mandate period; the one before is added
    previous = Term.objects.create(
        municipality=tk.municipality,
        election_date=current.election_date.replace(year=current.election_date.year - 4),
        starts_on=current.starts_on.replace(year=current.starts_on.year - 4),
        ends_on=current.starts_on - timedelta(days=1),
    )
    cur = (current.starts_on, min(current.ends_on, today))
    prev = (previous.starts_on, previous.ends_on)
    days = [today, current.starts_on, previous.starts_on, previous.ends_on, date(2000, 1, 1)]
    for day in days:
        barometer_services.deviation_report(
            actor=tk.users["sekreterare-bun"],
            municipality=tk.municipality,
            occurred_on=day,
            from_role="Kommunstyrelsens ordförande",
            body=tk.ks,
            to_office=tk.enhet_gata_park,
            content="Testavvikelse.",
        )

    def count(first, last):
        return sum(1 for d in days if first <= d <= last)

    user = get_user_model().objects.create_user(username="revisor-z", password=TEST_PASSWORD)
    role_grant(user=user, municipality=tk.municipality, kind="auditor")
    client.force_login(user)

    def line(query=""):
        html = client.get("/testkommun/min-sida/" + query).content.decode()
        return html.split('id="granskning-avvikelser"', 1)[1].split("</li>", 1)[0]

    def says(n, text):
        return f"{n} avvikelse{'r' if n != 1 else ''} från beslutskedjan {text}"

    n_year = count(date(today.year, 1, 1), today)
    year = line()
    assert says(n_year, today.year) in year and '<option value="ar" selected>' in year
    term = line("?avvikelseperiod=mandat")
    assert says(count(*cur), f"{cur[0].isoformat()}–{cur[1].isoformat()}") in term
    assert '<option value="mandat" selected>' in term
    before = line("?avvikelseperiod=forra")
    assert count(*prev) == 2  # its first and its last day, both counted
    assert says(2, f"{prev[0].isoformat()}–{prev[1].isoformat()}") in before
    assert says(n_year, today.year) in line("?avvikelseperiod=okänd")
