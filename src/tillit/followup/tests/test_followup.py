"""Reports, questions, decisions on reports, amend, timeline, stale, reminders, documents."""

import io
import subprocess
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tillit.assignments.models import AssignmentRecipient, FollowUp, Status
from tillit.assignments.services import assignment_amend
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.decisions.services import decision_register
from tillit.followup import services
from tillit.followup.models import Notification, Outcome, ReportState
from tillit.followup.selectors import (
    assignment_timeline,
    cycles_for,
    reports_visible,
    stale_map,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LATER = TODAY + timedelta(days=200)

REPORT = {
    "status": "risk",
    "narrative": "Tre processer är automatiserade. Vi har lärt oss att börja med fakturorna.",
    "indicators": [{"name": "Frigjorda årsarbetare", "value": "2,5", "unit": "st", "target": "10"}],
    "resources_suffice": False,
    "resources_missing_sek": "200 000",
    "forecast": "Målet nås 2024 i stället för 2023.",
}


def file(fu, period="2023-DR", **extra):
    return services.report_file(
        actor=fu.users["kommundirektor"],
        assignment=fu.assignment_ks,
        period=period,
        **{**REPORT, **extra},
    )


def test_default_cycles_follow_swedish_practice(fu):
    cycles = cycles_for(municipality=fu.municipality)
    assert [k for k, c in cycles.items() if c.enabled] == ["T1", "DR", "AR"]
    assert not cycles["MM"].enabled
    with pytest.raises(ValidationFailed, match="använder inte månadsuppföljning"):
        services.period_check(municipality=fu.municipality, code="2023-05")
    services.report_cycle_configure(
        actor=fu.users["admin"],
        municipality=fu.municipality,
        kind="MM",
        enabled=True,
        report_due_days=5,
    )
    _, due = services.period_check(municipality=fu.municipality, code="2023-05")
    assert due == date(2023, 6, 5)
    with pytest.raises(PermissionDenied):
        services.report_cycle_configure(
            actor=fu.users["kommundirektor"],
            municipality=fu.municipality,
            kind="MM",
            enabled=False,
            report_due_days=5,
        )


def test_only_the_recipient_chief_files(fu):
    for who in ("sekreterare-ks", "ledamot-ks", "lasare"):
        with pytest.raises(PermissionDenied):
            services.report_save_draft(
                actor=fu.users[who], assignment=fu.assignment_ks, period="2023-DR"
            )


def test_drafts_are_private_until_submitted(fu):
    chief = fu.users["kommundirektor"]
    draft = services.report_save_draft(
        actor=chief, assignment=fu.assignment_ks, period="2023-DR", **REPORT
    )
    assert draft.state == ReportState.DRAFT
    m = fu.municipality
    assert list(reports_visible(municipality=m, user=fu.users["ledamot-ks"])) == []
    assert list(reports_visible(municipality=m, user=None)) == []
    assert list(reports_visible(municipality=m, user=chief)) == [draft]
    services.report_submit(actor=chief, report=draft)
    assert list(reports_visible(municipality=m, user=None)) == [draft]
    fu.assignment_ks.refresh_from_db()
    assert fu.assignment_ks.status == Status.REPORTED
    event = fu.assignment_ks.events.last()
    assert event.source_label == draft.source_label
    with pytest.raises(Conflict):  # immutable once submitted
        services.report_save_draft(
            actor=chief, assignment=fu.assignment_ks, period="2023-DR", **REPORT
        )
    # indicators parsed with Swedish decimals and spaces
    ind = draft.indicators.get()
    assert (ind.value, ind.target) == (2.5, 10)
    assert draft.resources_missing_sek == 200000


def test_submit_needs_status_narrative_and_resources(fu):
    draft = services.report_save_draft(
        actor=fu.users["kommundirektor"], assignment=fu.assignment_ks, period="2023-DR"
    )
    with pytest.raises(ValidationFailed) as exc:
        services.report_submit(actor=fu.users["kommundirektor"], report=draft)
    assert set(exc.value.errors) == {"status", "narrative", "resources_suffice"}


def test_prefill_from_last_period(fu, client):
    file(fu, period="2023-T1")
    client.force_login(fu.users["kommundirektor"])
    html = client.get(
        f"/testkommun/uppfoljning/uppdrag/{fu.assignment_ks.pk}/rapport/2023-DR/"
    ).content.decode()
    assert "Tre processer är automatiserade" in html
    assert "förra periodens text (Tertialrapport 1 2023)" in html


def test_questions_members_only_and_answers_notify(fu, django_capture_on_commit_callbacks):
    member, chief = fu.users["ledamot-ks"], fu.users["kommundirektor"]
    with pytest.raises(PermissionDenied) as exc:
        services.question_ask(
            actor=fu.users["politiker-bun"], assignment=fu.assignment_ks, text="Hur går det?"
        )
    assert "Ställ din fråga i ditt eget organ" in exc.value.message
    assert "Kommunstyrelsen" in exc.value.message
    q = services.question_ask(
        actor=member, assignment=fu.assignment_ks, text="Hur många årsarbetare?"
    )
    assert q.to_office == fu.kommundirektor
    assert q.due_on == timezone.localdate() + timedelta(days=14)
    note = Notification.objects.get(user=chief, key=f"question:{q.pk}")
    # Two questions on one assignment must not read the same in the list: the deadline is in it.
    assert note.title.endswith(f"(svar senast {q.due_on.isoformat()})"), note.title
    with pytest.raises(PermissionDenied):
        services.question_answer(actor=member, question=q, text="Jag svarar själv")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=chief, question=q, text="Två och en halv hittills.")
    assert Notification.objects.filter(user=member, key=f"answer:{q.pk}").exists()
    # In the inbox at once; by e-mail in the daily digest, once.
    assert mail.outbox == []
    services.digests_send()
    assert [m.to for m in mail.outbox].count(["l@example.org"]) == 1
    assert "Två och en halv hittills." not in mail.outbox[0].subject
    services.digests_send()
    assert [m.to for m in mail.outbox].count(["l@example.org"]) == 1
    with pytest.raises(Conflict):
        services.question_answer(actor=chief, question=q, text="igen")


def test_outsider_sees_swedish_message_on_the_page(fu, client):
    client.force_login(fu.users["politiker-bun"])
    html = client.get(f"/testkommun/uppdrag/{fu.assignment_ks.pk}/").content.decode()
    assert "Ställ din fråga i ditt eget organ" in html
    response = client.post(
        f"/testkommun/uppfoljning/uppdrag/{fu.assignment_ks.pk}/fraga/", {"text": "?"}
    )
    assert response.status_code == 403
    assert "eget organ" in response.content.decode()


def _decide(fu, report, outcome, paragraph=80, **kw):
    return services.report_decide(
        actor=fu.users["sekreterare-ks"],
        report=report,
        outcome=outcome,
        meeting_date=TODAY,
        paragraph=paragraph,
        **kw,
    )


def test_decision_adjusts_and_keeps_versions(fu):
    report = file(fu)
    a = fu.assignment_ks
    with pytest.raises(PermissionDenied):
        services.report_decide(
            actor=fu.users["kommundirektor"],
            report=report,
            outcome="continue",
            meeting_date=date(2023, 10, 10),
            paragraph=80,
        )
    amendment = services.amendment_from(a, deadline=LATER, followups=[TODAY + timedelta(days=90)])
    a.refresh_from_db()
    before = a.version
    row = _decide(fu, report, Outcome.ADJUST, amendment=amendment)
    a.refresh_from_db()
    # every change is a version: the amendment, then the status change back to "pågår"
    assert a.version == before + 2 and a.deadline == LATER and a.status == Status.IN_PROGRESS
    assert row.decision.reference == f"KS {TODAY.year} § 80"
    # old follow-ups kept: the ones before the meeting stay, the removed future one is superseded
    assert [f.due_on for f in a.followups.all()] == [
        date(2023, 6, 1),
        date(2023, 9, 1),
        TODAY + timedelta(days=90),
    ]
    assert FollowUp.all_versions.filter(assignment=a).count() == 3
    amended = a.events.get(kind="amended")
    assert amended.snapshot["deadline"] == LATER.isoformat() and amended.version == before + 1
    with pytest.raises(Conflict):
        _decide(fu, report, Outcome.CONTINUE, paragraph=81)


def test_amend_rechecks_the_chain_and_keeps_recipient_rows(fu):
    a = fu.assignment_ks
    decision = decision_register(
        actor=fu.users["sekreterare-ks"],
        body=fu.ks,
        meeting_date=date(2023, 11, 1),
        paragraph=90,
        title="Ändring",
    )
    wrong = services.amendment_from(a, recipients=["enhet-gata-park"], lead=None)
    with pytest.raises(ChainViolation):
        assignment_amend(
            actor=fu.users["sekreterare-ks"], assignment=a, decision=decision, draft=wrong
        )
    to_au = services.amendment_from(a, recipients=["ks-au"], lead=None)
    before = type(a).objects.get(pk=a.pk).version
    assignment_amend(actor=fu.users["sekreterare-ks"], assignment=a, decision=decision, draft=to_au)
    assert [r.slug for r in a.recipients.all()] == ["ks-au"]
    old = AssignmentRecipient.all_versions.get(assignment=a, superseded_in_version=before + 1)
    assert old.slug == "kommundirektor"
    with pytest.raises(ValidationFailed, match="ändrar ingenting"):
        decision2 = decision_register(
            actor=fu.users["sekreterare-ks"],
            body=fu.ks,
            meeting_date=date(2023, 11, 2),
            paragraph=91,
            title="x",
        )
        assignment_amend(
            actor=fu.users["sekreterare-ks"],
            assignment=a,
            decision=decision2,
            draft=services.amendment_from(a),
        )


def test_resources_complete_and_frame_change_request_kept(fu):
    report = file(fu)
    a = fu.assignment_ks
    a.refresh_from_db()
    before = a.version
    row = _decide(fu, report, Outcome.RESOURCES, resources_change_sek="250000")
    a.refresh_from_db()
    assert a.resources_sek == 750000 and a.version == before + 2  # amended, then "pågår"
    assert row.resources_change_sek == 250000 and row.frame_change is None  # KS does not set frames
    report2 = file(fu, period="2023-AR")
    services.report_decide(
        actor=fu.users["sekreterare-ks"],
        report=report2,
        outcome=Outcome.COMPLETE,
        meeting_date=timezone.localdate(),
        paragraph=5,
    )
    a.refresh_from_db()
    assert a.status == Status.COMPLETED


def test_timeline_order(fu):
    report = file(fu)
    q = services.question_ask(
        actor=fu.users["ledamot-ks"],
        assignment=fu.assignment_ks,
        text="Varför risk?",
        report=report,
    )
    services.question_answer(
        actor=fu.users["kommundirektor"], question=q, text="Leverantören är sen."
    )
    _decide(
        fu,
        report,
        Outcome.ADJUST,
        amendment=services.amendment_from(fu.assignment_ks, deadline=LATER),
    )
    kinds = [i.kind for i in assignment_timeline(assignment=fu.assignment_ks)]
    assert kinds[0] == "issued"
    assert set(kinds) >= {"issued", "status", "report", "question", "answer", "decision"}
    assert kinds.index("question") < kinds.index("answer")
    decision_item = next(
        i for i in assignment_timeline(assignment=fu.assignment_ks) if i.kind == "decision"
    )
    assert any(
        d["field"] == "deadline" and d["after"] == LATER.isoformat() for d in decision_item.diff
    )


def test_stale_detection(fu):
    a = fu.assignment_ks  # in progress, follow-ups 2023-06-01 and 2023-09-01, deadline 2023-12-31
    assert "2023-09-01" in stale_map([a], today=date(2023, 9, 10))[a.pk]
    assert stale_map([a], today=date(2023, 5, 1)) == {}
    file(fu)  # submitted today -> reported: not stale
    a.refresh_from_db()
    assert stale_map([a]) == {}


def test_reminders_are_idempotent(fu):
    mail.outbox.clear()
    first = services.reminders_run(today=date(2023, 9, 10), days_before=14)
    assert first.sent >= 1
    keys = set(Notification.objects.values_list("key", flat=True))
    assert f"report-due:{fu.assignment_ks.pk}:2023-DR" in keys
    due = Notification.objects.get(key=f"report-due:{fu.assignment_ks.pk}:2023-DR")
    assert due.title.startswith("Delårsrapport 2023 ska lämnas senast 2023-09-20"), due.title
    assert "2023-DR" not in due.title + due.text  # the period in words, never its code
    again = services.reminders_run(today=date(2023, 9, 10), days_before=14)
    assert again.sent == 0
    later = services.reminders_run(today=date(2023, 9, 25), days_before=14)
    assert f"report-overdue:{fu.assignment_ks.pk}:2023-DR" in set(
        Notification.objects.values_list("key", flat=True)
    )
    assert later.sent >= 1
    assert services.reminders_run(today=date(2023, 9, 25), days_before=14).sent == 0


def test_remind_command_and_exit_codes(fu):
    out = io.StringIO()
    call_command("remind", "--date", "2023-09-10", stdout=out)
    assert "påminnelser skickade" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("remind", "--date", "igår")


def test_documents_pdf_and_docx(fu, tmp_path):
    file(fu)
    pdf = tmp_path / "ks.pdf"
    call_command(
        "report",
        "--municipality",
        "testkommun",
        "--body",
        "ks",
        "--period",
        "2023-DR",
        "--out",
        str(pdf),
        stdout=io.StringIO(),
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Effektivisera genom digitalisering" in text
    assert "Uppföljning" in text and "Tre processer" in text
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert "Uppföljning" in reader.metadata.title
    assert reader.trailer["/Root"].get("/Lang") == "sv"
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")
    docx_path = tmp_path / "ks.docx"
    call_command(
        "report",
        "--municipality",
        "testkommun",
        "--body",
        "ks",
        "--period",
        "2023-DR",
        "--out",
        str(docx_path),
        stdout=io.StringIO(),
    )
    from docx import Document

    doc = Document(str(docx_path))
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert (
        "Effektivisera genom digitalisering" in texts and "Uppföljning" in doc.core_properties.title
    )
    from django.core.management.base import CommandError

    for bad in (["--period", "2023-X"], ["--out", str(tmp_path / "a.txt")], ["--body", "nope"]):
        args = {
            "--municipality": "testkommun",
            "--body": "ks",
            "--period": "2023-DR",
            "--out": str(pdf),
        }
        args[bad[0]] = bad[1]
        with pytest.raises(CommandError):
            call_command("report", *[x for kv in args.items() for x in kv], stdout=io.StringIO())


def test_pages_render(fu, client):
    report = file(fu)
    client.force_login(fu.users["kommundirektor"])
    assert client.get("/testkommun/uppfoljning/inkorg/").status_code == 200
    assert client.get(f"/testkommun/uppfoljning/rapporter/{report.pk}/").status_code == 200
    client.force_login(fu.users["sekreterare-ks"])
    html = client.get("/testkommun/uppfoljning/inkorg/").content.decode()
    assert "väntar på beslut" in html
    assert client.get(f"/testkommun/uppfoljning/rapporter/{report.pk}/beslut/").status_code == 200
    body = client.get("/testkommun/organ/ks/").content.decode()
    assert "Ladda ner uppföljningsrapport" in body
    r = client.get("/testkommun/uppfoljning/organ/ks/rapport.docx?period=2023-DR")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')
    assert client.get("/testkommun/uppfoljning/organ/ks/rapport.pdf?period=fel").status_code == 404
    listing = client.get("/testkommun/uppdrag/").content.decode()
    assert "Uppdrag" in listing


def test_a_chain_breaking_amendment_is_refused_and_nothing_is_stored(fu):
    from tillit.barometer.models import Deviation
    from tillit.decisions.models import Decision

    report = file(fu)
    a = fu.assignment_ks
    a.refresh_from_db()
    version_before = a.version
    before = (Decision.objects.count(), Deviation.objects.count())
    wrong = services.amendment_from(a, recipients=["enhet-gata-park"], lead=None)
    with pytest.raises(ChainViolation):
        services.report_decide(
            actor=fu.users["sekreterare-ks"],
            report=report,
            outcome=Outcome.ADJUST,
            meeting_date=TODAY,
            paragraph=80,
            amendment=wrong,
        )
    # Nothing of the decision is stored, and no deviation is counted (issue 14 item 3).
    assert (Decision.objects.count(), Deviation.objects.count()) == before
    a.refresh_from_db()
    assert a.version == version_before
