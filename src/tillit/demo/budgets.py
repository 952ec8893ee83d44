"""The demo's budgets for 2025 and 2026, adopted by kommunfullmäktige in November of the year
before, through the same services as Mål och budget 2027 (tillit.budget.services.budget_propose
and budget_adopt).

They are budgets of the old kind, the seed's "ko-bingo": each nämnd's frame is raised by a lump
sum that says nothing about what it is for ("utan kopplat uppdrag"). The frames they give are
exactly the economy demo's KF frames (tillit.economy.demo.frames_for): the previous year's final
frame (KF's frame plus the year's changes) plus the budget's change, so the SIE actuals, the
forecasts and the budget for 2027 continue from them. The result budget (skatteintäkter och
generella statsbidrag, finansnetto, the financial goal of 2 % of skatter och bidrag) lets the
delårsrapport and årsredovisning follow up the financial goal. All amounts are invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tillit.economy.demo import demo_paragraph
from tillit.organisation.models import Body, Municipality

M = 1_000_000
MAJORITY = "S+C+V"
FINANCIAL_GOAL = "2"

# year -> (KF's budget meeting, case number, finansnetto in mnkr, the budgeted result as a share
# of skatter och bidrag, the texts of the lump sums per body)
BUDGETS = {
    2025: (date(2024, 11, 25), "KS 2024/398", Decimal("-5.0"), Decimal("0.021")),
    2026: (date(2025, 11, 24), "KS 2025/405", Decimal("-5.5"), Decimal("0.021")),
}
NOTES = {
    "kf": "Uppräkning av ramen",
    "ks": "Uppräkning av ramen",
    "bun": "Uppräkning och förstärkning av ramen",
    "sn": "Uppräkning och förstärkning av ramen",
    "mbn": "Uppräkning av ramen",
    "valn": "Uppräkning av ramen",
}
GOALS = [
    "Vimmerby är en attraktiv kommun att bo, verka och driva företag i.",
    "Kommunens verksamheter håller god kvalitet och möter invånarnas behov.",
    "Kommunen har en ekonomi i balans.",
]


def _result_budget(frames: dict[str, Decimal], net: Decimal, share: Decimal) -> int:
    """Skatteintäkter och generella statsbidrag (whole mnkr) that leave the budget a result of
    about ``share`` of skatter och bidrag."""
    total = sum(frames.values(), Decimal(0))
    tax = (total - net * M) / (1 - share)
    return int((tax / M).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * M


def budget_adopt_for(*, municipality: Municipality, actor, year: int) -> dict:
    """Propose and adopt the majority's budget for ``year`` (2025 or 2026). Called by the economy
    demo in place of KF's frame_set, after the previous year's frame changes."""
    from tillit.budget import services
    from tillit.budget.selectors import previous_frames
    from tillit.economy.demo import frames_for

    meeting, case, net, share = BUDGETS[year]
    bodies = {b.slug: b for b in Body.objects.filter(municipality=municipality)}
    by_id = previous_frames(municipality=municipality, year=year)
    target = frames_for(year)
    lines = []
    for slug, frame in target.items():
        change = frame - by_id[bodies[slug].pk]
        changes = []
        if change:
            changes.append({"kind": "unlinked", "amount_sek": int(change), "note": NOTES[slug]})
        # Plan years: the frame raised 2.5 and 5 %, in whole 100 000 kr.
        plan = {
            str(year + n): int((frame * (1 + Decimal("0.025") * n) / 100_000).quantize(1)) * 100_000
            for n in (1, 2)
        }
        lines.append({"body": slug, "changes": changes, "frame_sek": int(frame), "plan": plan})
    budget = services.budget_propose(
        actor=None,
        municipality=municipality,
        year=year,
        title=f"Mål och budget {year} med plan {year + 1}–{year + 2}",
        proposed_by=MAJORITY,
        lines=lines,
        goals=GOALS,
        tax_revenue=_result_budget(target, net, share),
        financial_net=int(net * M),
        financial_goal=FINANCIAL_GOAL,
    )
    day = meeting
    while day.weekday() >= 5:
        day += timedelta(days=1)
    # KF's § of the budget meeting, where the minutes of a November meeting would be.
    paragraph = demo_paragraph(bodies["kf"], day)
    result = services.budget_adopt(
        actor=actor,
        budget=budget,
        meeting_date=day,
        paragraph=paragraph,
        case_number=case,
        approved_on=day + timedelta(days=9),
    )
    return {"budget_decision": result.decision.reference, "frames": result.frames}
