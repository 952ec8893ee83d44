"""Deficit coverage is attributed by decision date (issue 19, item 14): frame additions a new
majority decides in November count for the new majority, not for the one whose period holds
30 June of the budget year.

The test municipality's majorities: A+B until 2022-10-14, C+D from 2022-10-15."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.barometer.metrics import barometer_compute
from tillit.barometer.selectors import metric_items
from tillit.decisions.services import decision_register
from tillit.economy import services as economy
from tillit.economy.models import ChangeKind

OLD = (date(2019, 1, 1), date(2022, 10, 14))
NEW = (date(2022, 10, 15), date(2026, 10, 14))
TODAY = date(2026, 12, 1)

pytestmark = pytest.mark.django_db


def _kf(tk, day, paragraph):
    return decision_register(
        actor=tk.users["sekreterare-kf"],
        body=tk.kf,
        meeting_date=day,
        paragraph=paragraph,
        title=f"Ramar {paragraph}",
    )


def _addition(tk, decision, amount):
    economy.frame_change_register(
        actor=None,
        decision=decision,
        kind=ChangeKind.ADDITION,
        body=tk.bun,
        year=2022,
        amount=amount,
        unlinked=True,
    )


@pytest.fixture
def bun_2022(kommun):
    """BUN 2022: frame 100, forecast 150; additions of 20 (KF in March, old majority) and 30
    (KF in November, the new majority). Gap before the additions: 150 − (150 − 50) = 50."""
    tk = kommun
    economy.frame_set(
        actor=None, body=tk.bun, year=2022, amount=100, decision=_kf(tk, date(2021, 11, 22), 90)
    )
    _addition(tk, _kf(tk, date(2022, 3, 21), 20), 20)
    _addition(tk, _kf(tk, date(2022, 11, 21), 80), 30)
    economy.forecast_report(actor=None, body=tk.bun, year=2022, as_of=date(2022, 9, 1), amount=150)
    return tk


def _coverage(tk, period):
    result = barometer_compute(
        municipalities=[tk.municipality], start=period[0], end=period[1], today=TODAY
    )[tk.municipality.pk]
    bun = result.by_body[tk.bun.pk]
    return bun.values()["deficit_coverage"], bun.counts["gap_sek"], bun.counts["covered_sek"]


def test_november_additions_count_for_the_majority_that_decided_them(bun_2022):
    tk = bun_2022
    # The old majority faced the whole gap (50) and covered 20 of it in March.
    assert _coverage(tk, OLD) == (0.4, 50, 20)
    # The new majority took over a gap of 30 still open and covered it in November.
    assert _coverage(tk, NEW) == (1.0, 30, 30)
    # The whole year: the gap once, both additions.
    assert _coverage(tk, (date(2022, 1, 1), date(2022, 12, 31))) == (1.0, 50, 50)


def test_drill_down_follows_the_same_attribution(bun_2022):
    tk = bun_2022
    for period, gap, covered in ((OLD, "50", "20"), (NEW, "30", "30")):
        (item,) = metric_items(
            municipality=tk.municipality,
            metric="deficit_coverage",
            start=period[0],
            end=period[1],
            today=TODAY,
        )
        assert item.label == "BUN 2022"
        assert f"före tillskott {gap} kr" in item.note and f"täckt {covered} kr" in item.note
