"""The barometer's budget_change_* metrics over an adopted budget: each kind counted as it
should (index, volume, efficiency and technical explained but funding no assignment)."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from tillit.barometer.metrics import barometer_compute
from tillit.budget import services

from .test_services import M, _previous, _propose

pytestmark = pytest.mark.django_db


def test_budget_changes_in_the_barometer(testkommun):
    tk = testkommun
    _previous(tk)
    services.budget_adopt(
        actor=tk.users["admin"], budget=_propose(tk), meeting_date=date(2026, 11, 23), paragraph=17
    )
    result = barometer_compute(
        municipalities=[tk.municipality], start=date(2026, 11, 1), end=date(2026, 12, 31)
    )[tk.municipality.pk]
    bodies, t = result.body_values(), result.totals()
    bun, sn = bodies["bun"], bodies["sn"]
    # BUN: assignment 10 + 2, index 15, volume 4, efficiency |−5|, technical |−3|, unlinked 1
    assert bun["budget_change_sek"] == 40 * M
    assert bun["budget_change_assignment_sek"] == 12 * M
    assert bun["budget_change_explained_sek"] == 39 * M
    assert bun["budget_change_assignment_share"] == 0.3
    assert bun["budget_change_explained_share"] == 0.975
    # SN: index 11 and the technical +3 from BUN; nothing funds an assignment
    assert sn["budget_change_sek"] == 14 * M and sn["budget_change_assignment_sek"] == 0
    assert sn["budget_change_assignment_share"] == 0.0
    assert sn["budget_change_explained_share"] == 1.0
    assert t["budget_change_sek"] == 54 * M and t["budget_change_explained_sek"] == 53 * M
    # the April 2026 in-year change (+10 M unlinked) belongs to its own period
    april = barometer_compute(
        municipalities=[tk.municipality], start=date(2026, 4, 1), end=date(2026, 4, 30)
    )[tk.municipality.pk].totals()
    assert april["budget_change_sek"] == 10 * M and april["budget_change_explained_share"] == 0.0
    out = io.StringIO()
    call_command(
        "barometer",
        municipality="testkommun",
        start="2026-11-01",
        end="2026-12-31",
        as_json=True,
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["totals"]["budget_change_assignment_sek"] == 12 * M
    assert data["bodies"]["bun"]["budget_change_explained_share"] == 0.975


def test_nothing_decided_gives_null_shares(testkommun):
    result = barometer_compute(
        municipalities=[testkommun.municipality], start=date(2030, 1, 1), end=date(2030, 12, 31)
    )[testkommun.municipality.pk].totals()
    assert result["budget_change_sek"] == 0
    assert result["budget_change_assignment_share"] is None
    assert result["budget_change_explained_share"] is None
