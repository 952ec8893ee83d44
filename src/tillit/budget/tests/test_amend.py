"""Amending a proposal before adoption (and KF adopting it with amendments), bodies a proposal
leaves out at adoption, recipients by name in the decision, joint assignments in every
recipient's verksamhetsplan (docs/budget.md)."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from tillit.accounts.services import role_grant
from tillit.budget import services
from tillit.budget.models import BudgetChange, BudgetRevision, BudgetStatus
from tillit.budget.selectors import bodies_left_out, plan_assignments
from tillit.core.errors import Conflict, PermissionDenied, ValidationFailed
from tillit.decisions.services import decision_register
from tillit.economy import services as economy
from tillit.economy.models import Frame, FrameChange

from .test_services import M, _counts, _lines, _previous, _propose

pytestmark = pytest.mark.django_db


def _amend(tk, budget, lines, actor="sekreterare-kf", **extra):
    return services.budget_amend(
        actor=tk.users[actor] if actor else None,
        budget=budget,
        title=extra.pop("title", budget.title),
        proposed_by=extra.pop("proposed_by", budget.proposed_by),
        lines=lines,
        **extra,
    )


def _more_index(tk):
    lines = copy.deepcopy(_lines(tk))
    lines[1]["changes"][0]["amount_sek"] = 13 * M  # SN's index 11 -> 13 mnkr
    return lines


def test_amend_replaces_the_content_and_records_what_changed(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    before = services.proposal_snapshot(budget)
    result = _amend(tk, budget, _more_index(tk), title="Mål och budget 2027, reviderat")
    budget.refresh_from_db()
    assert budget.title == "Mål och budget 2027, reviderat"
    assert budget.lines.get(body=tk.sn).changes.get().amount == 13 * M
    assert budget.lines.get(body=tk.bun).changes.count() == 7  # BUN's rows kept as they were
    revision = result.revision
    assert revision.before == before and revision.made_by == tk.users["sekreterare-kf"]
    assert not revision.at_adoption
    text = revision.summary
    assert "Rubriken: ”Mål och budget 2027” → ”Mål och budget 2027, reviderat”." in text
    # SN: 400 + 11 + 3 (BUN's technical move) = 414 -> 416
    frames = "414\u00a0000\u00a0000\u00a0kr → 416\u00a0000\u00a0000\u00a0kr"
    assert f"Socialnämnden: ram {frames}" in text
    assert "tillagt: Pris- och löneuppräkning 13\u00a0000\u00a0000\u00a0kr" in text
    assert "borttaget: Pris- och löneuppräkning 11\u00a0000\u00a0000\u00a0kr" in text
    assert "Barn- och utbildningsnämnden" not in text  # unchanged
    # the same content again changes nothing and records nothing
    again = _amend(tk, budget, _more_index(tk))
    assert again.revision is None and BudgetRevision.objects.count() == 1


def test_amend_bad_input_stores_nothing(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    before, snapshot = _counts(), services.proposal_snapshot(budget)
    bad = _more_index(tk)
    bad[1]["changes"][0]["amount_sek"] = -5 * M  # a negative index
    with pytest.raises(ValidationFailed) as exc:
        _amend(tk, budget, bad)
    assert "kan inte vara negativ" in exc.value.errors["lines[1].changes[0].amount_sek"]
    with pytest.raises(ValidationFailed) as exc:
        _amend(tk, budget, _more_index(tk), year=2028)
    assert "året kan inte ändras" in exc.value.errors["year"]
    with pytest.raises(PermissionDenied):
        _amend(tk, budget, _more_index(tk), actor="sekreterare-bun")
    assert _counts() == before and not BudgetRevision.objects.exists()
    budget.refresh_from_db()
    assert services.proposal_snapshot(budget) == snapshot


def test_adopted_budget_is_locked(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
    )
    before = _counts()
    with pytest.raises(Conflict) as exc:
        _amend(tk, budget, _more_index(tk))
    assert "kan inte ändras" in exc.value.message
    assert _counts() == before


def test_adopt_with_amendments(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    result = services.budget_adopt(
        actor=tk.users["sekreterare-kf"],
        budget=budget,
        meeting_date=date(2026, 11, 23),
        paragraph=17,
        amendments={"title": budget.title, "proposed_by": "S+C", "lines": _more_index(tk)},
    )
    assert result.frames["sn"] == 416 * M
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.ADOPTED and budget.decision == result.decision
    revision = budget.revisions.get()
    assert revision.at_adoption
    assert revision.before["lines"][1]["changes"][0]["amount_sek"] == 11 * M
    text = result.decision.text
    assert "(S+C) med ändringar" in text
    assert "Ändringar i förslaget:\nSocialnämnden: ram 414" in text
    sn = FrameChange.objects.filter(body=tk.sn, year=2027, kind="addition").get()
    assert sn.amount == 13 * M


def test_adopt_with_bad_amendments_stores_nothing(testkommun):
    tk = testkommun
    _previous(tk)
    budget = _propose(tk)
    before, snapshot = _counts(), services.proposal_snapshot(budget)
    bad = _more_index(tk)
    bad[0]["body"] = "skolnamnden"
    for amendments, key in (
        ({"title": "x", "proposed_by": "S+C", "lines": bad}, "lines[0].body"),
        ({"title": "x", "proposed_by": "S+C", "lines": [], "colour": 1}, "amendments"),
    ):
        with pytest.raises(ValidationFailed) as exc:
            services.budget_adopt(
                actor=tk.users["admin"],
                budget=budget,
                meeting_date=date(2026, 11, 23),
                paragraph=17,
                amendments=amendments,
            )
        assert key in exc.value.errors, exc.value.errors
    assert _counts() == before and not BudgetRevision.objects.exists()
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.PROPOSAL
    assert services.proposal_snapshot(budget) == snapshot


def test_a_body_left_out_keeps_its_frame_at_adoption(testkommun):
    tk = testkommun
    _previous(tk)  # frames 2026: BUN 510 (with its change), SN 400, KS 200
    budget = _propose(tk, [{"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": M}]}])
    assert [(b.slug, amount) for b, amount in bodies_left_out(budget)] == [
        ("ks", 200 * M),
        ("sn", 400 * M),
    ]
    result = services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
    )
    assert result.frames == {"bun": 511 * M, "ks": 200 * M, "sn": 400 * M}
    assert Frame.objects.get(body=tk.sn, year=2027).amount == 400 * M
    assert not FrameChange.objects.filter(body__in=[tk.sn, tk.ks], year=2027).exists()
    assert "Socialnämnden: 400\u00a0000\u00a0000\u00a0kr (oförändrad ram" in result.decision.text


def test_a_left_out_body_with_a_frame_already_set_keeps_that_frame(testkommun):
    tk = testkommun
    _previous(tk)
    early = decision_register(
        actor=tk.users["sekreterare-kf"],
        body=tk.kf,
        meeting_date=date(2026, 6, 15),
        paragraph=50,
        title="Socialnämndens ram 2027",
    )
    economy.frame_set(actor=None, body=tk.sn, year=2027, amount=420 * M, decision=early)
    budget = _propose(tk, [{"body": "bun", "changes": [{"kind": "unlinked", "amount_sek": M}]}])
    assert [b.slug for b, _ in bodies_left_out(budget)] == ["ks"]
    result = services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
    )
    assert "sn" not in result.frames
    assert Frame.objects.get(body=tk.sn, year=2027).amount == 420 * M


def _joint_budget(tk):
    _previous(tk)
    change = {
        "kind": "assignment",
        "amount_sek": 3 * M,
        "note": "Tidiga insatser",
        "new_assignment": {
            "title": "Gemensamt stöd till familjer",
            "what": "Fler familjer får stöd tidigt.",
            "recipients": ["bun", "sn"],
            "lead": "bun",
        },
    }
    budget = _propose(
        tk,
        [
            {"body": "bun", "changes": [change]},
            {"body": "sn", "changes": [{"kind": "index", "amount_sek": M, "note": "2 %"}]},
        ],
    )
    return services.budget_adopt(
        actor=tk.users["admin"], budget=budget, meeting_date=date(2026, 11, 23), paragraph=17
    )


def test_decision_names_recipients_by_name(testkommun):
    tk = testkommun
    text = _joint_budget(tk).decision.text
    assert "Gemensamt stöd till familjer (Barn- och utbildningsnämnden, Socialnämnden)." in text
    assert "(bun" not in text and "sn)" not in text


def test_a_joint_assignment_is_in_every_recipients_verksamhetsplan(testkommun, django_user_model):
    tk = testkommun
    _joint_budget(tk)
    joint = BudgetChange.objects.get(note="Tidiga insatser").assignments.get()
    m = tk.municipality
    assert joint in plan_assignments(municipality=m, body=tk.bun, year=2027)
    assert joint in plan_assignments(municipality=m, body=tk.sn, year=2027)  # funded on BUN's
    assert joint not in plan_assignments(municipality=m, body=tk.mbn, year=2027)
    chief = django_user_model.objects.create_user(username="chef-sn", password="x")
    role_grant(user=chief, municipality=m, kind="chief", office=tk.forvaltningschef_sn)
    plan = services.operational_plan_save(
        actor=chief,
        body=tk.sn,
        year=2027,
        mission_how="",
        items={str(joint.pk): {"activities": "Familjecentral", "milestones": "Hösten 2027"}},
    )
    assert plan.items.get().assignment == joint
