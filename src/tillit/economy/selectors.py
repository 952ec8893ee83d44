"""Reads of the economy, scoped to one municipality. A fixed number of queries per call.

Definitions (docs/economy.md):

* frame = KF's frame + all decided frame changes of the year;
* actual to date = active actuals of the year up to the last month with actuals in the
  municipality ("as of");
* projection = actual to date scaled by the previous year's monthly profile of the same body
  (actual to date ÷ share of last year's total booked by the same month); without a previous
  year, linearly (× 12 ÷ months);
* forecast = the administration's latest reported forecast, else the projection;
* deviation = frame − forecast (negative = deficit); deficit = max(0, forecast − frame);
* coverage = frame additions decided during the year ÷ the deficit the body would have without
  them (forecast − (frame − additions)); shown when that gap is positive;
* warning when the deficit exceeds 1 % of the frame; "åtgärdsplan saknas" while no action plan
  decision is linked to the body and year;
* unlinked share ("ko-bingo-andel") = SEK of the year's frame changes without a linked
  assignment ÷ SEK of all the year's frame changes (absolute values).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, Sum

from tillit.assignments.models import Assignment
from tillit.decisions.models import Decision
from tillit.organisation.models import Body, BodyKind, Municipality

from .models import (
    ActionPlan,
    ActualLine,
    BudgetLine,
    Forecast,
    Frame,
    FrameChange,
    ImportBatch,
    ObjectMapping,
)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
WARNING_SHARE = Decimal("0.01")
SAME_AS_SHOWN = Decimal("50000")  # half of 0,1 mnkr: two amounts that show the same in mnkr
ECONOMY_KINDS = (
    BodyKind.COUNCIL,
    BodyKind.EXECUTIVE_BOARD,
    BodyKind.COMMITTEE,
    BodyKind.JOINT_COMMITTEE,
)


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class MonthRow:
    month: date
    budget: Decimal | None
    actual: Decimal | None
    cum_budget: Decimal | None
    cum_actual: Decimal | None
    cum_forecast: Decimal | None
    deviation: Decimal | None  # cum_budget - cum_actual (negative = over budget)


@dataclass
class BodyEconomy:
    body: Body
    year: int
    frame_base: Decimal | None = None
    frame_decision: object = None
    changes: list = field(default_factory=list)
    budget_total: Decimal = ZERO
    budget_to_date: Decimal = ZERO
    actual_to_date: Decimal = ZERO
    reported: Forecast | None = None
    projection: Decimal | None = None
    has_plan: bool = False
    months: list[MonthRow] = field(default_factory=list)

    @property
    def changes_total(self) -> Decimal:
        return sum((c.amount for c in self.changes), ZERO)

    @property
    def frame(self) -> Decimal | None:
        if self.frame_base is None:
            return None
        return self.frame_base + self.changes_total

    @property
    def reference(self) -> Decimal | None:
        """What the forecast is measured against: the frame, else the internal budget."""
        if self.frame is not None:
            return self.frame
        return self.budget_total if self.budget_total else None

    @property
    def forecast(self) -> Decimal | None:
        return self.reported.amount if self.reported else self.projection

    @property
    def forecast_difference(self) -> Decimal | None:
        """Reported forecast − automatic projection."""
        if self.reported is None or self.projection is None:
            return None
        return self.reported.amount - self.projection

    @property
    def deviation(self) -> Decimal | None:
        if self.forecast is None or self.reference is None:
            return None
        return self.reference - self.forecast

    @property
    def deficit(self) -> Decimal:
        dev = self.deviation
        return -dev if dev is not None and dev < 0 else ZERO

    @property
    def additions_in_year(self) -> Decimal:
        return sum(
            (c.amount for c in self.changes if c.amount > 0 and c.decision.year == self.year),
            ZERO,
        )

    @property
    def coverage(self) -> Decimal | None:
        adds = self.additions_in_year
        gap = self.deficit + adds if self.deficit else None
        if not adds or gap is None or gap <= 0:
            return None
        return (adds / gap).quantize(Decimal("0.001"))

    @property
    def warning(self) -> bool:
        base = self.reference
        return bool(self.deficit) and base is not None and self.deficit > abs(base) * WARNING_SHARE

    @property
    def needs_action_plan(self) -> bool:
        return self.warning and not self.has_plan

    @property
    def unlinked_share(self) -> Decimal | None:
        total = sum((abs(c.amount) for c in self.changes), ZERO)
        if not total:
            return None
        unlinked = sum((abs(c.amount) for c in self.changes if c.unlinked), ZERO)
        return (unlinked / total).quantize(Decimal("0.001"))

    @property
    def budget_same_as_frame(self) -> bool:
        """The internal budget equals the frame as shown (to 0,1 mnkr), or there is no budget:
        the overview then need not show both."""
        if not self.budget_total:
            return True
        if self.frame is None:
            return False
        return abs(self.frame - self.budget_total) < SAME_AS_SHOWN

    @property
    def unlinked_amount(self) -> Decimal:
        return sum((abs(c.amount) for c in self.changes if c.unlinked), ZERO)


@dataclass
class EconomyYear:
    municipality: Municipality
    year: int
    as_of: date | None
    bodies: list[BodyEconomy]
    unmapped: list[dict]
    years: list[int]

    @property
    def unmapped_total(self) -> Decimal:
        """Actuals of the year booked on cost centres not mapped to any body (left out of the
        totals); the public page says how much, the staff's warning says which."""
        return sum((u["total"] for u in self.unmapped), ZERO)

    @property
    def budget_shown(self) -> bool:
        """Whether the overview needs a Budget column: some body's internal budget differs from
        its frame."""
        return not all(b.budget_same_as_frame for b in self.bodies)

    @property
    def totals(self) -> dict:
        def total(attr):
            values = [getattr(b, attr) for b in self.bodies]
            values = [v for v in values if v is not None]
            return sum(values, ZERO) if values else None

        return {
            "frame": total("frame"),
            "budget_total": total("budget_total"),
            "actual_to_date": total("actual_to_date"),
            "forecast": total("forecast"),
            "deviation": total("deviation"),
        }


def _months(year: int) -> list[date]:
    return [date(year, m, 1) for m in range(1, 13)]


def economy_years(*, municipality: Municipality) -> list[int]:
    years = set(Frame.objects.filter(municipality=municipality).values_list("year", flat=True))
    years |= {
        d.year
        for d in ActualLine.objects.active()
        .filter(municipality=municipality)
        .dates("month", "year")
    }
    return sorted(years)


def economy_year(*, municipality: Municipality, year: int, body: Body | None = None) -> EconomyYear:
    """Frame, budget, actual, forecast, deviation and flags per body for one year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    bodies = Body.objects.filter(municipality=municipality, kind__in=ECONOMY_KINDS).filter(
        Q(valid_from__lte=last) & (Q(valid_to__isnull=True) | Q(valid_to__gte=first))
    )
    if body is not None:
        bodies = bodies.filter(pk=body.pk)
    rows = {b.pk: BodyEconomy(body=b, year=year) for b in bodies.order_by("valid_from", "id")}

    for frame in Frame.objects.filter(
        municipality=municipality, year=year, body_id__in=rows
    ).select_related("decision__body"):
        rows[frame.body_id].frame_base = frame.amount
        rows[frame.body_id].frame_decision = frame.decision
    changes = (
        FrameChange.objects.filter(municipality=municipality, year=year, body_id__in=rows)
        .select_related("decision__body", "decision__meeting", "counterpart__body")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.order_by("id").only("id", "title"))
        )
        .order_by("decision__meeting__date", "id")
    )
    for change in changes:
        rows[change.body_id].changes.append(change)

    def monthly(model, years):
        out: dict[int, dict[date, Decimal]] = defaultdict(dict)
        qs = (
            model.objects.active()
            .filter(municipality=municipality, body_id__in=rows, month__year__in=years)
            .values("body_id", "month")
            .annotate(total=Sum("amount"))
        )
        for r in qs:
            out[r["body_id"]][r["month"]] = r["total"]
        return out

    actual = monthly(ActualLine, [year - 1, year])
    budget = monthly(BudgetLine, [year])
    latest = (
        ActualLine.objects.active()
        .filter(municipality=municipality, month__year=year)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    for f in Forecast.objects.filter(
        municipality=municipality, year=year, body_id__in=rows
    ).order_by("body_id", "-as_of", "-created_at", "-id"):
        if rows[f.body_id].reported is None:
            rows[f.body_id].reported = f
    plans = set(
        ActionPlan.objects.filter(municipality=municipality, year=year).values_list(
            "body_id", flat=True
        )
    )

    months = _months(year)
    for pk, row in rows.items():
        row.has_plan = pk in plans
        cur = prev = actual.get(pk, {})  # both years, keyed by month
        bud = budget.get(pk, {})
        row.budget_total = sum(bud.values(), ZERO)
        if latest is not None:
            row.actual_to_date = sum((v for m, v in cur.items() if year == m.year), ZERO)
            row.budget_to_date = sum((v for m, v in bud.items() if m <= latest), ZERO)
        prev_profile = [prev.get(date(year - 1, m, 1), ZERO) for m in range(1, 13)]
        row.projection = _project(row.actual_to_date, latest, prev_profile) if latest else None
        row.months = _month_rows(months, bud, cur, latest, row, prev_profile)

    unmapped = []
    if body is None:
        unmapped = list(
            ActualLine.objects.active()
            .filter(municipality=municipality, month__year=year, body__isnull=True)
            .values("object_id")
            .annotate(total=Sum("amount"))
            .order_by("object_id")
        )
        names = dict(
            ObjectMapping.objects.filter(municipality=municipality, dimension="1").values_list(
                "object_id", "name"
            )
        )
        missing = {u["object_id"] for u in unmapped if not names.get(u["object_id"])}
        if missing:
            names.update(_names_from_imports(municipality, year, missing))
        for u in unmapped:
            u["name"] = names.get(u["object_id"], "")
    visible = [
        r
        for r in rows.values()
        if body is not None or r.frame_base is not None or r.actual_to_date or r.budget_total
    ]
    return EconomyYear(
        municipality=municipality,
        year=year,
        as_of=latest,
        bodies=visible,
        unmapped=unmapped,
        years=[],
    )


def _names_from_imports(municipality: Municipality, year: int, wanted: set[str]) -> dict:
    """Names of unmapped cost centres as the imported files gave them (SIE #OBJEKT), from the
    active imports of the year: a cost centre nobody has mapped has no ObjectMapping name."""
    out: dict[str, str] = {}
    batches = ImportBatch.objects.filter(
        municipality=municipality,
        replaced_by__isnull=True,
        period_start__lte=date(year, 12, 31),
        period_end__gte=date(year, 1, 1),
    ).values_list("unmapped_objects", flat=True)
    for objects in batches:
        for entry in objects or []:
            obj, name = entry.get("object_id"), entry.get("name")
            if obj in wanted and name and obj not in out:
                out[obj] = name
    return out


def _project(actual_to_date: Decimal, latest: date, prev_profile: list[Decimal]) -> Decimal:
    k = latest.month
    prev_total = sum(prev_profile, ZERO)
    prev_to_k = sum(prev_profile[:k], ZERO)
    if prev_total > 0 and prev_to_k > 0:
        return _q(actual_to_date * prev_total / prev_to_k)
    return _q(actual_to_date * 12 / k)


def _month_rows(months, bud, cur, latest, row: BodyEconomy, prev_profile) -> list[MonthRow]:
    out = []
    cum_b = cum_a = ZERO
    k = latest.month if latest else 0
    prev_total = sum(prev_profile, ZERO)
    prev_cum_k = sum(prev_profile[:k], ZERO)
    forecast = row.forecast
    remaining = (forecast - row.actual_to_date) if forecast is not None else None
    for i, m in enumerate(months):
        b = bud.get(m)
        a = cur.get(m) if latest and m <= latest else None
        cum_b += b or ZERO
        cum_f = None
        if a is not None or (latest and m <= latest):
            cum_a += a or ZERO
            cum_actual = cum_a
            if m == latest:
                cum_f = cum_a
        else:
            cum_actual = None
            if remaining is not None:
                prev_cum = sum(prev_profile[: i + 1], ZERO)
                if prev_total - prev_cum_k > 0:
                    share = (prev_cum - prev_cum_k) / (prev_total - prev_cum_k)
                else:
                    share = Decimal(i + 1 - k) / Decimal(12 - k)
                cum_f = _q(row.actual_to_date + remaining * share)
        out.append(
            MonthRow(
                month=m,
                budget=b,
                actual=a,
                cum_budget=cum_b if bud else None,
                cum_actual=cum_actual,
                cum_forecast=cum_f,
                deviation=(cum_b - cum_actual) if bud and cum_actual is not None else None,
            )
        )
    return out


def body_economy(*, municipality: Municipality, body: Body, year: int) -> BodyEconomy:
    return economy_year(municipality=municipality, year=year, body=body).bodies[0]


def frame_changes_list(*, municipality: Municipality, year: int | None = None, body=None):
    qs = FrameChange.objects.filter(municipality=municipality).select_related(
        "body", "decision__body", "decision__meeting", "counterpart__body"
    )
    if year is not None:
        qs = qs.filter(year=year)
    if body is not None:
        qs = qs.filter(body=body)
    return qs.prefetch_related("assignments").order_by("year", "decision__meeting__date", "id")


def frames_list(*, municipality: Municipality, year: int | None = None, body=None):
    qs = Frame.objects.filter(municipality=municipality).select_related(
        "body", "decision__body", "decision__meeting"
    )
    if year is not None:
        qs = qs.filter(year=year)
    if body is not None:
        qs = qs.filter(body=body)
    return qs.order_by("year", "body__name")


def mappings_list(*, municipality: Municipality):
    return ObjectMapping.objects.filter(municipality=municipality).select_related(
        "body", "assignment"
    )


def import_batches_list(*, municipality: Municipality):
    return ImportBatch.objects.filter(municipality=municipality).select_related(
        "imported_by", "replaced_by"
    )


def economy_bodies(*, municipality: Municipality) -> list[Body]:
    """The bodies with a frame of their own (not utskott), by name."""
    return list(
        Body.objects.filter(municipality=municipality, kind__in=ECONOMY_KINDS).order_by("name")
    )


def council_decisions(*, municipality: Municipality) -> list[Decision]:
    """Kommunfullmäktige's latest 200 decisions, newest first: those that may set or change a
    frame."""
    return list(
        Decision.objects.filter(municipality=municipality, body__kind=BodyKind.COUNCIL)
        .select_related("body", "meeting")
        .order_by("-meeting__date", "-paragraph")[:200]
    )


def action_plan_decisions(*, municipality: Municipality, body: Body) -> list[Decision]:
    """The decisions that may carry a body's action plan: the body's own, KS's and KF's (the
    latest 300), the body's own first."""
    rank = {body.pk: 0}
    decisions = list(
        Decision.objects.filter(municipality=municipality)
        .filter(Q(body=body) | Q(body__kind__in=[BodyKind.EXECUTIVE_BOARD, BodyKind.COUNCIL]))
        .select_related("body", "meeting")
        .order_by("-meeting__date", "-paragraph")[:300]
    )
    kind_rank = {BodyKind.EXECUTIVE_BOARD: 1, BodyKind.COUNCIL: 2}
    decisions.sort(key=lambda d: rank.get(d.body_id, kind_rank.get(d.body.kind, 3)))
    return decisions


def fundable_assignments(*, municipality: Municipality) -> list[Assignment]:
    """The latest 300 assignments, newest first: those a frame change may fund."""
    return list(
        Assignment.objects.filter(municipality=municipality)
        .select_related("issuer")
        .order_by("-issued_on")[:300]
    )


def forecasts_list(*, municipality: Municipality, body: Body, year: int):
    """A body's reported forecasts of a year, latest first."""
    return Forecast.objects.filter(municipality=municipality, body=body, year=year).order_by(
        "-as_of", "-created_at", "-id"
    )


def action_plans_list(*, municipality: Municipality, year: int, body: Body | None = None):
    """The action plans linked to deficits in a year (of one body), oldest decision first."""
    qs = ActionPlan.objects.filter(municipality=municipality, year=year).select_related(
        "decision__body", "decision__meeting"
    )
    if body is not None:
        qs = qs.filter(body=body)
    return qs.order_by("decision__meeting__date", "id")
