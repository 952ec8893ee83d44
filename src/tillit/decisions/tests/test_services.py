"""decision_register: permission, validation, atomicity; and the assignment lifecycle it starts."""

from datetime import date

import pytest
from django.utils import timezone

from tillit.assignments.models import Assignment, AssignmentEvent, Status
from tillit.assignments.services import AssignmentDraft, assignment_change_status
from tillit.core.errors import (
    ChainViolation,
    PermissionDenied,
    TillitError,
    ValidationFailed,
)
from tillit.decisions.models import Decision, Initiative, Meeting
from tillit.decisions.services import decision_register

DAY = date(2026, 3, 10)


def draft(**overrides):
    values = {
        "title": "Digitalisering som frigör resurser",
        "what": "Minst 2 procent av kostnaderna frigörs till skola och äldreomsorg.",
        "why": "Resurserna behövs i kärnverksamheten.",
        "recipients": ["kommundirektor"],
        "resources_sek": 500000,
        "deadline": date(2026, 9, 30),
        "followups": [date(2026, 6, 1)],
    }
    values.update(overrides)
    return AssignmentDraft(**values)


def register(kommun, user=None, body=None, paragraph=45, assignments=None, **kw):
    return decision_register(
        actor=user or kommun.users["sekreterare-ks"],
        body=body or kommun.ks,
        paragraph=paragraph,
        title="Uppdrag om digitalisering",
        text="Kommunstyrelsen beslutar ...",
        case_number="KS 2026/12",
        initiative=Initiative.POLITICAL,
        assignments=[draft()] if assignments is None else assignments,
        **{"meeting_date": DAY, **kw},
    )


def test_register_creates_decision_assignment_and_history(kommun):
    decision = register(kommun)
    assert decision.reference == "KS 2026 § 45"
    assignment = decision.assignments.get()
    assert assignment.issuer == kommun.ks
    assert assignment.status == Status.DECIDED
    assert assignment.resources_sek == 500000
    assert [r.slug for r in assignment.recipients.all()] == ["kommundirektor"]
    assert assignment.recipients.get().is_lead
    assert [f.due_on for f in assignment.followups.all()] == [date(2026, 6, 1)]
    event = assignment.events.get()
    assert event.kind == "issued" and event.decision == decision
    assert event.actor == kommun.users["sekreterare-ks"]
    assert event.snapshot["recipients"] == ["kommundirektor"]


def test_chain_violation_stores_nothing(kommun):
    ok = draft(title="Första")
    wrong = draft(title="Andra", recipients=["enhet-gata-park"])
    with pytest.raises(ChainViolation) as excinfo:
        register(kommun, assignments=[ok, wrong])
    assert excinfo.value.field == "assignments[1].recipients"
    assert "kommundirektören" in excinfo.value.message
    assert not Decision.objects.exists()
    assert not Meeting.objects.exists()
    assert not Assignment.objects.exists()


def test_database_error_midway_rolls_back(kommun, monkeypatch):
    """Atomic even when storage fails after the checks passed."""
    from tillit.decisions import services

    calls = []

    def failing_issue(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_issue(**kwargs)

    real_issue = services.assignment_issue
    monkeypatch.setattr(services, "assignment_issue", failing_issue)
    with pytest.raises(RuntimeError):
        register(kommun, assignments=[draft(title="A"), draft(title="B")])
    assert Decision.objects.count() == 0
    assert Assignment.objects.count() == 0
    assert AssignmentEvent.objects.count() == 0


def test_secretary_may_register_for_own_body_only(kommun):
    with pytest.raises(PermissionDenied):
        register(
            kommun,
            user=kommun.users["sekreterare-ks"],
            body=kommun.kf,
            assignments=[draft(recipients=["ks"])],
        )
    with pytest.raises(PermissionDenied):
        register(kommun, user=kommun.users["utan-roll"])
    with pytest.raises(PermissionDenied):
        register(kommun, user=kommun.users["kommundirektor"])  # a chief does not decide
    decision = register(
        kommun,
        user=kommun.users["sekreterare-kf"],
        body=kommun.kf,
        assignments=[draft(recipients=["ks"])],
    )
    assert decision.body == kommun.kf
    assert register(kommun, user=kommun.users["admin"], paragraph=46).pk


def test_paragraph_unique_per_body_and_year(kommun):
    register(kommun)
    with pytest.raises(ValidationFailed) as excinfo:
        register(kommun)
    assert "§ 45 finns redan" in excinfo.value.errors["paragraph"]
    # Same § in another body, or the next year, is fine.
    register(
        kommun,
        user=kommun.users["sekreterare-bun"],
        body=kommun.bun,
        assignments=[draft(recipients=["forvaltningschef-bun"])],
    )
    decision_register(
        actor=kommun.users["sekreterare-ks"],
        body=kommun.ks,
        meeting_date=date(2027, 1, 20),
        paragraph=45,
        title="Nytt år",
    )
    assert Decision.objects.filter(paragraph=45).count() == 3


def test_field_errors_are_collected_with_paths(kommun):
    with pytest.raises(ValidationFailed) as excinfo:
        decision_register(
            actor=kommun.users["sekreterare-ks"],
            body=kommun.ks,
            meeting_date=DAY,
            paragraph=0,
            title=" ",
            approved_on=date(2026, 1, 1),
            initiative="rykten",
            assignments=[draft(what="", deadline=date(2025, 1, 1), resources_sek=-5)],
        )
    errors = excinfo.value.errors
    assert set(errors) >= {
        "paragraph",
        "title",
        "approved_on",
        "initiative",
        "assignments[0].what",
        "assignments[0].deadline",
        "assignments[0].resources_sek",
    }
    assert not Decision.objects.exists()


def test_decision_without_assignments(kommun):
    decision = register(kommun, assignments=[])
    assert decision.assignments.count() == 0


def test_lifecycle_and_history(kommun):
    decision = register(kommun)
    assignment = decision.assignments.get()
    chief = kommun.users["kommundirektor"]
    assignment_change_status(actor=chief, assignment=assignment, to_status=Status.IN_PROGRESS)
    assignment_change_status(
        actor=chief, assignment=assignment, to_status=Status.REPORTED, source_label="Återrapport T2"
    )
    # Completing needs a decision of the issuing body.
    with pytest.raises(ValidationFailed) as excinfo:
        assignment_change_status(actor=chief, assignment=assignment, to_status=Status.COMPLETED)
    assert "kräver ett beslut" in excinfo.value.errors["decision"]
    bun_decision = register(
        kommun,
        user=kommun.users["sekreterare-bun"],
        body=kommun.bun,
        assignments=[draft(recipients=["forvaltningschef-bun"])],
    )
    with pytest.raises(ChainViolation):
        assignment_change_status(
            actor=kommun.users["sekreterare-bun"],
            assignment=assignment,
            to_status=Status.COMPLETED,
            decision=bun_decision,
        )
    # The report was recorded today: the closing decision is dated today, not earlier.
    closing = register(kommun, paragraph=80, assignments=[], meeting_date=timezone.localdate())
    with pytest.raises(PermissionDenied):
        assignment_change_status(
            actor=chief, assignment=assignment, to_status=Status.COMPLETED, decision=closing
        )
    assignment_change_status(
        actor=kommun.users["sekreterare-ks"],
        assignment=assignment,
        to_status=Status.COMPLETED,
        decision=closing,
        note="Klart",
    )
    with pytest.raises(TillitError) as excinfo:
        assignment_change_status(
            actor=kommun.users["sekreterare-ks"],
            assignment=assignment,
            to_status=Status.IN_PROGRESS,
            decision=closing,
        )
    assert excinfo.value.code == "assignment_closed"
    history = list(assignment.events.order_by("id"))
    assert [(e.from_status, e.to_status) for e in history] == [
        ("", "decided"),
        ("decided", "in_progress"),
        ("in_progress", "reported"),
        ("reported", "completed"),
    ]
    assert history[2].source_label == "Återrapport T2"
    assert history[3].decision == closing and history[3].actor == kommun.users["sekreterare-ks"]


def test_council_can_cancel_a_ks_assignment(kommun):
    """A body above the issuer may decide on the assignment too."""
    assignment = register(kommun).assignments.get()
    kf_decision = register(
        kommun, user=kommun.users["sekreterare-kf"], body=kommun.kf, paragraph=7, assignments=[]
    )
    assignment_change_status(
        actor=kommun.users["sekreterare-kf"],
        assignment=assignment,
        to_status=Status.CANCELLED,
        decision=kf_decision,
    )
    assignment.refresh_from_db()
    assert assignment.status == Status.CANCELLED


def test_unrelated_user_cannot_start_an_assignment(kommun):
    assignment = register(kommun).assignments.get()
    with pytest.raises(PermissionDenied):
        assignment_change_status(
            actor=kommun.users["utan-roll"], assignment=assignment, to_status=Status.IN_PROGRESS
        )
    with pytest.raises(ValidationFailed):
        assignment_change_status(
            actor=kommun.users["kommundirektor"],
            assignment=assignment,
            to_status=Status.COMPLETED + "x",
        )


def test_the_issuing_decision_cannot_close_its_own_assignment(kommun):
    decision = register(kommun)
    assignment = decision.assignments.get()
    with pytest.raises(ValidationFailed) as excinfo:
        assignment_change_status(
            actor=kommun.users["sekreterare-ks"],
            assignment=assignment,
            to_status=Status.CANCELLED,
            decision=decision,
        )
    assert "gav uppdraget och kan inte också avsluta" in excinfo.value.errors["decision"]
    assert Assignment.objects.get(pk=assignment.pk).status == Status.DECIDED


def test_a_status_change_cannot_be_dated_before_the_last_one(kommun):
    assignment = register(kommun).assignments.get()
    chief = kommun.users["kommundirektor"]
    assignment_change_status(
        actor=chief,
        assignment=assignment,
        to_status=Status.IN_PROGRESS,
        occurred_on=date(2026, 3, 20),
    )
    with pytest.raises(ValidationFailed) as excinfo:
        assignment_change_status(
            actor=chief,
            assignment=assignment,
            to_status=Status.REPORTED,
            occurred_on=date(2026, 3, 15),
        )
    assert "före uppdragets senaste statusändring 2026-03-20" in excinfo.value.errors["occurred_on"]
    earlier = register(kommun, paragraph=81, assignments=[], meeting_date=date(2026, 3, 15))
    with pytest.raises(ValidationFailed) as excinfo:
        assignment_change_status(
            actor=kommun.users["sekreterare-ks"],
            assignment=assignment,
            to_status=Status.CANCELLED,
            decision=earlier,
        )
    assert "senaste statusändring" in excinfo.value.errors["decision"]
    assert Assignment.objects.get(pk=assignment.pk).status == Status.IN_PROGRESS
