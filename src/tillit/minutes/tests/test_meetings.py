"""Registrera ett sammanträde: numbering, drafts that count nowhere, the same chain rule as the
decision form, justering that registers all or nothing and locks the meeting."""

from datetime import date

import pytest
from django.utils import timezone

from tillit.assignments.models import Assignment
from tillit.assignments.services import AssignmentDraft
from tillit.barometer.metrics import barometer_compute
from tillit.barometer.models import DelegationDecision, Deviation
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.decisions.models import Decision, Meeting
from tillit.decisions.services import decision_register
from tillit.minutes.meetings import (
    draft_paragraph_delete,
    draft_paragraph_save,
    meeting_draft_approve,
    meeting_draft_start,
    next_paragraph_number,
)
from tillit.minutes.models import ParagraphKind
from tillit.portal.published import published_decisions

DAY = date(2026, 3, 10)


def assignment_data(recipients=("kommundirektor",), **extra):
    return {
        "text": "Kommunstyrelsen beslutar att ge uppdraget.",
        "case_number": "KS 2026/7",
        "assignment": {
            "title": "Kortare handläggning",
            "what": "Fakturor betalas inom 30 dagar.",
            "recipients": list(recipients),
            "deadline": "2026-12-31",
            "followups": ["2026-08-31"],
        },
        **extra,
    }


def start(tk, body=None, day=DAY, user="sekreterare-ks"):
    return meeting_draft_start(actor=tk.users[user], body=body or tk.ks, meeting_date=day)


def save(tk, draft, number, kind=ParagraphKind.ASSIGNMENT, title="Fakturor", data=None, **kw):
    return draft_paragraph_save(
        actor=tk.users[kw.pop("user", "sekreterare-ks")],
        draft=draft,
        kind=kind,
        number=number,
        title=title,
        data=assignment_data() if data is None else data,
        **kw,
    )


def approve(tk, draft, day=date(2026, 3, 17), who="Ordföranden och en ledamot"):
    return meeting_draft_approve(
        actor=tk.users["sekreterare-ks"], draft=draft, approved_on=day, adjusters=who
    )


def test_numbers_continue_from_the_previous_meeting(testkommun):
    tk = testkommun
    # KS 2023 § 12 is registered: a KS meeting in 2023 goes on at § 13, a 2026 one starts at 1.
    assert next_paragraph_number(start(tk, day=date(2023, 5, 2))) == 13
    first = start(tk)
    assert next_paragraph_number(first) == 1
    save(tk, first, 1)
    save(tk, first, 2, kind=ParagraphKind.NOTED, title="Anmälningar", data={})
    assert next_paragraph_number(first) == 3
    # The next meeting continues after the last § of the previous one, drafted or registered.
    later = start(tk, day=date(2026, 4, 14))
    assert next_paragraph_number(later) == 3
    # Starting the same meeting again resumes it.
    assert start(tk).pk == first.pk


def test_drafts_count_nowhere(testkommun):
    tk = testkommun
    m = tk.municipality

    def counts():
        return (
            Decision.objects.count(),
            Assignment.objects.count(),
            published_decisions(municipality=m).count(),
            barometer_compute(municipalities=[m], start=date(2026, 1, 1), end=date(2026, 12, 31))[
                m.pk
            ].body_values(),
        )

    before = counts()
    draft = start(tk)
    save(tk, draft, 1)
    save(tk, draft, 2, kind=ParagraphKind.NOTED, title="Anmälningar", data={})
    assert draft.paragraphs.count() == 2
    assert counts() == before
    assert not Meeting.objects.filter(body=tk.ks, date=DAY).exists()


def test_chain_refusal_is_the_decision_forms(testkommun):
    tk = testkommun
    wrong = assignment_data(recipients=["enhet-gata-park"])
    with pytest.raises(ChainViolation) as direct:
        decision_register(
            actor=tk.users["sekreterare-ks"],
            body=tk.ks,
            meeting_date=DAY,
            paragraph=1,
            title="Cykelställ",
            assignments=[
                AssignmentDraft(
                    title="Kortare handläggning",
                    what="Fakturor betalas inom 30 dagar.",
                    recipients=["enhet-gata-park"],
                )
            ],
        )
    draft = start(tk)
    with pytest.raises(ChainViolation) as drafted:
        save(tk, draft, 1, title="Cykelställ", data=wrong)
    assert drafted.value.message == direct.value.message
    assert drafted.value.field == "recipients"
    assert draft.paragraphs.count() == 0
    assert Deviation.objects.count() == 0  # a refusal is no deviation

    # "Beslutet fattades så": kept as a draft, and at justering a decision with a deviation.
    save(tk, draft, 1, title="Cykelställ", data={**wrong, "accept_deviation": True})
    assert Deviation.objects.count() == 0
    meeting = approve(tk, draft)
    decision = meeting.decisions.get()
    assert decision.assignments.get().outside_chain
    assert Deviation.objects.count() == 1


def test_justering_registers_everything_and_locks(testkommun):
    tk = testkommun
    draft = start(tk)
    save(tk, draft, 1)
    save(tk, draft, 2, kind=ParagraphKind.NOTED, title="Anmälningar", data={"text": "Läggs."})
    meeting = approve(tk, draft)
    assert meeting.approved_on == date(2026, 3, 17) and meeting.adjusters.startswith("Ordf")
    decisions = list(meeting.decisions.order_by("paragraph"))
    assert [(d.paragraph, d.approved_on) for d in decisions] == [
        (1, date(2026, 3, 17)),
        (2, date(2026, 3, 17)),
    ]
    assert decisions[0].assignments.count() == 1 and decisions[1].assignments.count() == 0
    draft.refresh_from_db()
    assert draft.meeting == meeting
    assert all(p.decision_id for p in draft.paragraphs.all())

    # Locked: nothing added, changed or removed — here and through the decision service.
    with pytest.raises(Conflict) as exc:
        save(tk, draft, 3, kind=ParagraphKind.NOTED, title="Sent", data={})
    assert exc.value.code == "meeting_locked" and "låst" in exc.value.message
    with pytest.raises(Conflict):
        save(tk, draft, 1, paragraph=draft.paragraphs.get(number=1))
    with pytest.raises(Conflict):
        draft_paragraph_delete(actor=tk.users["sekreterare-ks"], paragraph=draft.paragraphs.first())
    with pytest.raises(Conflict) as exc:
        decision_register(
            actor=tk.users["sekreterare-ks"], body=tk.ks, meeting_date=DAY, paragraph=3, title="X"
        )
    assert exc.value.code == "meeting_locked"
    with pytest.raises(Conflict):
        approve(tk, draft)
    with pytest.raises(Conflict):
        start(tk)
    assert meeting.decisions.count() == 2


def test_justering_is_all_or_nothing(testkommun):
    tk = testkommun
    draft = start(tk)
    save(tk, draft, 1)
    save(tk, draft, 2, kind=ParagraphKind.NOTED, title="Anmälningar", data={})
    # § 2 is taken meanwhile by another KS meeting that year.
    decision_register(
        actor=tk.users["sekreterare-ks"],
        body=tk.ks,
        meeting_date=date(2026, 2, 10),
        paragraph=2,
        title="Annat",
    )
    with pytest.raises(ValidationFailed) as exc:
        approve(tk, draft)
    assert "§ 2" in exc.value.errors["paragraphs[2]"]
    assert "paragraphs[1]" not in exc.value.errors
    assert not Meeting.objects.filter(body=tk.ks, date=DAY).exists()
    assert Decision.objects.filter(body=tk.ks, year=2026).count() == 1


def test_bad_input_and_rights(testkommun):
    tk = testkommun
    with pytest.raises(ValidationFailed) as exc:
        start(tk, day=date(2099, 1, 1))
    assert "hållits" in exc.value.errors["meeting_date"]
    with pytest.raises(PermissionDenied):
        start(tk, body=tk.bun)  # the KS secretary is not BUN's
    draft = start(tk)
    save(tk, draft, 1)
    with pytest.raises(ValidationFailed) as exc:
        save(tk, draft, 1)
    assert "finns redan i det här sammanträdet" in exc.value.errors["paragraph"]
    with pytest.raises(ValidationFailed) as exc:
        save(tk, draft, 2, title="")
    assert exc.value.errors["title"] == "Ange beslutets rubrik."
    with pytest.raises(ValidationFailed) as exc:
        approve(tk, draft, who=" ")
    assert "adjusters" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        approve(tk, draft, day=date(2026, 3, 1))
    assert "före sammanträdet" in exc.value.errors["approved_on"]
    assert not Meeting.objects.filter(body=tk.ks, date=DAY).exists()


def test_frame_change_and_delegation_paragraphs(testkommun):
    tk = testkommun
    # A frame change is KF's: the KS secretary is told so beside the §, nothing stored.
    draft = start(tk)
    frame = {"change_kind": "addition", "target_body": "bun", "amount": "1000", "unlinked": True}
    with pytest.raises(ValidationFailed) as exc:
        save(tk, draft, 1, kind=ParagraphKind.FRAME_CHANGE, title="Mer till BUN", data=frame)
    assert "kommunfullmäktiges sekreterare" in exc.value.errors["__all__"]

    from tillit.economy.models import FrameChange
    from tillit.economy.services import frame_set

    budget = decision_register(
        actor=tk.users["sekreterare-kf"],
        body=tk.kf,
        meeting_date=date(2026, 1, 20),
        paragraph=1,
        title="Budget",
    )
    frame_set(actor=None, body=tk.bun, year=2026, amount="1000000", decision=budget)
    kf = start(tk, body=tk.kf, user="sekreterare-kf")
    assert next_paragraph_number(kf) == 2
    with pytest.raises(ValidationFailed) as exc:
        save(
            tk,
            kf,
            2,
            kind=ParagraphKind.FRAME_CHANGE,
            title="Mer",
            data={**frame, "amount": "-5"},
            user="sekreterare-kf",
        )
    assert "positivt" in exc.value.errors["amount"]
    save(
        tk,
        kf,
        2,
        kind=ParagraphKind.FRAME_CHANGE,
        title="Mer till BUN",
        data=frame,
        user="sekreterare-kf",
    )
    assert not FrameChange.objects.exists()
    meeting_draft_approve(
        actor=tk.users["sekreterare-kf"], draft=kf, approved_on=date(2026, 3, 17), adjusters="Ordf."
    )
    change = FrameChange.objects.get()
    assert change.body == tk.bun and change.amount == 1000 and change.decision.paragraph == 2

    from tillit.barometer.services import delegation_decision_register

    row = delegation_decision_register(
        actor=None,
        body=tk.ks,
        delegation_point="3.1",
        decided_on=date(2026, 2, 1),
        title="Avtal om städning",
        content="Kommundirektören tecknade avtal.",
        delegate_role="kommundirektör",
        system=True,
    )
    with pytest.raises(ValidationFailed) as exc:
        save(tk, draft, 1, kind=ParagraphKind.DELEGATION_REPORT, title="Delegation", data={})
    assert "delegations" in exc.value.errors
    save(
        tk,
        draft,
        1,
        kind=ParagraphKind.DELEGATION_REPORT,
        title="Anmälan av delegationsbeslut",
        data={"delegations": [row.pk]},
    )
    row.refresh_from_db()
    assert row.reported_meeting_id is None  # a draft changes nothing
    meeting = approve(tk, draft)
    assert DelegationDecision.objects.get(pk=row.pk).reported_meeting == meeting


def test_report_decision_paragraph(testkommun):
    from tillit.followup.models import ReportDecision
    from tillit.followup.services import report_file

    tk = testkommun
    report = report_file(
        actor=tk.users["kommundirektor"],
        assignment=tk.assignment_ks,
        period="2023-T1",
        status="on_track",
        narrative="Det går bra.",
        resources_suffice=True,
        submitted_on=date(2023, 5, 2),
    )
    today = timezone.localdate()
    draft = start(tk, day=today)
    data = {"report": report.pk, "outcome": "complete"}
    with pytest.raises(ValidationFailed) as exc:
        save(
            tk,
            draft,
            1,
            kind=ParagraphKind.REPORT_DECISION,
            title="Uppf.",
            data={**data, "outcome": ""},
        )
    assert exc.value.errors["outcome"] == "Välj vad organet beslutar om rapporten."
    save(tk, draft, 1, kind=ParagraphKind.REPORT_DECISION, title="Uppföljning", data=data)
    assert not ReportDecision.objects.exists()
    approve(tk, draft, day=today)
    decided = ReportDecision.objects.get()
    assert decided.decision.reference == f"KS {today.year} § 1"
    tk.assignment_ks.refresh_from_db()
    assert tk.assignment_ks.status == "completed"


def test_a_meeting_registered_elsewhere_is_justerad_here(testkommun):
    from tillit.minutes.meetings import registered_earlier

    tk = testkommun
    # KS 2023-03-14 § 12 came through the decision form: the meeting can be justerad here.
    draft = start(tk, day=date(2023, 3, 14))
    assert [d.paragraph for d in registered_earlier(draft)] == [12]
    assert next_paragraph_number(draft) == 13
    meeting = approve(tk, draft, day=date(2023, 3, 20))
    assert meeting == tk.decision_ks.meeting and meeting.is_locked
    assert list(meeting.decisions.values_list("paragraph", flat=True)) == [12]
    # Nothing to justera at all is still refused.
    empty = start(tk, day=date(2023, 4, 4))
    with pytest.raises(ValidationFailed) as exc:
        approve(tk, empty, day=date(2023, 4, 5))
    assert "minst en paragraf" in exc.value.errors["paragraphs"]
