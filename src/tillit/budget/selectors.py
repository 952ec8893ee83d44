"""Reads of the budget: proposals, previous frames and the side-by-side comparison."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum

from tillit.economy.models import Frame, FrameChange
from tillit.organisation.models import Body, Municipality

from .models import Budget, BudgetChange, BudgetLine, BudgetStatus, Kind

ZERO = Decimal(0)


def previous_frames(*, municipality: Municipality, year: int) -> dict[int, Decimal]:
    """{body id: year-1's final frame} = KF's frame for year-1 + every frame change of year-1
    (2 queries). Bodies without a frame that year are missing."""
    out = {
        body_id: amount
        for body_id, amount in Frame.objects.filter(
            municipality=municipality, year=year - 1
        ).values_list("body_id", "amount")
    }
    for row in (
        FrameChange.objects.filter(municipality=municipality, year=year - 1, body_id__in=out)
        .order_by()
        .values("body_id")
        .annotate(total=Sum("amount"))
    ):
        out[row["body_id"]] += row["total"]
    return out


def adopted_years(*, municipality: Municipality) -> set[int]:
    """The years whose budget KF has adopted."""
    return set(
        Budget.objects.filter(municipality=municipality, status=BudgetStatus.ADOPTED).values_list(
            "year", flat=True
        )
    )


def first_open_year(*, municipality: Municipality, start: int) -> int:
    """The first year from ``start`` without an adopted budget: what a new proposal is for."""
    adopted = adopted_years(municipality=municipality)
    year = start
    while year in adopted:
        year += 1
    return year


def adopted_budget(*, municipality: Municipality, year: int) -> Budget | None:
    return (
        Budget.objects.filter(municipality=municipality, year=year, status=BudgetStatus.ADOPTED)
        .select_related("decision__body")
        .first()
    )


def budgets_list(*, municipality: Municipality, year: int | None = None):
    qs = Budget.objects.filter(municipality=municipality).select_related("decision__body")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.prefetch_related(
        Prefetch(
            "lines",
            queryset=BudgetLine.objects.select_related("body", "mission_assignment").order_by(
                "position", "id"
            ),
        ),
        Prefetch(
            "lines__changes",
            queryset=BudgetChange.objects.select_related("counterpart")
            .prefetch_related("assignments")
            .order_by("position", "id"),
        ),
        "revisions",
    ).order_by("-year", "status", "id")


def budget_years(*, municipality: Municipality) -> list[int]:
    return sorted(
        set(Budget.objects.filter(municipality=municipality).values_list("year", flat=True))
    )


@dataclass
class LineView:
    """One body in one proposal: previous frame, changes by kind, new frame, plan years."""

    body: Body
    previous: Decimal
    changes: list[BudgetChange] = field(default_factory=list)
    incoming: Decimal = ZERO  # technical changes other lines move to (+) or from (−) this body
    plan_1: Decimal | None = None
    plan_2: Decimal | None = None
    line: BudgetLine | None = None
    unchanged: bool = False  # the proposal does not mention the body: it keeps its frame

    @property
    def by_kind(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for c in self.changes:
            out[c.kind] += c.amount
        if self.incoming:
            out[Kind.TECHNICAL] += self.incoming
        return dict(out)

    @property
    def frame(self) -> Decimal:
        return self.previous + sum((c.amount for c in self.changes), ZERO) + self.incoming

    @property
    def change_total(self) -> Decimal:
        return self.frame - self.previous

    @property
    def plan_frames(self) -> tuple[Decimal, Decimal]:
        frame = self.frame
        p1 = self.plan_1 if self.plan_1 is not None else frame
        p2 = self.plan_2 if self.plan_2 is not None else p1
        return p1, p2


@dataclass
class BudgetView:
    budget: Budget
    lines: list[LineView]

    @property
    def totals(self) -> dict:
        by_kind: dict[str, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            for kind, amount in line.by_kind.items():
                by_kind[kind] += amount
        return {
            "previous": sum((v.previous for v in self.lines), ZERO),
            "frame": sum((v.frame for v in self.lines), ZERO),
            "plan_1": sum((v.plan_frames[0] for v in self.lines), ZERO),
            "plan_2": sum((v.plan_frames[1] for v in self.lines), ZERO),
            "by_kind": dict(by_kind),
        }


def carried_bodies(*, municipality: Municipality, year: int, previous: dict[int, Decimal]):
    """The bodies that had a frame in year-1 and still exist in year: a proposal that leaves
    one of them out keeps its previous frame (it proposes no change), so totals include it."""
    first = date(year, 1, 1)
    return [
        b
        for b in Body.objects.filter(municipality=municipality, pk__in=list(previous)).order_by(
            "valid_from", "id"
        )
        if b.valid_to is None or b.valid_to >= first
    ]


def bodies_left_out(budget: Budget) -> list[tuple[Body, Decimal]]:
    """The bodies adopting ``budget`` would carry unchanged: a frame for year-1, still existing
    in year, no line in the proposal and no frame for year set some other way. Adoption gives
    each its previous frame as the new frame (no changes); the adopt page warns of them first.
    [(body, previous frame)] in the organisation's order."""
    previous = previous_frames(municipality=budget.municipality, year=budget.year)
    carried = carried_bodies(municipality=budget.municipality, year=budget.year, previous=previous)
    in_lines = set(budget.lines.values_list("body_id", flat=True))
    taken = set(
        Frame.objects.filter(
            municipality=budget.municipality, year=budget.year, body__in=carried
        ).values_list("body_id", flat=True)
    )
    return [(b, previous[b.pk]) for b in carried if b.pk not in in_lines and b.pk not in taken]


def budget_view(
    budget: Budget,
    previous: dict[int, Decimal] | None = None,
    carried: list[Body] | None = None,
) -> BudgetView:
    """Frames of one proposal computed from the stored lines (``budgets_list`` prefetches).
    With ``carried`` (see ``carried_bodies``), every such body the proposal leaves out is
    added as an unchanged line at its previous frame."""
    if previous is None:
        previous = previous_frames(municipality=budget.municipality, year=budget.year)
    views: dict[int, LineView] = {}
    for line in budget.lines.all():
        views[line.body_id] = LineView(
            body=line.body,
            previous=previous.get(line.body_id, ZERO),
            changes=list(line.changes.all()),
            plan_1=line.plan_1,
            plan_2=line.plan_2,
            line=line,
        )
    for view in list(views.values()):
        for c in view.changes:
            if c.kind == Kind.TECHNICAL and c.counterpart_id in views:
                views[c.counterpart_id].incoming -= c.amount
    for body in carried or ():
        if body.pk not in views:
            views[body.pk] = LineView(body=body, previous=previous[body.pk], unchanged=True)
    return BudgetView(budget=budget, lines=list(views.values()))


@dataclass
class CompareRow:
    body: Body
    cells: list[LineView | None]
    previous: Decimal | None = None


def budgets_compare(*, municipality: Municipality, year: int) -> tuple[list[BudgetView], list]:
    """Every proposal of the year side by side, one row per body (bodies in the order the
    proposals list them)."""
    previous = previous_frames(municipality=municipality, year=year)
    carried = carried_bodies(municipality=municipality, year=year, previous=previous)
    views = [
        budget_view(b, previous, carried)
        for b in budgets_list(municipality=municipality, year=year)
    ]
    bodies: dict[int, Body] = {}
    for view in views:
        for line in view.lines:
            bodies.setdefault(line.body.pk, line.body)
    rows = []
    for body_id, body in bodies.items():
        cells = []
        for view in views:
            cells.append(next((ln for ln in view.lines if ln.body.pk == body_id), None))
        rows.append(CompareRow(body=body, cells=cells, previous=previous.get(body_id)))
    return views, rows


def plan_assignments(*, municipality: Municipality, body: Body, year: int) -> list:
    """The assignments a body's verksamhetsplan answers for year: its grunduppdrag and the
    assignments the adopted budget funds on its line (empty without an adopted budget)."""
    from tillit.assignments.models import Assignment

    line = (
        BudgetLine.objects.filter(
            budget__municipality=municipality,
            budget__year=year,
            budget__status=BudgetStatus.ADOPTED,
            body=body,
        )
        .select_related("mission_assignment")
        .first()
    )
    if line is None:
        return []
    # Funded on the body's own line, or on another line of the same budget and given to the
    # body too (a joint assignment: it is in every recipient's verksamhetsplan).
    ids = list(
        Assignment.objects.filter(budget_changes__line__budget_id=line.budget_id)
        .filter(
            Q(budget_changes__line=line)
            | Q(recipients__body=body)
            | Q(recipients__office__answers_to=body)
        )
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()
    )
    out = [line.mission_assignment] if line.mission_assignment_id else []
    out += list(Assignment.objects.filter(pk__in=ids).order_by("id"))
    return out


@dataclass
class PlanView:
    body: Body
    year: int
    plan: object | None
    rows: list[tuple[object, object | None]]  # (assignment, its OperationalPlanItem or None)
    mission_assignment_id: int | None = None
    # The body's frame for the year (KF's frame and the year's changes), and per assignment
    # the money the adopted budget's changes on the body's line put on it (review P4-30).
    frame: Decimal | None = None
    funding: dict = field(default_factory=dict)  # assignment id -> Decimal (also a.funding)


def operational_plan_view(*, municipality: Municipality, body: Body, year: int) -> PlanView:
    from .models import OperationalPlan

    assignments = plan_assignments(municipality=municipality, body=body, year=year)
    plan = (
        OperationalPlan.objects.filter(municipality=municipality, body=body, year=year)
        .prefetch_related("items")
        .first()
    )
    items = {i.assignment_id: i for i in plan.items.all()} if plan else {}
    mission = (
        BudgetLine.objects.filter(
            budget__municipality=municipality,
            budget__year=year,
            budget__status=BudgetStatus.ADOPTED,
            body=body,
        )
        .values_list("mission_assignment_id", flat=True)
        .first()
    )
    frame = (
        Frame.objects.filter(municipality=municipality, body=body, year=year)
        .values_list("amount", flat=True)
        .first()
    )
    if frame is not None:  # KF's frame with the year's frame changes (the budget's among them)
        frame += FrameChange.objects.filter(
            municipality=municipality, body=body, year=year
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    funding = {}
    if assignments:
        for assignment_id, total in (
            BudgetChange.objects.filter(
                line__budget__municipality=municipality,
                line__budget__year=year,
                line__budget__status=BudgetStatus.ADOPTED,
                line__body=body,
                assignments__in=[a.pk for a in assignments],
            )
            .order_by()
            .values("assignments")
            .annotate(total=Sum("amount"))
            .values_list("assignments", "total")
        ):
            funding[assignment_id] = total
    for a in assignments:
        a.funding = funding.get(a.pk)
    return PlanView(
        body=body,
        year=year,
        plan=plan,
        rows=[(a, items.get(a.pk)) for a in assignments],
        mission_assignment_id=mission,
        frame=frame,
        funding=funding,
    )
