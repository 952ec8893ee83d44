"""Reads that must not grow with the data, and periods far back enough (review fixes)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tillit.accounts.services import role_grant
from tillit.followup import services
from tillit.followup.models import ReportState
from tillit.followup.selectors import open_periods, reports_visible

pytestmark = pytest.mark.django_db

PERIODS = ["2023-T1", "2023-DR", "2023-AR", "2024-T1", "2024-DR", "2024-AR", "2025-T1", "2025-DR"]


def _drafts(fu, count):
    for period in PERIODS[:count]:
        services.report_save_draft(
            actor=fu.users["kommundirektor"],
            assignment=fu.assignment_ks,
            period=period,
            status="on_track",
            narrative="Utkast.",
        )


def _count(user, m):
    with CaptureQueriesContext(connection) as ctx:
        rows = list(reports_visible(municipality=m, user=user))
    return len(rows), len(ctx.captured_queries)


def test_reports_visible_does_not_grow_with_the_drafts(fu, django_assert_max_num_queries):
    m = fu.municipality
    chief = fu.users["kommundirektor"]
    _drafts(fu, 1)
    one_rows, one_queries = _count(chief, m)
    _drafts(fu, len(PERIODS))
    rows, queries = _count(chief, m)
    assert (one_rows, rows) == (1, len(PERIODS))
    assert queries == one_queries
    with django_assert_max_num_queries(8):
        assert len(list(reports_visible(municipality=m, user=chief))) == len(PERIODS)
    # the rule is unchanged: another chief, a politician and the public see no drafts
    role_grant(
        user=fu.users["politiker-bun"],
        municipality=m,
        kind="chief",
        office=fu.forvaltningschef_bun,
    )
    for user in (fu.users["politiker-bun"], fu.users["ledamot-ks"], None):
        assert list(reports_visible(municipality=m, user=user)) == []
    auditor = fu.users["lasare"]
    role_grant(user=auditor, municipality=m, kind="auditor")
    assert {r.state for r in reports_visible(municipality=m, user=auditor)} == {ReportState.DRAFT}


def test_open_periods_reaches_back_past_a_long_due_time(fu):
    """With report_due_days=120 the 2023-DR report (period end 31 Aug) is due 29 Dec; 100 days
    later it is still overdue within the default 120 back days and must be listed."""
    services.report_cycle_configure(
        actor=fu.users["admin"],
        municipality=fu.municipality,
        kind="DR",
        enabled=True,
        report_due_days=120,
    )
    due = date(2023, 8, 31) + timedelta(days=120)
    today = due + timedelta(days=100)
    listed = {p.code: d for p, d in open_periods(municipality=fu.municipality, today=today)}
    assert listed.get("2023-DR") == due


def test_frame_change_hook_leaves_non_council_decisions_to_economy(fu):
    """Only KF changes frames; economy refuses any other body's decision and the hook records
    nothing (its own duplicate check is gone)."""
    from types import SimpleNamespace

    from tillit.economy.models import FrameChange

    row = SimpleNamespace(
        pk=1,
        decision=fu.decision_ks,
        report=SimpleNamespace(assignment=fu.assignment_kf, label="Delårsrapport"),
    )
    change = services.frame_change_hook(actor=fu.users["admin"], report_decision=row, amount=1000)
    assert change is None
    assert not FrameChange.objects.exists()
