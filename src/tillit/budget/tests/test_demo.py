"""The demo's budget 2027: adopted by KF in November 2026, continuing the economy demo's frames,
an opposition proposal beside it, grunduppdrag with indicators for every nämnd and KS."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from tillit.budget.models import Budget, BudgetStatus, Kind
from tillit.budget.selectors import budgets_compare
from tillit.economy.demo import final_frames
from tillit.economy.selectors import economy_year
from tillit.organisation.models import Municipality


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


@pytest.fixture
def vimmerby(demo_loaded, db):
    return Municipality.objects.get(slug="vimmerby")


def test_adopted_budget_2027_continues_the_economy(vimmerby):
    adopted = Budget.objects.get(municipality=vimmerby, year=2027, status=BudgetStatus.ADOPTED)
    decision = adopted.decision
    assert decision.body.slug == "kf" and decision.meeting.date == date(2026, 11, 23)
    assert decision.reference.startswith("KF 2026 §")
    views, rows = budgets_compare(municipality=vimmerby, year=2027)
    assert [v.budget.proposed_by for v in views] == ["S+C+V", "M+KD"]
    previous = final_frames(2026)
    economy = {r.body.slug: r.frame for r in economy_year(municipality=vimmerby, year=2027).bodies}
    adopted_view = views[0]
    for line in adopted_view.lines:
        assert line.previous == previous[line.body.slug], line.body.slug
        assert economy[line.body.slug] == line.frame, line.body.slug  # the economy sees it
    kinds = {c.kind for line in adopted_view.lines for c in line.changes}
    assert kinds == set(Kind.values)  # every kind appears in the majority's budget
    opposition = views[1]
    assert opposition.budget.status == BudgetStatus.PROPOSAL
    assert any(c.kind == Kind.UNLINKED for ln in opposition.lines for c in ln.changes)
    # The opposition leaves KF and Valnämnden unchanged: they keep last year's frame and count
    unchanged = {ln.body.slug: ln for ln in opposition.lines if ln.unchanged}
    assert unchanged and set(unchanged) <= set(previous)
    for slug, line in unchanged.items():
        assert line.frame == previous[slug] and not line.changes
    assert {ln.body.slug for ln in opposition.lines} == {ln.body.slug for ln in adopted_view.lines}
    assert opposition.totals["previous"] == adopted_view.totals["previous"]
    assert opposition.totals["frame"] == sum((ln.frame for ln in opposition.lines), 0)


def test_every_body_but_kf_has_its_grunduppdrag(vimmerby):
    adopted = Budget.objects.get(municipality=vimmerby, year=2027, status=BudgetStatus.ADOPTED)
    missions = {
        line.body.slug: line.mission_assignment
        for line in adopted.lines.select_related("body", "mission_assignment")
    }
    assert missions.pop("kf") is None  # KF gives assignments; it has none from itself
    assert all(a is not None and a.issuer.slug == "kf" for a in missions.values())
    bun = missions["bun"]
    kpi = bun.kpis.get(code="N15428")
    assert kpi.targets.get(year=2027).value == 78
