"""Economy endpoints: frames, frame changes, budget vs actual per body and month, deficits.

Reads are public. Creating frames and frame changes needs a token of an admin, a controller or
kommunfullmäktige's secretary (accounts.permissions.can_manage_economy).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from tillit.api.auth import BearerToken
from tillit.api.common import MAX_LIMIT, Page, municipality_for, paginate
from tillit.assignments.models import Assignment
from tillit.core.errors import ValidationFailed
from tillit.decisions.models import Decision
from tillit.organisation.models import Body

from . import selectors, services
from .models import ChangeKind

router = Router(tags=["economy"])


class ErrorOut(Schema):
    code: str
    detail: str
    field: str | None = None
    errors: dict[str, str] | None = None


class FrameOut(Schema):
    id: int
    body: str
    year: int
    amount: Decimal
    decision_id: int
    decision: str

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.body.slug

    @staticmethod
    def resolve_decision(obj) -> str:
        return obj.decision.reference


class FrameChangeOut(Schema):
    id: int
    body: str
    year: int
    kind: str = Field(..., description="addition | cut | reallocation")
    amount: Decimal = Field(..., description="Signed effect on this body's frame (kr)")
    decision_id: int
    decision: str
    assignment_ids: list[int]
    unlinked: bool
    counterpart_body: str | None
    purpose: str

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


class ListQuery(Schema):
    municipality: str | None = None
    year: int | None = Field(None, ge=1990, le=2100)
    body: str | None = Field(None, description="Body slug")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


def _body(municipality, slug: str | None, field: str = "body") -> Body | None:
    if not slug:
        return None
    body = Body.objects.filter(municipality=municipality, slug=slug).first()
    if body is None:
        raise ValidationFailed({field: f"Organet {slug!r} finns inte."})
    return body


def _decision(municipality, pk: int) -> Decision:
    decision = (
        Decision.objects.select_related("body", "meeting")
        .filter(municipality=municipality, pk=pk)
        .first()
    )
    if decision is None:
        raise ValidationFailed({"decision_id": f"Beslutet {pk} finns inte."})
    return decision


@router.get("/frames", response=Page[FrameOut], summary="List frames")
def list_frames(request, q: Query[ListQuery]):
    m = municipality_for(request, q.municipality)
    qs = selectors.frames_list(municipality=m, year=q.year, body=_body(m, q.body))
    return paginate(qs, limit=q.limit, offset=q.offset)


class FrameIn(Schema):
    municipality: str | None = None
    body: str = Field(..., examples=["bun"])
    year: int = Field(..., ge=1990, le=2100)
    amount: Decimal = Field(..., max_digits=15, decimal_places=2, examples=[412500000])
    decision_id: int = Field(..., description="Kommunfullmäktige's budget decision")


AUTH_RESPONSES = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/frames",
    response={201: FrameOut, **AUTH_RESPONSES},
    auth=BearerToken(),
    summary="Set a body's frame from KF's budget decision",
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


@router.get("/frame-changes", response=Page[FrameChangeOut], summary="List frame changes")
def list_frame_changes(request, q: Query[ListQuery]):
    m = municipality_for(request, q.municipality)
    qs = selectors.frame_changes_list(municipality=m, year=q.year, body=_body(m, q.body))
    return paginate(qs, limit=q.limit, offset=q.offset)


class FrameChangeIn(Schema):
    municipality: str | None = None
    body: str = Field(..., description="The body whose frame changes (receiving, for omfördelning)")
    from_body: str | None = Field(None, description="Giving body, for kind=reallocation")
    year: int = Field(..., ge=1990, le=2100)
    kind: ChangeKind
    amount: Decimal = Field(..., gt=0, max_digits=15, decimal_places=2)
    decision_id: int
    assignment_ids: list[int] = Field(default_factory=list, max_length=50)
    unlinked: bool = Field(False, description='true = "utan kopplat uppdrag"')
    purpose: str = Field("", max_length=500)


@router.post(
    "/frame-changes",
    response={201: FrameChangeOut, **AUTH_RESPONSES},
    auth=BearerToken(),
    summary="Register a decided frame change (linked to assignments or explicitly unlinked)",
)
def create_frame_change(request, payload: FrameChangeIn):
    m = municipality_for(request, payload.municipality, request.auth)
    assignments = list(Assignment.objects.filter(municipality=m, pk__in=payload.assignment_ids))
    if len(assignments) != len(set(payload.assignment_ids)):
        raise ValidationFailed({"assignment_ids": "Ett eller flera uppdrag finns inte."})
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


class YearQuery(Schema):
    municipality: str | None = None
    year: int = Field(..., ge=1990, le=2100)
    body: str | None = None
    limit: int = Field(1000, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class MonthOut(Schema):
    body: str
    month: date
    budget: Decimal | None
    actual: Decimal | None
    cumulative_budget: Decimal | None
    cumulative_actual: Decimal | None
    cumulative_forecast: Decimal | None
    deviation: Decimal | None = Field(..., description="cumulative budget − actual")


@router.get(
    "/budget-vs-actual", response=Page[MonthOut], summary="Budget vs actual per body and month"
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
    body: str
    year: int
    as_of: date | None
    frame: Decimal | None
    budget: Decimal
    actual_to_date: Decimal
    forecast_reported: Decimal | None
    projection: Decimal | None
    forecast: Decimal | None
    deviation: Decimal | None = Field(..., description="frame − forecast (negative = deficit)")
    deficit: Decimal
    additions_in_year: Decimal
    coverage: Decimal | None
    warning: bool = Field(..., description="deficit > 1 % of the frame")
    action_plan_missing: bool
    unlinked_share: Decimal | None = Field(
        ..., description="share of frame changes (SEK) without a linked assignment"
    )


@router.get("/deficits", response=Page[DeficitOut], summary="Forecast and deficits per body")
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
