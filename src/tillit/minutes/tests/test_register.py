"""meeting_register: the same services as hand registration, all or nothing, never twice,
idempotent replay; meeting_review: recipient matching and the chain check per paragraph."""

from copy import deepcopy
from datetime import date

import pytest

from tillit.analysis.models import TextAnalysis
from tillit.assignments.models import Assignment
from tillit.audit.models import AuditEvent
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.decisions.models import Decision
from tillit.minutes import services
from tillit.minutes.models import Protocol, ProtocolParagraph
from tillit.minutes.selectors import REGISTERED, TAKEN, meeting_parse, meeting_review
from tillit.minutes.services import meeting_register

DAY = "2024-03-12"


def meeting(**overrides):
    """A KS meeting in the reader's shape: an assignment to the kommundirektör (written as in
    the minutes), a delegation report, and an assignment straight to a unit (outside the chain)."""
    value = {
        "body_guess": "Kommunstyrelsen",
        "meeting_date": DAY,
        "paragraphs": [
            {
                "number": 30,
                "title": "Digitalisering som frigör resurser",
                "kind": "assignment",
                "decision_text": "Kommunstyrelsen beslutar att ge kommundirektören i uppdrag att "
                "frigöra resurser genom digitalisering.",
                "has_assignment": True,
                "assignments": [
                    {
                        "recipient_text": "kommundirektören",
                        "recipient": None,
                        "what": "Frigöra minst två procent av kostnaderna till skola och omsorg.",
                        "deadline": "2024-12-31",
                        "resources_sek": 300000,
                    }
                ],
            },
            {
                "number": 31,
                "title": "Anmälan av delegationsbeslut",
                "kind": "delegation_report",
                "decision_text": "Anmälan läggs till handlingarna.",
                "has_assignment": False,
                "assignments": [],
            },
            {
                "number": 32,
                "title": "Cykelställ vid torget",
                "kind": "assignment",
                "decision_text": "Kommunstyrelsen ger Gata/park i uppdrag att flytta cykelställen.",
                "has_assignment": True,
                "assignments": [
                    {
                        "recipient_text": "Gata/park",
                        "recipient": None,
                        "what": "Flytta cykelställen till norra sidan av torget.",
                        "deadline": None,
                        "resources_sek": None,
                    }
                ],
            },
        ],
    }
    value.update(overrides)
    return value


def register(kommun, user=None, **kw):
    kw.setdefault("meeting", meeting())
    return meeting_register(
        actor=user or kommun.users["sekreterare-ks"], municipality=kommun.municipality, **kw
    )


def test_review_matches_recipients_and_checks_the_chain_per_paragraph(kommun):
    review = meeting_review(municipality=kommun.municipality, meeting=meeting_parse(meeting()))
    assert review.body == kommun.ks
    first, second, third = review.paragraphs
    assert first.assignments[0].recipient == "kommundirektor"
    assert first.ok and second.ok
    assert third.assignments[0].recipient == "enhet-gata-park"
    assert "enhet" in third.chain_error and "kommundirektören" in third.chain_error
    assert not third.ok
    assert first.assignments[0].advice["advice"] is not None  # the vad/hur advice is shown


def test_registers_ticked_paragraphs_through_the_decision_services(kommun):
    before = AuditEvent.objects.count()
    result = register(kommun, selected={30, 31})
    assert [r["number"] for r in result.registered] == [30, 31]
    decision = Decision.objects.get(body=kommun.ks, year=2024, paragraph=30)
    assert decision.meeting.date == date(2024, 3, 12)
    assert decision.registered_by == kommun.users["sekreterare-ks"]
    assignment = decision.assignments.get()
    assert [r.office for r in assignment.recipients.all()] == [kommun.kommundirektor]
    assert assignment.resources_sek == 300000
    assert assignment.deadline == date(2024, 12, 31)
    assert TextAnalysis.objects.filter(assignment=assignment).exists()
    assert AuditEvent.objects.count() > before
    assert result.not_selected == [32]
    protocol = Protocol.objects.get()
    assert protocol.registered_by == kommun.users["sekreterare-ks"]
    assert sorted(protocol.paragraphs.values_list("number", flat=True)) == [30, 31]
    assert protocol.result["registered"][0]["reference"] == "KS 2024 § 30"


def test_a_chain_violation_refuses_the_whole_meeting_and_names_the_paragraph(kommun):
    with pytest.raises(ChainViolation) as caught:
        register(kommun)  # every paragraph ticked, § 32 goes to a unit
    assert caught.value.field == "paragraphs[2].assignments[0].recipients"
    assert caught.value.message.startswith("§ 32:")
    assert Decision.objects.count() == 0
    assert Assignment.objects.count() == 0
    assert Protocol.objects.count() == 0


def test_corrected_recipient_is_registered(kommun):
    corrections = {
        32: {
            "assignments": [
                {
                    "recipient": "kommundirektor",
                    "what": "Cykelparkeringen vid torget räcker till alla som vill parkera.",
                }
            ]
        }
    }
    result = register(kommun, corrections=corrections)
    assert [r["number"] for r in result.registered] == [30, 31, 32]
    d = Decision.objects.get(paragraph=32)
    assert d.assignments.get().recipients.get().office == kommun.kommundirektor


def test_unmatched_recipient_needs_a_human(kommun):
    data = meeting()
    data["paragraphs"][0]["assignments"][0]["recipient_text"] = "tekniska chefen"
    with pytest.raises(ValidationFailed) as caught:
        register(kommun, meeting=data, selected={30})
    assert "paragraphs[0].assignments[0].recipients" in caught.value.errors
    assert "tekniska chefen" in caught.value.errors["paragraphs[0].assignments[0].recipients"]
    assert Decision.objects.count() == 0


def test_the_same_paragraph_is_never_registered_twice_and_reupload_shows_what_is_new(kommun):
    register(kommun, selected={30, 31})
    again = register(kommun, selected={30, 31})
    assert again.registered == [] and again.already_registered == [30, 31]
    assert Decision.objects.filter(body=kommun.ks).count() == 2

    corrected = meeting()
    corrected["paragraphs"][2]["assignments"][0]["recipient_text"] = "kommundirektören"
    review = meeting_review(municipality=kommun.municipality, meeting=meeting_parse(corrected))
    assert [p.status for p in review.paragraphs] == [REGISTERED, REGISTERED, "new"]
    assert [p.selected for p in review.paragraphs] == [False, False, True]
    result = register(kommun, meeting=corrected)
    assert [r["number"] for r in result.registered] == [32]
    assert result.already_registered == [30, 31]
    assert Decision.objects.filter(body=kommun.ks).count() == 3
    assert ProtocolParagraph.objects.count() == 3


def test_a_paragraph_number_used_by_another_meeting_is_refused(kommun):
    register(kommun, selected={30})
    other = meeting(meeting_date="2024-04-09")
    review = meeting_review(municipality=kommun.municipality, meeting=meeting_parse(other))
    assert review.paragraphs[0].status == TAKEN
    with pytest.raises(ValidationFailed) as caught:
        register(kommun, meeting=other, selected={30})
    assert "§ 30 finns redan" in caught.value.errors["paragraphs[0].paragraph"]


def test_idempotent_replay_answers_the_same_and_stores_nothing_more(kommun):
    first = register(kommun, selected={30, 31}, idempotency_key="ks-2024-03-12")
    replay = register(kommun, selected={30, 31}, idempotency_key="ks-2024-03-12")
    assert replay.replayed and not first.replayed
    assert replay.as_json() == first.as_json()
    assert Protocol.objects.count() == 1
    assert Decision.objects.count() == 2
    with pytest.raises(Conflict):
        register(kommun, selected={30}, idempotency_key="ks-2024-03-12")


def test_only_the_bodys_secretary_may_register(kommun):
    with pytest.raises(PermissionDenied):
        register(kommun, user=kommun.users["sekreterare-bun"], selected={30})
    assert Decision.objects.count() == 0


def test_an_unknown_body_is_refused(kommun):
    with pytest.raises(ValidationFailed) as caught:
        register(kommun, meeting=meeting(body_guess="Tekniska nämnden"), selected={30})
    assert "Tekniska nämnden" in caught.value.errors["body"]


def test_a_failure_in_the_middle_stores_nothing(kommun, monkeypatch):
    """Fault injection: the second decision fails after the first was written — also when the
    meeting is looked at again once (what a concurrent registration would need)."""
    real = services.decision_register
    calls = []

    def failing_second(**kw):
        calls.append(kw["paragraph"])
        if kw["paragraph"] == 31:
            raise Conflict("Samtidig registrering.")
        return real(**kw)

    monkeypatch.setattr(services, "decision_register", failing_second)
    with pytest.raises(Conflict):
        register(kommun, selected={30, 31})
    assert calls == [30, 31, 30, 31]
    assert Decision.objects.count() == 0
    assert Protocol.objects.count() == 0


@pytest.mark.parametrize(
    "broken, path",
    [
        ({"paragraphs": "none"}, "paragraphs"),
        ({"meeting_date": "12/3/2024"}, "meeting_date"),
        ({"paragraphs": [{"number": "30", "title": "x"}]}, "paragraphs[0].number"),
        (
            {"paragraphs": [{"number": 1, "title": "x"}, {"number": 1, "title": "y"}]},
            "paragraphs[1].number",
        ),
    ],
)
def test_bad_shape_is_refused_with_field_paths(broken, path):
    with pytest.raises(ValidationFailed) as caught:
        meeting_parse(meeting(**deepcopy(broken)))
    assert path in caught.value.errors


def test_an_assignment_decided_outside_the_chain_is_registered_as_a_deviation(kommun):
    """The minutes say KS gave Gata/park the assignment: with accept_deviation it is registered as
    decided, marked outside the chain and recorded as a deviation for the barometer."""
    from tillit.barometer.models import Deviation

    review = meeting_review(
        municipality=kommun.municipality,
        meeting=meeting_parse(meeting()),
        corrections={32: {"accept_deviation": True}},
    )
    third = review.paragraphs[2]
    assert third.ok and "enhet" in third.assignments[0].outside_chain
    result = register(kommun, corrections={32: {"accept_deviation": True}})
    assert [r["number"] for r in result.registered] == [30, 31, 32]
    assert result.registered[2]["deviation_ids"] and not result.registered[0]["deviation_ids"]
    assignment = Decision.objects.get(paragraph=32).assignments.get()
    assert assignment.outside_chain
    assert Deviation.objects.filter(pk__in=result.registered[2]["deviation_ids"]).count() == 1


@pytest.mark.parametrize(
    "guess, warned",
    [("Ljungby kommun", True), ("Testkommun", False), ("Testkommuns", False), (None, False)],
)
def test_a_protocol_of_another_municipality_is_flagged(kommun, guess, warned):
    review = meeting_review(
        municipality=kommun.municipality,
        meeting=meeting_parse(meeting(municipality_guess=guess)),
    )
    assert bool(review.municipality_warning) is warned
    if warned:
        assert "Ljungby kommun" in review.municipality_warning
