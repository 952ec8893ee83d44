"""Review findings P1-4 and P1-5: no report on a closed assignment, and a question put to a
chief reaches her inbox even once the assignment is closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tillit.assignments.models import Status
from tillit.core.errors import TillitError
from tillit.followup import services
from tillit.followup.models import Outcome, Report, ReportState
from tillit.followup.selectors import inbox_for

pytestmark = pytest.mark.django_db

REPORT = {
    "status": "on_track",
    "narrative": "Slutrapport: allt är klart.",
    "resources_suffice": True,
    "forecast": "Uppdraget är slutfört.",
}


def _close(fu):
    """File the T1 report of KS's assignment and let KS complete the assignment on it."""
    report = services.report_file(
        actor=fu.users["kommundirektor"], assignment=fu.assignment_ks, period="2023-T1", **REPORT
    )
    services.report_decide(
        actor=fu.users["sekreterare-ks"],
        report=report,
        outcome=Outcome.COMPLETE,
        meeting_date=timezone.localdate(),
        paragraph=12,
    )
    fu.assignment_ks.refresh_from_db()
    assert fu.assignment_ks.status == Status.COMPLETED


def test_a_draft_saved_before_closing_is_not_submitted_after(fu):
    chief = fu.users["kommundirektor"]
    draft = services.report_save_draft(
        actor=chief, assignment=fu.assignment_ks, period="2023-DR", **REPORT
    )
    _close(fu)
    with pytest.raises(TillitError) as exc:
        services.report_submit(actor=chief, report=draft)
    assert exc.value.code == "assignment_closed"
    assert str(exc.value) == "Uppdraget är avslutat; det rapporteras inte längre."
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT and draft.submitted_at is None
    # A new periodic report is refused the same way, and nothing is stored.
    with pytest.raises(TillitError, match="det rapporteras inte längre"):
        services.report_file(actor=chief, assignment=fu.assignment_ks, period="2023-AR", **REPORT)
    assert not Report.objects.filter(assignment=fu.assignment_ks, period="2023-AR").exists()


def test_a_question_about_a_closed_assignment_reaches_the_chiefs_inbox(fu):
    _close(fu)
    asked = timezone.localdate() - timedelta(days=30)
    question = services.question_ask(
        actor=fu.users["ledamot-ks"],
        assignment=fu.assignment_ks,
        text="Hur stor blev besparingen?",
        asked_on=asked,
    )
    assert question.due_on < timezone.localdate()
    inbox = inbox_for(user=fu.users["kommundirektor"], municipality=fu.municipality)
    assert inbox.questions == [question]
    # Answered, it leaves the inbox.
    services.question_answer(
        actor=fu.users["kommundirektor"], question=question, text="600 000 kr."
    )
    inbox = inbox_for(user=fu.users["kommundirektor"], municipality=fu.municipality)
    assert inbox.questions == []
