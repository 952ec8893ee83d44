"""`tillit demo`: the Vimmerby demo loads through the real services and keeps its contract."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from tillit.accounts.models import Role
from tillit.accounts.permissions import can_register_decision
from tillit.assignments.chain import check_recipients
from tillit.assignments.models import Assignment, AssignmentEvent, Status
from tillit.barometer.models import Deviation
from tillit.decisions.models import Decision, Initiative
from tillit.decisions.services import decision_register
from tillit.demo import data
from tillit.organisation.models import (
    Appointment,
    Body,
    Majority,
    Membership,
    Municipality,
    Office,
    Person,
    Term,
)

CHANGE = date(2022, 10, 15)  # S+C+V took over
BUDGET_2027_ADOPTED = date(2026, 11, 23)

MODELS = (
    Municipality,
    Term,
    Majority,
    Body,
    Office,
    Person,
    Membership,
    Appointment,
    Decision,
    Assignment,
    AssignmentEvent,
    Role,
    get_user_model(),
)


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, tuple[int, int | None]]:
    """Row count and highest id per model: any insert, delete or re-creation changes it."""
    return {
        model.__name__: (
            model.objects.count(),
            model.objects.order_by("-pk").values_list("pk", flat=True).first(),
        )
        for model in MODELS
    }


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for the module inside a transaction that is rolled back at its end;
    each test runs in a savepoint within it, so what a test changes (even --reset) is undone."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    return Municipality.objects.get(slug="vimmerby"), demo_loaded


def assignments(municipality):
    return Assignment.objects.filter(municipality=municipality).select_related("issuer")


@pytest.mark.django_db
def test_loads_and_prints_the_logins(demo):
    municipality, output = demo
    assert municipality.name == "Vimmerby kommun"
    assert municipality.code == "0884"
    assert municipality.population == 15300
    assert municipality.county == "Kalmar län"
    for username in ("sekreterare-kf", "sekreterare-ks", "kommundirektor", "admin", "revisor"):
        assert username in output
    assert "tillit-demo" in output
    assert "http://127.0.0.1:8000/vimmerby/" in output


@pytest.mark.django_db
def test_logins_work_with_the_printed_password(demo):
    User = get_user_model()
    for spec in data.USERS:
        user = User.objects.get(username=spec["username"])
        assert user.check_password(data.DEMO_PASSWORD)
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert User.objects.get(username="kommundirektor").person.name == "Magnus Provdahl"


@pytest.mark.django_db
def test_about_forty_assignments_and_the_seed_situation(demo):
    municipality, _ = demo
    # The seed's situation is the years up to the budget for 2027: that budget, adopted in
    # November 2026, gives KF's assignments with resources (budget/tests/test_demo.py).
    rows = [a for a in assignments(municipality) if a.issued_on < BUDGET_2027_ADOPTED]
    assert 35 <= len(rows) <= 45
    by_issuer = Counter(a.issuer.slug for a in rows)
    assert by_issuer["kf"] >= 6 and by_issuer["ks"] >= 6

    before = [a for a in rows if a.issued_on < CHANGE]
    after = [a for a in rows if a.issued_on >= CHANGE]
    assert len(before) > 3 * len(after)
    # KS gave one assignment down the chain after the change — and ordered Gata/park directly
    # once (registered as decided outside the chain, a deviation).
    ks_after = [a for a in after if a.issuer.slug == "ks" and not a.outside_chain]
    assert len(ks_after) == 1
    outside = [a for a in after if a.outside_chain]
    assert [a.title for a in outside] == ["Nya cykelställ vid Stora torget"]
    only = ks_after[0]
    assert "IT-kostnader" in only.title and "fakturering" in only.title
    assert [r.slug for r in only.recipients.all()] == ["kommundirektor"]
    # Kommunstyrelsen's arbetsutskott and fullmäktige give none after the change either.
    assert not [a for a in after if a.issuer.slug in ("kf", "ks-au")]
    # Before the change most matters are political initiatives; after, administration proposals.
    initiatives_before = Counter(a.decision.initiative for a in before)
    initiatives_after = Counter(a.decision.initiative for a in after)
    assert initiatives_before[Initiative.POLITICAL] > len(before) / 2
    assert initiatives_after[Initiative.ADMINISTRATION] > len(after) / 2
    # Joint assignments from KF across the nämnder, with a lead.
    joint = [a for a in rows if a.recipients.count() > 1]
    assert len(joint) >= 3 and all(a.issuer.slug == "kf" for a in joint)
    assert all(a.recipients.filter(is_lead=True).count() == 1 for a in joint)
    silo = next(a for a in joint if a.title.startswith("Samverkan mellan skola och socialtjänst"))
    assert {r.slug for r in silo.recipients.all()} == {"bun", "sn"}
    assert silo.recipients.get(is_lead=True).slug == "bun"

    # Resources and follow-ups thin out after the change.
    def share(items, test):
        return sum(1 for a in items if test(a)) / len(items)

    assert share(before, lambda a: a.resources_sek) > share(after, lambda a: a.resources_sek)
    assert share(before, lambda a: a.followups.exists()) > share(
        after, lambda a: a.followups.exists()
    )


@pytest.mark.django_db
def test_statuses_and_their_decisions(demo):
    municipality, _ = demo
    rows = list(assignments(municipality))
    statuses = Counter(a.status for a in rows)
    assert statuses[Status.COMPLETED] >= 15
    assert statuses[Status.CANCELLED] >= 2
    assert statuses[Status.IN_PROGRESS] >= 5
    assert statuses[Status.DECIDED] >= 1
    for assignment in rows:
        if assignment.status in (Status.COMPLETED, Status.CANCELLED):
            closing = assignment.events.get(to_status=assignment.status)
            # Closed by a later decision of the body that gave the assignment.
            assert closing.decision.body_id == assignment.issuer_id
            assert closing.decision.meeting.date > assignment.issued_on
            assert closing.decision.case_number == assignment.decision.case_number


@pytest.mark.django_db
def test_every_assignment_follows_the_chain(demo):
    """... except the one the demo registers as decided outside the chain, which is a
    deviation."""
    municipality, _ = demo
    for assignment in assignments(municipality):
        if assignment.outside_chain:
            assert Deviation.objects.filter(details__assignment=assignment.pk).exists()
            continue
        recipients = list(assignment.recipients.select_related("body", "office"))
        lead = next((r.target for r in recipients if r.is_lead), None)
        check_recipients(
            issuer=assignment.issuer,
            recipients=[r.target for r in recipients],
            lead=lead,
            on=assignment.issued_on,
        )
        assert all(r.office is None or r.office.is_chief for r in recipients)


@pytest.mark.django_db
def test_decisions_are_numbered_and_dated_like_minutes(demo):
    municipality, _ = demo
    decisions = list(Decision.objects.filter(municipality=municipality).select_related("meeting"))
    keys = [(d.body_id, d.year, d.paragraph) for d in decisions]
    assert len(keys) == len(set(keys))
    for decision in decisions:
        assert decision.meeting.date.weekday() < 5, decision
        assert decision.meeting.date < decision.approved_on
        assert decision.approved_on <= decision.meeting.date + timedelta(days=14)
        assert decision.case_number
        assert decision.year == decision.meeting.date.year
    issuing = [d for d in decisions if d.assignments.exists()]
    assert all(" beslutar att " in d.text for d in issuing)
    assert all(
        "Uppdraget ska återrapporteras till" in d.text
        for d in issuing
        if any(a.deadline for a in d.assignments.all())  # the budget gives several
    )


@pytest.mark.django_db
def test_stable_slugs_kinds_and_links(demo):
    municipality, _ = demo
    bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    assert {slug: b.kind for slug, b in bodies.items()} == {
        "kf": "council",
        "ks": "executive_board",
        "ks-au": "subcommittee",
        "bun": "committee",
        "sn": "committee",
        "valn": "committee",
        "mbn": "joint_committee",
    }
    assert bodies["kf"].seats == 49
    assert bodies["ks"].parent == bodies["kf"]
    assert bodies["ks-au"].parent == bodies["ks"]
    assert bodies["mbn"].shared_with == "Hultsfreds kommun"
    assert all(b.valid_from <= date(2019, 1, 1) and b.valid_to is None for b in bodies.values())
    assert all(b.area_of_responsibility and b.short_name for b in bodies.values())

    offices = {o.slug: o for o in Office.objects.filter(municipality=municipality)}
    assert offices["kommundirektor"].kind == "chief_executive"
    assert offices["kommundirektor"].answers_to == bodies["ks"]
    assert offices["kommundirektor"].organisation_name == "Kommunledningsförvaltningen"
    for slug, body in (
        ("forvaltningschef-bun", "bun"),
        ("forvaltningschef-sn", "sn"),
        ("forvaltningschef-mbn", "mbn"),
    ):
        assert offices[slug].kind == "department_head"
        assert offices[slug].answers_to == bodies[body]
        assert offices[slug].parent == offices["kommundirektor"]
    gata = offices["enhet-gata-park"]
    assert gata.kind == "unit" and gata.answers_to is None
    assert gata.parent == offices["kommundirektor"]
    assert gata.chief_above() == offices["kommundirektor"]
    assert offices["enhet-hemtjanst"].chief_above() == offices["forvaltningschef-sn"]

    assert [t.starts_on for t in Term.objects.filter(municipality=municipality)] == [
        date(2018, 10, 15),
        date(2022, 10, 15),
        date(2026, 10, 15),
    ]
    majorities = list(Majority.objects.filter(municipality=municipality))
    assert [(m.name, m.valid_from, m.valid_to) for m in majorities] == [
        ("C+M+KD", date(2019, 1, 1), date(2022, 10, 14)),
        ("S+C+V", date(2022, 10, 15), None),
    ]


@pytest.mark.django_db
def test_people_memberships_and_appointments(demo):
    municipality, _ = demo
    for term_day in (date(2020, 6, 1), date(2024, 6, 1), date(2026, 11, 27)):
        active = Membership.objects.active_on(term_day).filter(municipality=municipality)
        for slug in ("kf", "ks", "ks-au", "bun", "sn", "valn", "mbn"):
            chairs = active.filter(body__slug=slug, role="chair")
            assert chairs.count() == 1, (slug, term_day)
        assert active.filter(body__slug="ks", role="councillor").count() >= 2
    for slug in (
        "kommundirektor",
        "forvaltningschef-bun",
        "forvaltningschef-sn",
        "forvaltningschef-mbn",
    ):
        for day in (date(2019, 6, 1), date(2026, 11, 27)):
            assert Appointment.objects.active_on(day).filter(office__slug=slug).count() == 1


@pytest.mark.django_db
def test_every_person_is_fictional(demo):
    municipality, _ = demo
    names = set(Person.objects.filter(municipality=municipality).values_list("name", flat=True))
    assert names == {name for name, _ in data.PEOPLE.values()}
    for name in names:
        surname = name.split()[-1]
        assert surname.startswith(data.FICTIONAL_SURNAME_STEMS), name


@pytest.mark.django_db
def test_secretaries_register_for_their_own_body_only(demo):
    municipality, _ = demo
    User = get_user_model()
    bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    own = {
        "sekreterare-kf": "kf",
        "sekreterare-ks": "ks",
        "sekreterare-bun": "bun",
        "sekreterare-sn": "sn",
    }
    for username, body_slug in own.items():
        user = User.objects.get(username=username)
        allowed = {slug for slug, body in bodies.items() if can_register_decision(user, body)}
        assert allowed == {body_slug}, username
    for username in ("kommundirektor", "forvaltningschef-bun", "revisor"):
        user = User.objects.get(username=username)
        assert not any(can_register_decision(user, body) for body in bodies.values())
    admin = User.objects.get(username="admin")
    assert all(can_register_decision(admin, body) for body in bodies.values())


@pytest.mark.django_db
def test_second_run_changes_nothing(demo):
    before = snapshot()
    output = run_demo()
    assert "redan inläst" in output
    assert "sekreterare-ks" in output and "tillit-demo" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_reset_reloads(demo):
    municipality, _ = demo
    counts = {name: count for name, (count, _) in snapshot().items()}
    # A decision registered after loading goes away with the reset.
    decision_register(
        actor=get_user_model().objects.get(username="sekreterare-ks"),
        body=Body.objects.get(municipality=municipality, slug="ks"),
        meeting_date=date(2026, 11, 24),
        paragraph=300,
        title="Extra beslut",
    )
    output = run_demo("--reset")
    assert "är inläst" in output and "sekreterare-kf" in output
    reloaded = Municipality.objects.get(slug="vimmerby")
    assert reloaded.pk != municipality.pk
    assert {name: count for name, (count, _) in snapshot().items()} == counts
    assert not Decision.objects.filter(title="Extra beslut").exists()


@pytest.mark.django_db
def test_reset_refuses_when_real_users_hold_roles(demo):
    municipality, _ = demo
    real = get_user_model().objects.create_user(
        "ekonomichef", email="ekonomichef@vimmerby.example", password="x" * 16
    )
    Role.objects.create(
        municipality=municipality, user=real, kind=Role._meta.get_field("kind").choices[0][0]
    )
    before = snapshot()
    with pytest.raises(CommandError, match="ekonomichef"):
        run_demo("--reset")
    assert snapshot() == before
    assert Municipality.objects.get(slug="vimmerby").pk == municipality.pk


def test_how_level_examples_are_marked():
    marked = [a for a in data.ASSIGNMENTS if a.get("how_level")]
    assert len(marked) >= 3
    assert any(a["body"] == "bun" for a in marked) and any(a["body"] == "sn" for a in marked)


@pytest.mark.django_db
def test_statuses_are_backed_by_reports_and_dated_when_they_happened(demo, client):
    """One consistent story (issue 14 item 7): every "redovisat" step is a filed report a
    citizen can read, and history, feed and inbox carry the dates things happened."""
    import re

    from django.urls import reverse
    from django.utils import timezone

    from tillit.followup.models import Notification, Report, ReportState

    municipality, _ = demo
    today = timezone.localdate()
    for event in AssignmentEvent.objects.filter(
        municipality=municipality, to_status=Status.REPORTED
    ).exclude(from_status=Status.REPORTED):
        day = timezone.localtime(event.occurred_at).date()
        assert Report.objects.filter(
            assignment=event.assignment_id, state=ReportState.SUBMITTED, submitted_at__date=day
        ).exists(), event.assignment.title
        assert timezone.localtime(event.created_at).date() == day
    reports = {r.pk: r for r in Report.objects.filter(municipality=municipality)}
    notifications = Notification.objects.filter(municipality=municipality)
    assert notifications.exists()
    for n in notifications.filter(key__startswith="report-submitted:"):
        report = reports[int(n.key.split(":")[1])]
        assert n.created_at == report.submitted_at
    assert not notifications.filter(created_at__date=today).exists()

    logins = [spec["username"] for spec in data.USERS]
    for assignment in assignments(municipality).filter(status=Status.REPORTED):
        page = client.get(reverse("assignments:detail", args=["vimmerby", assignment.pk]))
        text = re.sub(r"<[^>]+>", " ", page.content.decode())
        assert "väntar på beslut" in text and "Ingen rapport inlämnad" not in text
        assert f"registrerat {today.isoformat()}" not in text
        for login in logins:
            assert not re.search(rf"(?<![\w-]){re.escape(login)}(?![\w-])", text), login
    feed = client.get(reverse("portal:feed", args=["vimmerby"])).content.decode()
    assert f"<updated>{today.isoformat()}" not in feed
    assert feed.count("<entry>") >= 20


@pytest.mark.django_db
def test_budgets_2025_and_2026_are_adopted_and_carry_the_frames(demo):
    """The budgets of 2025 and 2026 (tillit.demo.budgets) are KF's adopted budgets: their frames
    are the previous final frames plus their changes, equal to the economy demo's KF frames, and
    the year's final frames continue into the budget for 2027."""
    from tillit.budget.models import Budget, BudgetStatus, Kind
    from tillit.budget.selectors import budget_view
    from tillit.economy.demo import final_frames, frames_for
    from tillit.economy.selectors import economy_year

    municipality, _ = demo
    adopted = {
        b.year: b
        for b in Budget.objects.filter(municipality=municipality, status=BudgetStatus.ADOPTED)
    }
    assert {2025, 2026, 2027} <= set(adopted)
    for year in (2025, 2026):
        budget = adopted[year]
        assert budget.decision.body.slug == "kf"
        assert budget.decision.meeting.date.year == year - 1
        assert budget.decision.meeting.date.month == 11
        assert budget.decision.paragraph > 100  # where November's minutes are
        assert budget.tax_revenue and budget.financial_goal == 2
        view = budget_view(budget)
        frames = {line.body.slug: line.frame for line in view.lines}
        assert frames == frames_for(year)
        # The old way: every krona "utan kopplat uppdrag" (the seed's ko-bingo).
        assert {c.kind for line in view.lines for c in line.changes} == {Kind.UNLINKED}
        final = {
            r.body.slug: r.frame for r in economy_year(municipality=municipality, year=year).bodies
        }
        assert final == final_frames(year)


@pytest.mark.django_db
def test_compiled_reports_2025_and_2026_tell_the_year(demo):
    """The delårsrapport 2026 and årsredovisning 2025 follow up the financial goal, and the
    assignments are done, going on, late, at risk and with a deviation asking for a decision."""
    from tillit.followup.documents import compiled_build, item_status
    from tillit.followup.periods import period_parse

    municipality, _ = demo
    today = date(2026, 12, 3)
    dr = compiled_build(municipality=municipality, period=period_parse("2026-DR"), today=today)
    counts = dr.totals["counts"]
    assert counts["on_track"] >= 2 and counts["risk"] >= 1 and counts["deviation"] >= 1
    assert counts["closed"] >= 1 and counts["missing"] >= 1
    assert dr.goal_rows and "Finansiellt mål" in dr.goal_text and "KF 2025 §" in dr.goal_text
    needed = [subject for _body, subject, _what in dr.decisions_needed]
    assert "Anpassning av skollokalerna till ett minskat elevunderlag" in needed
    assert dr.indicators
    sn = next(b for b in dr.bodies if b.body.slug == "sn")
    assert sn.forecast_source == "Nämndens prognos efter augusti 2026"
    lines = [item_status(i) for b in dr.bodies for i in b.items]
    assert "avslutat" in lines and any("har passerat" in line for line in lines)

    ar = compiled_build(municipality=municipality, period=period_parse("2025-AR"), today=today)
    assert ar.annual  # the books of 2025 are closed: the outcome is the actual
    for b in ar.economy_bodies:
        assert b.forecast == b.actual, b.body.slug
    assert "Med nämndernas utfall blev resultatet" in ar.goal_text
    assert ar.totals["counts"]["closed"] >= 1


@pytest.mark.django_db
def test_verksamhetsplaner_2027_answer_every_assignment(demo):
    from tillit.budget.selectors import operational_plan_view

    municipality, _ = demo
    for slug in ("bun", "sn"):
        body = Body.objects.get(municipality=municipality, slug=slug)
        view = operational_plan_view(municipality=municipality, body=body, year=2027)
        assert view.plan is not None and len(view.plan.mission_how) > 200
        assert len(view.rows) >= 2
        for assignment, item in view.rows:
            assert item is not None and item.activities and item.milestones, assignment.title
            assert "2027" in item.milestones


@pytest.mark.django_db
def test_kf_paragraphs_rise_with_the_meeting_date(demo):
    """KF's § in each year rise with the meeting date (issue 13): the in-year frame changes of
    spring and autumn come where their minutes would be, before the budget adopted in November,
    not "§ 1, § 2" from the start of the year nor after the budget."""
    municipality, _ = demo
    kf = Body.objects.get(municipality=municipality, slug="kf")
    for year in range(2022, 2027):
        rows = list(
            Decision.objects.filter(body=kf, year=year)
            .order_by("meeting__date", "paragraph")
            .values_list("meeting__date", "paragraph", "title")
        )
        paragraphs = [p for _, p, _ in rows]
        assert paragraphs == sorted(set(paragraphs)), (year, rows)
        changes = [(d, p) for d, p, t in rows if t.startswith("Ändrade ramar")]
        budgets = [p for _, p, t in rows if t.startswith("Mål och budget")]
        assert changes and budgets, year
        assert all(p > 10 for d, p in changes if d.month >= 3), (year, changes)
        assert max(p for _, p in changes) < min(budgets), (year, rows)
