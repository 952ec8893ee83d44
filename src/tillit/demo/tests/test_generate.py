"""`tillit generate` at a small size: counts, the decision chain and determinism."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tillit.assignments.chain import check_recipients
from tillit.assignments.models import Assignment, AssignmentEvent, AssignmentRecipient, Status
from tillit.decisions.models import Decision
from tillit.demo.generate import (
    GenerateError,
    dataset_counts,
    dataset_fingerprint,
    generate,
    generated_municipalities,
)
from tillit.economy.models import Frame, FrameChange
from tillit.followup.models import Report

pytestmark = pytest.mark.django_db

SMALL = {"municipalities": 3, "assignments": 10, "years": 2}


def test_counts_chain_and_determinism():
    first = generate(**SMALL, seed=1, allow_sqlite=True)
    counts = dataset_counts()
    assert counts["municipalities"] == 3
    assert counts["bodies"] == 3 * 7 and counts["offices"] == 3 * 15
    assert counts["assignments"] == 30
    assert counts["frames"] == 3 * 5 * 2  # five budget bodies, two years
    assert counts["actual_lines"] == 3 * 12 * 5 * 4  # a year: month x body x account class
    assert counts["events"] >= counts["assignments"]  # at least "issued" for each
    assert counts["decisions"] >= counts["assignments"] + 3 * 2 * 2  # budgets, additions
    assert first.checked_pairs == 15
    assert [m.slug for m in generated_municipalities().order_by("slug")] == [
        "kommun-0001",
        "kommun-0002",
        "kommun-0003",
    ]

    # Every recipient follows the decision chain, checked with the rule itself.
    for assignment in Assignment.objects.select_related("issuer"):
        recipients = list(assignment.recipients.all())
        targets = [r.target for r in recipients]
        lead = next(r.target for r in recipients if r.is_lead) if len(targets) > 1 else None
        check_recipients(
            issuer=assignment.issuer, recipients=targets, lead=lead, on=assignment.issued_on
        )
        assert sum(r.is_lead for r in recipients) == 1
        # The history ends in the stored status; closing steps carry a decision of the issuer.
        events = list(AssignmentEvent.objects.filter(assignment=assignment).order_by("id"))
        assert events[0].kind == "issued" and events[-1].to_status == assignment.status
        for event in events[1:]:
            if event.to_status in (Status.COMPLETED, Status.CANCELLED):
                assert event.decision.body_id == assignment.issuer_id
                assert event.decision.meeting.date >= assignment.issued_on
    assert AssignmentRecipient.objects.filter(assignment__municipality__slug="kommun-0001").exists()
    # § numbers are unique per body and year (a database constraint, reached through bulk).
    assert Decision.objects.count() == len(
        set(Decision.objects.values_list("body_id", "year", "paragraph"))
    )
    assert Report.objects.filter(period__endswith="-DR").exists()
    assert Frame.objects.exists()
    # frame changes that fund assignments are linked to them; the rest are marked unlinked
    assert FrameChange.objects.filter(assignments__isnull=False).exists()
    assert not FrameChange.objects.filter(assignments__isnull=True, unlinked=False).exists()

    # Same seed -> same data; another seed -> other data.
    fingerprint = dataset_fingerprint()
    with pytest.raises(GenerateError, match="--reset"):
        generate(**SMALL, seed=1, allow_sqlite=True)
    generate(**SMALL, seed=1, allow_sqlite=True, reset=True)
    assert dataset_fingerprint() == fingerprint
    assert dataset_counts() == counts
    generate(**SMALL, seed=2, allow_sqlite=True, reset=True)
    assert dataset_fingerprint() != fingerprint


def test_command_refuses_sqlite_without_flag():
    if connection.vendor != "sqlite":
        pytest.skip("the refusal is for SQLite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate", municipalities=1, assignments=1, years=1, stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "generate", municipalities=1, assignments=2, years=1, allow_sqlite=True, stdout=out
    )
    assert "Genererade 1 kommuner" in out.getvalue()
