"""Economy endpoints: frames, frame changes, forecasts, action plans, budget vs actual per body
and month, deficits.

Reads are public. Creating frames, frame changes, forecasts and action plans needs a token of an
admin, a controller or kommunfullmäktige's secretary (accounts.permissions.can_manage_economy).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from tillit.api.auth import BearerToken
from tillit.api.common import (
    LIMIT_HELP,
    MAX_LIMIT,
    WRITE_ERRORS,
    MunicipalityScoped,
    Page,
    PageQuery,
    municipality_for,
    paginate,
)
from tillit.assignments.models import Assignment
from tillit.core.errors import ValidationFailed
from tillit.decisions.models import Decision
from tillit.organisation.models import Body

from . import selectors, services
from .models import ActionPlan, ChangeKind

router = Router(tags=["economy"])


class FrameOut(Schema):
    id: int = Field(..., description="The frame's id")
    body: str = Field(..., description="Slug of the body", examples=["bun"])
    year: int = Field(..., description="Budget year", examples=[2026])
    amount: Decimal = Field(
        ..., description="The frame (budgetram) in kronor", examples=["412500000.00"]
    )
    decision_id: int = Field(..., description="Id of kommunfullmäktige's budget decision")
    decision: str = Field(..., description="Reference of that decision", examples=["KF 2025 § 112"])

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.body.slug

    @staticmethod
    def resolve_decision(obj) -> str:
        return obj.decision.reference


class FrameChangeOut(Schema):
    id: int = Field(..., description="The frame change's id")
    body: str = Field(..., description="Slug of the body whose frame changes", examples=["bun"])
    year: int = Field(..., description="Budget year", examples=[2026])
    kind: str = Field(..., description="addition | cut | reallocation", examples=["addition"])
    amount: Decimal = Field(
        ..., description="Signed effect on this body's frame (kr)", examples=["-1500000.00"]
    )
    decision_id: int = Field(..., description="Id of the decision behind the change")
    decision: str = Field(..., description="Reference of that decision", examples=["KF 2026 § 30"])
    assignment_ids: list[int] = Field(
        ..., description="Ids of the assignments the change finances", examples=[[42]]
    )
    unlinked: bool = Field(..., description='Explicitly "utan kopplat uppdrag" (no assignment)')
    counterpart_body: str | None = Field(
        ..., description="For a reallocation: slug of the other body", examples=["ks"]
    )
    purpose: str = Field(..., description="What the money is for")

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.body.slug

    @staticmethod
    def resolve_decision(obj) -> str:
        return obj.decision.reference

    @staticmethod
    def resolve_assignment_ids(obj) -> list[int]:
        return [a.pk for a in obj.assignments.all()]

    @staticmethod
    def resolve_counterpart_body(obj) -> str | None:
        return obj.counterpart.body.slug if obj.counterpart_id else None


class ListQuery(PageQuery):
    year: int | None = Field(None, ge=1990, le=2100, description="Budget year", examples=[2026])
    body: str | None = Field(None, description="Body slug", examples=["bun"])


def _body(municipality, slug: str | None, field: str = "body") -> Body | None:
    if not slug:
        return None
    body = Body.objects.filter(municipality=municipality, slug=slug).first()
    if body is None:
        raise ValidationFailed({field: _("Organet %(slug)s finns inte.") % {"slug": repr(slug)}})
    return body


def _decision(municipality, pk: int) -> Decision:
    decision = (
        Decision.objects.select_related("body", "meeting")
        .filter(municipality=municipality, pk=pk)
        .first()
    )
    if decision is None:
        raise ValidationFailed({"decision_id": _("Beslutet %(pk)s finns inte.") % {"pk": pk}})
    return decision


@router.get(
    "/frames",
    response=Page[FrameOut],
    summary="List frames",
    description=(
        "Each body's budget frame (budgetram) per year as set by kommunfullmäktige's budget "
        "decision. Paginated."
    ),
)
def list_frames(request, q: Query[ListQuery]):
    m = municipality_for(request, q.municipality)
    qs = selectors.frames_list(municipality=m, year=q.year, body=_body(m, q.body))
    return paginate(qs, limit=q.limit, offset=q.offset)


class FrameIn(MunicipalityScoped):
    body: str = Field(..., description="Slug of the body", examples=["bun"])
    year: int = Field(..., ge=1990, le=2100, description="Budget year", examples=[2026])
    amount: Decimal = Field(
        ...,
        max_digits=15,
        decimal_places=2,
        description="The frame in kronor (at most 2 decimals)",
        examples=[412500000],
    )
    decision_id: int = Field(..., description="Kommunfullmäktige's budget decision")


@router.post(
    "/frames",
    response={201: FrameOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Set a body's frame from KF's budget decision",
    description=(
        "Sets (or replaces) a body's frame for a year, citing kommunfullmäktige's budget "
        "decision. Needs the token of an administrator, a controller or KF's secretary."
    ),
)
def create_frame(request, payload: FrameIn):
    m = municipality_for(request, payload.municipality, request.auth)
    frame = services.frame_set(
        actor=request.auth,
        body=_body(m, payload.body),
        year=payload.year,
        amount=payload.amount,
        decision=_decision(m, payload.decision_id),
    )
    return Status(201, frame)


@router.get(
    "/frame-changes",
    response=Page[FrameChangeOut],
    summary="List frame changes",
    description=(
        "Decided changes to the frames during the year (additions, cuts, reallocations), each "
        "linked to the assignments it finances or marked as unlinked. Paginated."
    ),
)
def list_frame_changes(request, q: Query[ListQuery]):
    m = municipality_for(request, q.municipality)
    qs = selectors.frame_changes_list(municipality=m, year=q.year, body=_body(m, q.body))
    return paginate(qs, limit=q.limit, offset=q.offset)


class FrameChangeIn(MunicipalityScoped):
    body: str = Field(
        ...,
        description="The body whose frame changes (receiving, for omfördelning)",
        examples=["bun"],
    )
    from_body: str | None = Field(
        None, description="Giving body, for kind=reallocation", examples=["ks"]
    )
    year: int = Field(..., ge=1990, le=2100, description="Budget year", examples=[2026])
    kind: ChangeKind = Field(..., description="addition | cut | reallocation")
    amount: Decimal = Field(
        ...,
        gt=0,
        max_digits=15,
        decimal_places=2,
        description="Amount in kronor, positive; the kind gives the sign",
        examples=[1500000],
    )
    decision_id: int = Field(..., description="Id of the decision behind the change")
    assignment_ids: list[int] = Field(
        default_factory=list,
        max_length=50,
        description="Ids of the assignments the change finances",
        examples=[[42]],
    )
    unlinked: bool = Field(False, description='true = "utan kopplat uppdrag"')
    purpose: str = Field("", max_length=500, description="What the money is for")


@router.post(
    "/frame-changes",
    response={201: FrameChangeOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Register a decided frame change (linked to assignments or explicitly unlinked)",
    description=(
        "Registers an addition, cut or reallocation between two bodies. A change must either "
        "list the assignments it finances or be marked `unlinked`. Needs the token of an "
        "administrator, a controller or KF's secretary."
    ),
)
def create_frame_change(request, payload: FrameChangeIn):
    m = municipality_for(request, payload.municipality, request.auth)
    assignments = list(Assignment.objects.filter(municipality=m, pk__in=payload.assignment_ids))
    if len(assignments) != len(set(payload.assignment_ids)):
        raise ValidationFailed({"assignment_ids": _("Ett eller flera uppdrag finns inte.")})
    change = services.frame_change_register(
        actor=request.auth,
        decision=_decision(m, payload.decision_id),
        kind=payload.kind,
        body=_body(m, payload.body),
        from_body=_body(m, payload.from_body, "from_body"),
        year=payload.year,
        amount=payload.amount,
        assignments=assignments,
        unlinked=payload.unlinked,
        purpose=payload.purpose,
    )
    return Status(201, selectors.frame_changes_list(municipality=m).get(pk=change.pk))


class YearQuery(PageQuery):
    year: int = Field(..., ge=1990, le=2100, description="Budget year", examples=[2026])
    body: str | None = Field(None, description="Only this body (slug)", examples=["bun"])
    limit: int = Field(1000, ge=1, le=MAX_LIMIT, description=LIMIT_HELP)


class MonthOut(Schema):
    body: str = Field(..., description="Slug of the body", examples=["bun"])
    month: date = Field(..., description="First day of the month", examples=["2026-03-01"])
    budget: Decimal | None = Field(
        ..., description="Budget for the month (kr)", examples=["34375000.00"]
    )
    actual: Decimal | None = Field(
        ..., description="Actual outcome for the month (kr); null before it is booked"
    )
    cumulative_budget: Decimal | None = Field(..., description="Budget so far in the year (kr)")
    cumulative_actual: Decimal | None = Field(..., description="Outcome so far in the year (kr)")
    cumulative_forecast: Decimal | None = Field(
        ..., description="Forecast so far in the year (kr), for months not yet booked"
    )
    deviation: Decimal | None = Field(..., description="cumulative budget − actual (kr)")


@router.get(
    "/budget-vs-actual",
    response=Page[MonthOut],
    summary="Budget vs actual per body and month",
    description=(
        "For a budget year: per body and month the budget, the booked outcome, the cumulative "
        "figures and the deviation. Paginated (default page size 1000)."
    ),
)
def budget_vs_actual(request, q: Query[YearQuery]):
    m = municipality_for(request, q.municipality)
    e = selectors.economy_year(municipality=m, year=q.year, body=_body(m, q.body))
    items = [
        {
            "body": b.body.slug,
            "month": r.month,
            "budget": r.budget,
            "actual": r.actual,
            "cumulative_budget": r.cum_budget,
            "cumulative_actual": r.cum_actual,
            "cumulative_forecast": r.cum_forecast,
            "deviation": r.deviation,
        }
        for b in e.bodies
        for r in b.months
    ]
    return {"count": len(items), "items": items[q.offset : q.offset + q.limit]}


class DeficitOut(Schema):
    body: str = Field(..., description="Slug of the body", examples=["bun"])
    year: int = Field(..., description="Budget year", examples=[2026])
    as_of: date | None = Field(
        ...,
        description="Last month with booked actuals in the municipality",
        examples=["2026-08-01"],
    )
    frame: Decimal | None = Field(
        ...,
        description="KF's frame plus the decided frame changes (kr), if set",
        examples=["412500000.00"],
    )
    budget: Decimal = Field(..., description="The body's internal budget for the year (kr)")
    actual_to_date: Decimal = Field(..., description="Outcome booked so far (kr)")
    forecast_reported: Decimal | None = Field(
        ..., description="The full-year forecast the body reported (kr), if any"
    )
    projection: Decimal | None = Field(
        ...,
        description="Full-year projection of the outcome so far by last year's profile (kr)",
    )
    forecast: Decimal | None = Field(
        ..., description="The forecast used: the reported one, else the projection (kr)"
    )
    deviation: Decimal | None = Field(..., description="frame − forecast (negative = deficit)")
    deficit: Decimal = Field(..., description="max(0, forecast − frame) (kr)", examples=["0.00"])
    additions_in_year: Decimal = Field(
        ..., description="Frame additions decided during the year (kr)"
    )
    coverage: Decimal | None = Field(
        ...,
        description="Additions in the year ÷ the deficit the body would have without them (0–1)",
    )
    warning: bool = Field(..., description="deficit > 1 % of the frame")
    action_plan_missing: bool = Field(
        ..., description="warning is set and no action-plan decision is linked (åtgärdsplan saknas)"
    )
    unlinked_share: Decimal | None = Field(
        ..., description="share of frame changes (SEK) without a linked assignment"
    )


@router.get(
    "/deficits",
    response=Page[DeficitOut],
    summary="Forecast and deficits per body",
    description=(
        "For a budget year: per body the frame, outcome to date, forecast, deviation and "
        "deficit, with a warning above 1 % of the frame and whether an action plan is "
        "missing. Paginated."
    ),
)
def deficits(request, q: Query[YearQuery]):
    m = municipality_for(request, q.municipality)
    e = selectors.economy_year(municipality=m, year=q.year, body=_body(m, q.body))
    items = [
        {
            "body": b.body.slug,
            "year": e.year,
            "as_of": e.as_of,
            "frame": b.frame,
            "budget": b.budget_total,
            "actual_to_date": b.actual_to_date,
            "forecast_reported": b.reported.amount if b.reported else None,
            "projection": b.projection,
            "forecast": b.forecast,
            "deviation": b.deviation,
            "deficit": b.deficit,
            "additions_in_year": b.additions_in_year,
            "coverage": b.coverage,
            "warning": b.warning,
            "action_plan_missing": b.needs_action_plan,
            "unlinked_share": b.unlinked_share,
        }
        for b in e.bodies
    ]
    return {"count": len(items), "items": items[q.offset : q.offset + q.limit]}


class ForecastIn(MunicipalityScoped):
    body: str = Field(..., description="Slug of the body", examples=["bun"])
    year: int = Field(..., ge=1990, le=2100, description="Budget year", examples=[2026])
    as_of: date = Field(
        ...,
        description="The month the forecast is made as of (any day of it; stored as the first), "
        "inside the budget year",
        examples=["2026-08-01"],
    )
    amount: Decimal = Field(
        ...,
        max_digits=15,
        decimal_places=2,
        description="The forecast of the body's net cost for the whole year, in kronor",
        examples=[418000000],
    )
    note: str = Field("", max_length=5000, description="The administration's comment")


class ForecastOut(Schema):
    id: int = Field(..., description="The forecast's id")
    body: str = Field(..., description="Slug of the body", examples=["bun"])
    year: int = Field(..., description="Budget year", examples=[2026])
    as_of: date = Field(..., description="First day of the month the forecast is made as of")
    amount: Decimal = Field(
        ..., description="Reported full-year net cost (kr)", examples=["418000000.00"]
    )
    note: str = Field(..., description="The administration's comment")
    projection: Decimal | None = Field(
        ...,
        description="The automatic full-year projection from the actuals so far (kr), if any",
    )
    difference: Decimal | None = Field(
        ..., description="Reported forecast − automatic projection (kr), if both exist"
    )


@router.post(
    "/forecasts",
    response={201: ForecastOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Report a body's year-end forecast",
    description=(
        "Stores the administration's latest forecast of a body's net cost for the year, as of a "
        "month. The latest reported forecast is used for the deviation and the deficit; the "
        "answer also gives the automatic projection from the actuals and the difference. Needs "
        "the token of the chief who answers to the body (förvaltningschef, for KS the "
        "kommundirektör), an administrator, a controller or KF's secretary."
    ),
)
def report_forecast(request, payload: ForecastIn):
    m = municipality_for(request, payload.municipality, request.auth)
    body = _body(m, payload.body)
    forecast = services.forecast_report(
        actor=request.auth,
        body=body,
        year=payload.year,
        as_of=payload.as_of,
        amount=payload.amount,
        note=payload.note,
    )
    rows = selectors.economy_year(municipality=m, year=forecast.year, body=body).bodies
    projection = rows[0].projection if rows else None
    return Status(
        201,
        {
            "id": forecast.pk,
            "body": body.slug,
            "year": forecast.year,
            "as_of": forecast.as_of,
            "amount": forecast.amount,
            "note": forecast.note,
            "projection": projection,
            "difference": forecast.amount - projection if projection is not None else None,
        },
    )


class ActionPlanIn(MunicipalityScoped):
    body: str = Field(..., description="Slug of the body with the deficit", examples=["bun"])
    year: int = Field(..., ge=1990, le=2100, description="Budget year of the deficit")
    decision_id: int = Field(
        ...,
        description="Id of the decision with the action plan: the body's own, "
        "kommunstyrelsen's or kommunfullmäktige's",
    )
    note: str = Field("", max_length=5000, description="Summary of the measures")


class ActionPlanOut(Schema):
    id: int = Field(..., description="The link's id")
    body: str = Field(..., description="Slug of the body", examples=["bun"])
    year: int = Field(..., description="Budget year of the deficit", examples=[2026])
    decision_id: int = Field(..., description="Id of the decision with the action plan")
    decision: str = Field(..., description="Reference of that decision", examples=["BUN 2026 § 41"])
    note: str = Field(..., description="Summary of the measures")

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.body.slug

    @staticmethod
    def resolve_decision(obj) -> str:
        return obj.decision.reference


@router.post(
    "/action-plans",
    response={201: ActionPlanOut, 200: ActionPlanOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Link an action-plan decision to a body's deficit",
    description=(
        "Links a decision with an action plan (åtgärdsplan) to a body's deficit in a year; the "
        'flag "åtgärdsplan saknas" then clears. The body must have a deficit that year, and '
        "the decision must be taken that year and be the body's own, or kommunstyrelsen's or "
        "kommunfullmäktige's about the body (naming it or giving it or its chief an "
        "assignment); otherwise 422 with the reason. 201 when linked, "
        "200 when the same decision was already linked (nothing changes). Needs the token of an "
        "administrator, a controller or KF's secretary."
    ),
)
def link_action_plan(request, payload: ActionPlanIn):
    m = municipality_for(request, payload.municipality, request.auth)
    body = _body(m, payload.body)
    decision = _decision(m, payload.decision_id)
    existed = ActionPlan.objects.filter(body=body, year=payload.year, decision=decision).exists()
    plan = services.action_plan_link(
        actor=request.auth, body=body, year=payload.year, decision=decision, note=payload.note
    )
    return Status(200 if existed else 201, plan)
