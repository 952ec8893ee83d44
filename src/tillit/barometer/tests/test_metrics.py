"""Every metric on a hand-built scenario with known values, empty periods, null shares, and a
constant number of queries for 1 vs 3 municipalities."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tillit.assignments.services import AssignmentDraft
from tillit.barometer import services
from tillit.barometer.metrics import METRIC_NAMES, barometer_compute
from tillit.barometer.selectors import metric_items
from tillit.core.testing import build_testkommun
from tillit.decisions.models import Initiative
from tillit.decisions.services import decision_register
from tillit.economy import services as economy
from tillit.economy.models import ChangeKind
from tillit.followup.models import Question, Report, ReportState

START, END, TODAY = date(2023, 1, 1), date(2023, 12, 31), date(2024, 6, 1)


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _decision(tk, body, day, paragraph, assignments=(), initiative=Initiative.ADMINISTRATION):
    secretary = {"ks": "sekreterare-ks", "kf": "sekreterare-kf", "bun": "sekreterare-bun"}
    return decision_register(
        actor=tk.users[secretary[body.slug]],
        body=body,
        meeting_date=day,
        paragraph=paragraph,
        title=f"Beslut {paragraph}",
        initiative=initiative,
        assignments=list(assignments),
    )


def _report(a, due, state, submitted=None, period="2023-T1"):
    return Report.objects.create(
        municipality_id=a.municipality_id,
        assignment=a,
        period=period,
        period_end=due,
        due_on=due,
        state=state,
        assignment_version=1,
        submitted_at=at(submitted) if submitted else None,
    )


def _question(tk, a, asked, due, answered=None):
    return Question.objects.create(
        municipality_id=a.municipality_id,
        assignment=a,
        body=a.issuer,
        text="Hur går det?",
        asked_by=tk.users["sekreterare-ks"],
        asked_at=at(asked),
        due_on=due,
        answer="Svar" if answered else "",
        answered_at=at(answered, 15) if answered else None,
    )


@pytest.fixture
def scenario(kommun):
    tk = kommun
    d1 = _decision(
        tk,
        tk.ks,
        date(2023, 3, 14),
        1,
        [
            AssignmentDraft(
                title="A1",
                what="Andelen elever med hög frånvaro minskar med 10 procent till 2024.",
                recipients=["kommundirektor"],
                resources_sek=500000,
                deadline=date(2023, 12, 31),
                followups=[date(2023, 6, 1)],
            ),
            AssignmentDraft(
                title="A2",
                what=(
                    "Förvaltningen ska använda schemaverktyget Timecare och flytta "
                    "personalmötena till måndagar klockan 8."
                ),
                recipients=["kommundirektor"],
            ),
        ],
        initiative=Initiative.POLITICAL,
    )
    a1, a2 = d1.assignments.order_by("id")
    d3 = _decision(
        tk,
        tk.kf,
        date(2023, 2, 20),
        1,
        [
            AssignmentDraft(
                title="A3",
                what="Färre och kortare resor för eleverna.",
                recipients=["ks", "bun"],
                lead="bun",
                deadline=date(2024, 6, 30),
                followups=[date(2023, 9, 1)],
            )
        ],
        initiative=Initiative.MOTION,
    )
    a3 = d3.assignments.get()
    d5 = _decision(
        tk,
        tk.ks,
        date(2023, 12, 31),
        2,
        [
            AssignmentDraft(
                title="A5",
                what="Andelen elever med hög frånvaro minskar med 5 procent.",
                recipients=["kommundirektor"],
                resources_sek=100,
                deadline=date(2024, 12, 31),
            )
        ],
    )
    a5 = d5.assignments.get()
    _decision(  # outside the period
        tk,
        tk.ks,
        date(2024, 2, 1),
        3,
        [AssignmentDraft(title="A4", what="Något.", recipients=["kommundirektor"])],
        initiative=Initiative.POLITICAL,
    )
    # Reports (KS): one on time, one overdue draft; one due outside the period
    _report(a1, date(2023, 5, 15), ReportState.SUBMITTED, date(2023, 5, 10))
    _report(a1, date(2023, 9, 30), ReportState.DRAFT, period="2023-DR")
    _report(a5, date(2024, 1, 31), ReportState.DRAFT)
    # Questions (KS): on time 10 d, late 20 d, not yet due (excluded), overdue unanswered
    _question(tk, a1, date(2023, 4, 1), date(2023, 4, 15), date(2023, 4, 11))
    _question(tk, a1, date(2023, 5, 1), date(2023, 5, 15), date(2023, 5, 21))
    _question(tk, a1, date(2023, 12, 20), date(2024, 7, 1))
    _question(tk, a1, date(2023, 6, 1), date(2023, 6, 15))
    # Economy (BUN 2023): frame 100 M, +10 M linked to A3, +30 M unlinked, forecast 150 M
    budget = _decision(tk, tk.kf, date(2022, 11, 28), 50)
    economy.frame_set(actor=None, body=tk.bun, year=2023, amount=100_000_000, decision=budget)
    change = _decision(tk, tk.kf, date(2023, 4, 24), 20)
    economy.frame_change_register(
        actor=None,
        decision=change,
        kind=ChangeKind.ADDITION,
        body=tk.bun,
        year=2023,
        amount=10_000_000,
        assignments=[a3],
    )
    economy.frame_change_register(
        actor=None,
        decision=change,
        kind=ChangeKind.ADDITION,
        body=tk.bun,
        year=2023,
        amount=30_000_000,
        unlinked=True,
    )
    economy.forecast_report(
        actor=None, body=tk.bun, year=2023, as_of=date(2023, 8, 1), amount=150_000_000
    )
    # Deviations (KS): one in the period, one after it
    for day in (date(2023, 5, 16), date(2024, 1, 10)):
        services.deviation_report(
            actor=tk.users["kommundirektor"],
            municipality=tk.municipality,
            occurred_on=day,
            from_role="Kommunstyrelsens ordförande",
            body=tk.ks,
            to_office=tk.enhet_gata_park,
            content="Flytta cykelställen till torget.",
        )
    # Delegation decisions (BUN): one strategic, one not
    for title, content in (
        ("Fritidshemmens inriktning", "Ny inriktning för fritidshemmen."),
        ("Förskoleplatser", "Placering enligt turordningen."),
    ):
        services.delegation_decision_register(
            actor=None,
            system=True,
            body=tk.bun,
            delegation_point="2.1",
            decided_on=date(2023, 11, 8),
            title=title,
            content=content,
            delegate_office=tk.forvaltningschef_bun,
        )
    return tk


def compute(tk, start=START, end=END):
    return barometer_compute(municipalities=[tk.municipality], start=start, end=end, today=TODAY)[
        tk.municipality.pk
    ]


def test_every_metric_on_the_scenario(scenario):
    r = compute(scenario).as_json()
    assert set(r["totals"]) == set(METRIC_NAMES)
    ks, kf, bun, mbn = (r["bodies"][s] for s in ("ks", "kf", "bun", "mbn"))
    assert ks == {
        "assignments_issued": 3,
        "with_result_share": 0.6667,
        "with_resources_share": 0.6667,
        "with_deadline_share": 0.6667,
        "with_followup_share": 0.3333,
        "how_level_share": 0.3333,
        "reports_on_time_share": 0.5,
        "questions_answered_on_time_share": 0.3333,
        "median_days_to_answer": 15.0,
        "unlinked_frame_change_share": None,
        "budget_change_sek": 0,  # KS's frame did not change
        "budget_change_assignment_sek": 0,
        "budget_change_explained_sek": 0,
        "budget_change_assignment_share": None,
        "budget_change_explained_share": None,
        "deficit_coverage": None,
        "chain_deviations": 1,
        "joint_assignments_share": 0.0,
        "stale_assignments": 1,  # A1: deadline 2023-12-31 passed without a report since
        "political_initiative_share": 0.5,
        "strategic_delegation_decisions": 0,
    }
    assert kf["assignments_issued"] == 1
    assert kf["with_result_share"] == 0.0
    assert kf["with_followup_share"] == 1.0
    assert kf["joint_assignments_share"] == 1.0
    assert kf["political_initiative_share"] == 1.0
    assert kf["stale_assignments"] == 1  # follow-up 2023-09-01 passed without a report
    # BUN gave nothing: shares are null, not zero; its economy and delegations still count
    assert bun["assignments_issued"] == 0
    assert bun["with_result_share"] is None and bun["how_level_share"] is None
    assert bun["unlinked_frame_change_share"] == 0.75
    # BUN: +10 M linked to A3, +30 M unlinked (the budget's own kinds: budget/tests)
    assert bun["budget_change_sek"] == 40_000_000
    assert bun["budget_change_assignment_sek"] == bun["budget_change_explained_sek"] == 10_000_000
    assert bun["budget_change_assignment_share"] == bun["budget_change_explained_share"] == 0.25
    assert bun["deficit_coverage"] == 0.8
    assert bun["strategic_delegation_decisions"] == 1
    assert all(v in (None, 0) for v in mbn.values())
    t = r["totals"]
    assert t["assignments_issued"] == 4
    assert t["with_result_share"] == 0.5
    assert t["with_deadline_share"] == 0.75
    assert t["with_followup_share"] == 0.5
    assert t["how_level_share"] == 0.25
    assert t["joint_assignments_share"] == 0.25
    assert t["political_initiative_share"] == 0.6667
    assert t["chain_deviations"] == 1
    assert t["stale_assignments"] == 2
    assert t["budget_change_sek"] == 40_000_000 and t["budget_change_explained_share"] == 0.25
    assert r["assignments_per_quarter"]["bodies"]["ks"] == {"2023-Q1": 2, "2023-Q4": 1}


def test_empty_period_gives_nulls_and_zeros(scenario):
    t = compute(scenario, date(2030, 1, 1), date(2030, 12, 31)).totals()
    assert t["assignments_issued"] == 0 and t["chain_deviations"] == 0
    shares = [k for k in METRIC_NAMES if k.endswith("_share") or k == "deficit_coverage"]
    assert all(t[k] is None for k in shares)
    assert t["median_days_to_answer"] is None


@pytest.mark.parametrize("metric", METRIC_NAMES)
def test_drill_down_agrees_with_the_metric(scenario, metric):
    m = scenario.municipality
    values = compute(scenario).totals()
    items = metric_items(municipality=m, metric=metric, start=START, end=END, today=TODAY)
    counted = [i for i in items if i.counted]
    considered = [i for i in items if i.counted is not None]
    value = values[metric]
    if metric in ("assignments_issued",):
        assert len(items) == value
    elif metric in ("chain_deviations", "stale_assignments", "strategic_delegation_decisions"):
        assert len(counted) == value
    elif metric == "median_days_to_answer":
        assert len(counted) == 2
    elif metric in ("unlinked_frame_change_share", "deficit_coverage") or "budget_change" in metric:
        assert items  # amounts, checked in the scenario test
    else:
        assert value == round(len(counted) / len(considered), 4)


def test_queries_constant_for_one_or_three_municipalities(db):
    kommuner = [build_testkommun()] + [
        build_testkommun(slug=f"kommun{i}", name=f"Kommun {i}", code=f"900{i}") for i in (1, 2)
    ]
    with CaptureQueriesContext(connection) as one:
        barometer_compute(municipalities=[kommuner[0].municipality], start=START, end=END)
    with CaptureQueriesContext(connection) as three:
        result = barometer_compute(
            municipalities=[k.municipality for k in kommuner], start=START, end=END
        )
    assert len(three) == len(one)
    assert all(r.totals()["assignments_issued"] == 2 for r in result.values())


def test_strategic_rules_explain_themselves():
    from tillit.barometer.strategic import strategic_check

    check = strategic_check("Dagverksamheten stängs i juli; omfattningen minskas.")
    assert check.is_strategic
    assert {f["rule"] for f in check.findings} == {"scope"}
    assert all(f["reason"] for f in check.findings)
    assert not strategic_check("Attest av leverantörsfakturor under 50 000 kr.").is_strategic
    assert not strategic_check("Placering i förskola enligt målgruppens turordning.").is_strategic
