"""The budget's rules: kinds, the chain, frames = previous + changes, plan years, adoption
atomic and once per year, bad input stores nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tillit.assignments.models import Assignment
from tillit.budget import services
from tillit.budget.models import Budget, BudgetChange, BudgetStatus
from tillit.budget.selectors import budgets_compare, previous_frames
from tillit.core.errors import ChainViolation, Conflict, PermissionDenied, ValidationFailed
from tillit.decisions.models import Decision
from tillit.decisions.services import decision_register
from tillit.economy import services as economy
from tillit.economy.models import ChangeKind, Frame, FrameChange
from tillit.economy.selectors import economy_year
from tillit.portal.models import Kpi

pytestmark = pytest.mark.django_db

M = 1_000_000


def _previous(tk):
    """Frames 2026 (KF, November 2025) and one in-year change: BUN 500 + 10, SN 400, KS 200."""
    kf = decision_register(
        actor=tk.users["sekreterare-kf"],
        body=tk.kf,
        meeting_date=date(2025, 11, 20),
        paragraph=90,
        title="Mål och budget 2026",
    )
    for body, amount in ((tk.bun, 500), (tk.sn, 400), (tk.ks, 200)):
        economy.frame_set(actor=None, body=body, year=2026, amount=amount * M, decision=kf)
    change = decision_register(
        actor=tk.users["sekreterare-kf"],
        body=tk.kf,
        meeting_date=date(2026, 4, 20),
        paragraph=30,
        title="Ändrade ramar 2026",
    )
    economy.frame_change_register(
        actor=None,
        decision=change,
        kind=ChangeKind.ADDITION,
        body=tk.bun,
        year=2026,
        amount=10 * M,
        unlinked=True,
    )


def _lines(tk, **overrides):
    bun = {
        "body": "bun",
        "changes": [
            {"kind": "assignment", "amount_sek": 10 * M, "assignments": [tk.assignment_kf.pk]},
            {
                "kind": "assignment",
                "amount_sek": 2 * M,
                "note": "Läxhjälp",
                "new_assignment": {
                    "title": "Fler elever behöriga till gymnasiet",
                    "what": "Andelen behöriga till yrkesprogram ökar till 80 % till 2029.",
                    "recipients": ["bun"],
                    "deadline": "2029-06-30",
                },
            },
            {"kind": "index", "amount_sek": 15 * M, "note": "2,9 %"},
            {"kind": "volume", "amount_sek": 4 * M, "driver": "Antal elever +40"},
            {"kind": "efficiency", "amount_sek": -5 * M, "note": "Lokaler"},
            {"kind": "technical", "amount_sek": -3 * M, "counterpart": "sn"},
            {"kind": "unlinked", "amount_sek": 1 * M},
        ],
        "plan": {"2028": 540 * M, "2029": 548 * M},
        "mission": {
            "what": "Alla barn och elever når kunskapsmålen.",
            "indicators": [
                {"code": "N15428", "title": "Behöriga till yrkesprogram", "unit": "%", "target": 80}
            ],
        },
    }
    sn = {"body": "sn", "changes": [{"kind": "index", "amount_sek": 11 * M, "percentage": "2.8"}]}
    lines = [bun, sn]
    for key, value in overrides.items():
        lines[0][key] = value
    return lines


def _propose(tk, lines=None, proposed_by="S+C", actor="sekreterare-kf"):
    return services.budget_propose(
        actor=tk.users[actor] if actor else None,
        municipality=tk.municipality,
        year=2027,
        title="Mål och budget 2027",
        proposed_by=proposed_by,
        lines=lines if lines is not None else _lines(tk),
    )


def _counts():
    return (
        Budget.objects.count(),
        BudgetChange.objects.count(),
        Decision.objects.count(),
        Assignment.objects.count(),
        Frame.objects.count(),
        FrameChange.objects.count(),
        Kpi.objects.count(),
    )


def test_previous_frame_is_last_years_frame_plus_its_changes(testkommun):
    _previous(testkommun)
    prev = previous_frames(municipality=testkommun.municipality, year=2027)
    assert prev[testkommun.bun.pk] == 510 * M and prev[testkommun.sn.pk] == 400 * M


def test_adoption_writes_frames_changes_assignments_and_mission(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    assert budget.status == BudgetStatus.PROPOSAL
    assert Frame.objects.filter(year=2027).count() == 0  # a proposal decides nothing
    result = services.budget_adopt(
        actor=tk.users["sekreterare-kf"],
        budget=budget,
        meeting_date=date(2026, 11, 23),
        paragraph=17,
    )
    # BUN: 510 + 10 + 2 + 15 + 4 − 5 − 3 + 1 = 534; SN: 400 + 11 + 3 (technical from BUN) = 414;
    # KS, left out of the proposal, keeps its previous frame
    assert result.frames == {"bun": 534 * M, "sn": 414 * M, "ks": 200 * M}
    decision = result.decision
    assert decision.reference == "KF 2026 § 17" and decision.body == tk.kf
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ADOPTED and budget.decision == decision
    # economy sees the budget: base = previous frame, changes from the budget decision
    year = economy_year(municipality=tk.municipality, year=2027)
    frames = {row.body.slug: row.frame for row in year.bodies if row.frame is not None}
    assert frames == {"bun": 534 * M, "sn": 414 * M, "ks": 200 * M}
    assert Frame.objects.get(body=tk.bun, year=2027).amount == 510 * M
    changes = FrameChange.objects.filter(year=2027, decision=decision)
    assert changes.count() == 9  # seven BUN changes (the technical one as a pair), SN index
    technical = changes.get(body=tk.sn, kind=ChangeKind.REALLOCATION)
    assert technical.kind == ChangeKind.REALLOCATION and technical.amount == 3 * M
    assert technical.counterpart.body == tk.bun and technical.counterpart.amount == -3 * M
    assert changes.filter(unlinked=True).get().amount == 1 * M
    # the new assignment and the grunduppdrag are KF's, issued by the adoption decision
    new = Assignment.objects.get(title="Fler elever behöriga till gymnasiet")
    assert new.decision == decision and new.issuer == tk.kf
    funded = BudgetChange.objects.get(line__budget=budget, note="Läxhjälp")
    assert list(funded.frame_change.assignments.all()) == [new]
    mission = budget.lines.get(body=tk.bun).mission_assignment
    assert mission.decision == decision and mission.title.startswith("Grunduppdrag")
    kpi = Kpi.objects.get(municipality=tk.municipality, code="N15428")
    assert mission in kpi.assignments.all()
    assert kpi.targets.get(year=2027).value == Decimal(80)


def test_plan_years(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    views, rows = budgets_compare(municipality=tk.municipality, year=2027)
    bun = next(r for r in rows if r.body == tk.bun).cells[0]
    sn = next(r for r in rows if r.body == tk.sn).cells[0]
    assert bun.plan_frames == (540 * M, 548 * M)
    assert sn.plan_frames == (414 * M, 414 * M)  # no plan given: the frame carried forward
    with pytest.raises(ValidationFailed) as exc:
        _propose(tk, _lines(tk, plan={"2030": 1}))
    assert "lines[0].plan.2030" in exc.value.errors
    assert "2028 och 2029" in exc.value.errors["lines[0].plan.2030"]
    assert budget.plan_years == (2028, 2029)


def test_second_adoption_for_the_year_is_a_conflict_and_changes_nothing(testkommun):
    tk = testkommun
    _previous(tk)
    majority, opposition = _propose(tk), _propose(tk, proposed_by="M+KD")
    services.budget_adopt(
        actor=tk.users["admin"], budget=majority, meeting_date=date(2026, 11, 23), paragraph=17
    )
    before = _counts()
    for budget in (majority, opposition):
        with pytest.raises(Conflict):
            services.budget_adopt(
                actor=tk.users["admin"],
                budget=budget,
                meeting_date=date(2026, 11, 24),
                paragraph=18,
            )
    assert _counts() == before
    # and a new proposal for an adopted year is refused in Swedish
    with pytest.raises(ValidationFailed) as exc:
        _propose(tk)
    assert "redan antagen" in exc.value.errors["year"]


def test_adoption_is_atomic(testkommun, monkeypatch):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    before = _counts()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_mission_indicators", fail)
    with pytest.raises(RuntimeError):
        services.budget_adopt(
            actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
        )
    assert _counts() == before
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.PROPOSAL and budget.decision_id is None


def test_adoption_date_any_time_before_the_year_ends(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    with pytest.raises(ValidationFailed) as exc:
        services.budget_adopt(
            actor=tk.users["admin"], budget=budget, meeting_date=date(2028, 1, 10), paragraph=1
        )
    assert "31 december 2027" in exc.value.errors["meeting_date"]
    result = services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2027, 3, 1), paragraph=4
    )
    assert result.decision.reference == "KF 2027 § 4"


def test_paragraph_taken_stores_nothing(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    before = _counts()
    with pytest.raises(ValidationFailed) as exc:
        services.budget_adopt(
            actor=tk.users["admin"], budget=budget, meeting_date=date(2025, 11, 25), paragraph=90
        )
    assert "paragraph" in exc.value.errors
    assert _counts() == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"kind": "assignment", "amount_sek": 5}, "assignments", "minst ett uppdrag"),
        ({"kind": "index", "amount_sek": 5, "assignments": [0]}, "assignments", "Endast"),
        ({"kind": "index", "amount_sek": -5}, "amount_sek", "kan inte vara negativ"),
        ({"kind": "index", "amount_sek": 5, "note": "-2,0 %"}, "percentage", "negativ"),
        ({"kind": "efficiency", "amount_sek": 5}, "amount_sek", "negativt tal"),
        ({"kind": "volume", "amount_sek": 5}, "driver", "antal elever"),
        ({"kind": "technical", "amount_sek": 5}, "counterpart", "motparten"),
        ({"kind": "technical", "amount_sek": 5, "counterpart": "mbn"}, "counterpart", "ingen rad"),
        ({"kind": "unlinked", "amount_sek": 0}, "amount_sek", "0 kr"),
        ({"kind": "bingo", "amount_sek": 5}, "kind", "Välj typ"),
        ({"kind": "unlinked", "amount_sek": 5, "counterpart": "sn"}, "counterpart", "Endast"),
    ],
)
def test_kinds_are_checked(testkommun, change, field, words):
    tk = testkommun
    before = _counts()
    with pytest.raises(ValidationFailed) as exc:
        _propose(tk, [{"body": "bun", "changes": [change]}, {"body": "sn", "changes": []}])
    key = f"lines[0].changes[0].{field}"
    assert key in exc.value.errors, exc.value.errors
    assert words.lower() in exc.value.errors[key].lower()
    assert _counts() == before


def test_assignment_kind_with_existing_assignment_of_another_body_is_refused(testkommun):
    tk = testkommun
    # KS's assignment to the kommundirektör cannot be funded by BUN's frame
    change = {"kind": "assignment", "amount_sek": 5, "assignments": [tk.assignment_ks.pk]}
    with pytest.raises(ValidationFailed) as exc:
        _propose(tk, [{"body": "bun", "changes": [change]}])
    assert "kan inte finansiera" in exc.value.errors["lines[0].changes[0].assignments"]
    # ... but KS's own frame can
    _propose(tk, [{"body": "ks", "changes": [change]}])


def test_new_assignment_follows_the_chain(testkommun):
    tk = testkommun
    draft = {
        "title": "Digitalisera",
        "what": "Frigjorda resurser.",
        "recipients": ["forvaltningschef-bun"],
    }
    change = {"kind": "assignment", "amount_sek": 5, "new_assignment": draft}
    with pytest.raises(ValidationFailed) as exc:
        _propose(tk, [{"body": "bun", "changes": [change]}])
    key = "lines[0].changes[0].new_assignment.recipients"
    assert key in exc.value.errors and "förvaltningschef" in exc.value.errors[key].lower()
    # KF addresses the nämnd; the assignment must go to the body whose frame funds it
    draft["recipients"] = ["sn"]
    with pytest.raises(ValidationFailed) as exc:
        _propose(tk, [{"body": "bun", "changes": [change]}])
    assert "ska därför ges till" in exc.value.errors[key]
    assert not isinstance(exc.value, ChainViolation)


def test_unknown_body_and_amounts_that_do_not_add_up(testkommun):
    tk = testkommun
    _previous(tk)
    before = _counts()
    with pytest.raises(ValidationFailed) as exc:
        _propose(tk, [{"body": "skolnamnden", "changes": []}])
    assert "”skolnamnden” finns inte" in exc.value.errors["lines[0].body"]
    with pytest.raises(ValidationFailed) as exc:
        _propose(tk, [{"body": "sn", "frame_sek": 420 * M, "changes": _lines(tk)[1]["changes"]}])
    message = exc.value.errors["lines[0].frame_sek"]
    assert "går inte ihop" in message and "411\u00a0000\u00a0000" in message
    assert _counts() == before
    _propose(tk, [{"body": "sn", "frame_sek": 411 * M, "changes": _lines(tk)[1]["changes"]}])


def test_only_kf_secretary_or_admin(testkommun):
    tk = testkommun
    with pytest.raises(PermissionDenied):
        _propose(tk, actor="sekreterare-bun")
    with pytest.raises(PermissionDenied):
        _propose(tk, actor="kommundirektor")
