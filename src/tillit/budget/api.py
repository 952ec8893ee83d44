"""Budget endpoints: proposals (POST /budgets), adoption (POST /budgets/{id}/adopt), list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from tillit.api.auth import BearerToken
from tillit.api.common import (
    MUNICIPALITY_HELP,
    WRITE_ERRORS,
    ErrorOut,
    MunicipalityScoped,
    municipality_for,
)
from tillit.core.amounts import MAX_AMOUNT
from tillit.core.errors import NotFound, ValidationFailed
from tillit.decisions.api import AssignmentIn

from . import services
from .models import Budget, Kind
from .selectors import budget_view, budgets_list, previous_frames

router = Router(tags=["budgets"])

LIMIT = int(MAX_AMOUNT)


class ChangeIn(Schema):
    kind: Kind = Field(
        ...,
        description="assignment (funds assignments) | index (pris- och löneuppräkning) | volume "
        "(demography, with its driver) | efficiency (effektiviseringskrav, negative) | "
        "technical (moves money to/from the counterpart body) | unlinked (no stated purpose)",
        examples=["assignment"],
    )
    amount_sek: int = Field(
        ...,
        gt=-LIMIT,
        lt=LIMIT,
        description="Signed effect on the body's frame, whole kronor",
        examples=[10000000],
    )
    note: str = Field("", max_length=500, description="Short explanation", examples=["2,9 %"])
    assignments: list[int] = Field(
        default_factory=list,
        max_length=100,
        description="Ids of existing assignments the change funds (kind assignment only)",
        examples=[[12]],
    )
    new_assignment: AssignmentIn | None = Field(
        None,
        description="A new assignment of kommunfullmäktige, given by the adoption decision "
        "(kind assignment only; same shape and chain rule as POST /api/v1/decisions)",
    )
    percentage: Decimal | None = Field(
        None,
        ge=0,
        le=100,
        description="Index percentage (kind index; else read from the note, e.g. '2,9 %')",
        examples=[2.9],
    )
    driver: str | None = Field(
        None,
        max_length=200,
        description="What the volume change follows (kind volume)",
        examples=["Antal elever i grundskolan +40"],
    )
    counterpart: str | None = Field(
        None,
        max_length=100,
        description="Slug of the body the money moves from/to (kind technical)",
        examples=["ks"],
    )


class IndicatorIn(Schema):
    code: str = Field(..., max_length=20, description="Kolada KPI id", examples=["N15428"])
    title: str = Field(..., max_length=300, description="Name of the indicator")
    unit: str = Field("", max_length=40, description="Unit", examples=["%"])
    target: Decimal = Field(..., gt=-MAX_AMOUNT, lt=MAX_AMOUNT, description="Target for the year")
    higher_is_better: bool = Field(True, description="Is a higher value better?")


class MissionIn(Schema):
    title: str = Field("", max_length=300, description="Title (default: Grunduppdrag för …)")
    what: str = Field(..., max_length=20000, description="Result statements (vad)")
    indicators: list[IndicatorIn] = Field(
        default_factory=list, max_length=50, description="Indicators with targets for the year"
    )


class LineIn(Schema):
    body: str = Field(..., max_length=100, description="Slug of the body", examples=["bun"])
    changes: list[ChangeIn] = Field(
        default_factory=list, max_length=200, description="The changes to the body's frame"
    )
    frame_sek: int | None = Field(
        None,
        ge=0,
        lt=LIMIT,
        description="The new frame as the proposal states it; checked against the previous "
        "frame + the changes (422 when the amounts do not add up)",
        examples=[562000000],
    )
    plan: dict[str, int] = Field(
        default_factory=dict,
        description="Frames of the plan years Y+1 and Y+2 by year (default: the new frame)",
        examples=[{"2029": 570000000, "2030": 578000000}],
    )
    mission: MissionIn | None = Field(
        None, description="The body's grunduppdrag, issued as a KF assignment on adoption"
    )


class ProposalIn(Schema):
    """A proposal's content: the shape of POST /budgets without municipality and year."""

    title: str = Field(
        ..., max_length=300, description="Title of the proposal", examples=["Mål och budget 2028"]
    )
    proposed_by: str = Field(
        ..., max_length=200, description="Party group or coalition", examples=["S+C+V"]
    )
    lines: list[LineIn] = Field(
        ..., min_length=1, max_length=100, description="One line per body with its changes"
    )
    goals: list[str] = Field(
        default_factory=list, max_length=20, description="The council's direction goals"
    )
    tax_revenue_sek: int | None = Field(
        None,
        gt=0,
        lt=LIMIT,
        description="Skatteintäkter och generella statsbidrag for the year (result budget)",
        examples=[1380000000],
    )
    financial_net_sek: int | None = Field(
        None, gt=-LIMIT, lt=LIMIT, description="Finansnetto (result budget)", examples=[-6000000]
    )
    financial_goal_percent: Decimal | None = Field(
        None,
        ge=-20,
        le=20,
        description="Financial goal: result as % of skatter och bidrag",
        examples=[2],
    )


class BudgetIn(ProposalIn, MunicipalityScoped):
    year: int = Field(..., ge=1990, le=2100, description="The budget year Y", examples=[2028])


class BudgetCreated(Schema):
    id: int = Field(..., description="Id of the new proposal", examples=[3])
    status: str = Field(..., description="Always proposal", examples=["proposal"])


class RevisionOut(Schema):
    at: str = Field(..., description="When the proposal was amended (ISO 8601, local time)")
    at_adoption: bool = Field(
        ..., description="True: kommunfullmäktige's amendment in the adoption decision"
    )
    summary: list[str] = Field(..., description="What changed, one Swedish line per item")


class AmendedOut(Schema):
    id: int = Field(..., description="The proposal's id", examples=[3])
    status: str = Field(..., description="Always proposal", examples=["proposal"])
    revision: RevisionOut | None = Field(
        ..., description="The amendment recorded; null when the content was unchanged"
    )


class AdoptIn(Schema):
    meeting_date: date = Field(..., description="KF's meeting", examples=["2027-11-23"])
    paragraph: int = Field(..., ge=1, le=100000, description="§ in the minutes", examples=[17])
    case_number: str = Field(
        "", max_length=50, description="Case number (diarienummer)", examples=["KS 2026/401"]
    )
    approved_on: date | None = Field(
        None, description="Date the minutes were approved (justerat)", examples=["2026-12-02"]
    )
    amendments: ProposalIn | None = Field(
        None,
        description="Kommunfullmäktige adopts the proposal as amended: its whole content as "
        "amended (the shape of POST /budgets without municipality and year). The amendment is "
        "recorded in the budget's revisions and listed in the decision's text.",
    )


class AdoptedOut(Schema):
    decision_id: int = Field(..., description="Id of KF's decision", examples=[120])
    reference: str = Field(..., description="Its reference", examples=["KF 2026 § 17"])
    frames: dict[str, int] = Field(..., description="New frame per body slug, kronor")


class ChangeOut(Schema):
    kind: str = Field(..., description="The change's kind", examples=["index"])
    kind_label: str = Field(
        ..., description="The kind in Swedish", examples=["Pris- och löneuppräkning"]
    )
    amount_sek: int = Field(
        ..., description="Signed effect on the frame, kronor", examples=[5000000]
    )
    note: str = Field(..., description="Short explanation")
    percentage: Decimal | None = Field(..., description="Index percentage (kind index)")
    driver: str = Field(..., description="Volume driver (kind volume)")
    counterpart: str | None = Field(..., description="Counterpart body slug (kind technical)")
    assignments: list[int] = Field(..., description="Ids of the assignments the change funds")
    new_assignment: dict | None = Field(
        ..., description="The new KF assignment proposed with the change, as entered"
    )


class LineOut(Schema):
    body: str = Field(..., description="Slug of the body", examples=["bun"])
    body_name: str = Field(..., description="Name of the body")
    previous_sek: int = Field(..., description="Previous frame: year Y-1's frame + its changes")
    frame_sek: int = Field(..., description="New frame: previous + changes", examples=[562000000])
    plan: dict[str, int] = Field(..., description="Frames of the plan years Y+1 and Y+2")
    by_kind: dict[str, int] = Field(..., description="Sum of the changes per kind, kronor")
    changes: list[ChangeOut] = Field(..., description="The changes in the proposal's order")
    mission: dict = Field(..., description="The body's grunduppdrag as proposed")
    mission_assignment: int | None = Field(
        ..., description="Id of the grunduppdrag's KF assignment once adopted"
    )


class BudgetOut(Schema):
    id: int = Field(..., description="The proposal's id", examples=[3])
    year: int = Field(..., description="The budget year Y", examples=[2027])
    title: str = Field(..., description="Title of the proposal")
    proposed_by: str = Field(..., description="Party group or coalition", examples=["S+C+V"])
    status: str = Field(..., description="proposal | adopted", examples=["proposal"])
    decision: str | None = Field(None, description="Reference of KF's adoption decision")
    goals: list[str] = Field(..., description="The council's direction goals")
    tax_revenue_sek: int | None = Field(
        ..., description="Skatteintäkter och generella statsbidrag (result budget)"
    )
    financial_net_sek: int | None = Field(..., description="Finansnetto (result budget)")
    financial_goal_percent: Decimal | None = Field(
        ..., description="Financial goal: result as % of skatter och bidrag"
    )
    lines: list[LineOut] = Field(..., description="One line per body")
    revisions: list[RevisionOut] = Field(
        ..., description="Amendments before adoption, oldest first (history)"
    )


class BudgetPage(Schema):
    items: list[BudgetOut] = Field(..., description="The proposals")
    count: int = Field(..., description="Number of proposals")


class BudgetQuery(MunicipalityScoped):
    year: int | None = Field(None, ge=1990, le=2100, description="Only this budget year")


def _budget_out(view) -> dict:
    b = view.budget
    return {
        "id": b.pk,
        "year": b.year,
        "title": b.title,
        "proposed_by": b.proposed_by,
        "status": b.status,
        "decision": b.decision.reference if b.decision_id else None,
        "goals": b.goals or [],
        "tax_revenue_sek": None if b.tax_revenue is None else int(b.tax_revenue),
        "financial_net_sek": None if b.financial_net is None else int(b.financial_net),
        "financial_goal_percent": b.financial_goal,
        "lines": [
            {
                "body": ln.body.slug,
                "body_name": ln.body.name,
                "previous_sek": int(ln.previous),
                "frame_sek": int(ln.frame),
                "plan": {
                    str(b.year + 1): int(ln.plan_frames[0]),
                    str(b.year + 2): int(ln.plan_frames[1]),
                },
                "by_kind": {k: int(v) for k, v in ln.by_kind.items()},
                "changes": [
                    {
                        "kind": c.kind,
                        "kind_label": c.get_kind_display(),
                        "amount_sek": int(c.amount),
                        "note": c.note,
                        "percentage": c.percentage,
                        "driver": c.driver,
                        "counterpart": c.counterpart.slug if c.counterpart_id else None,
                        "assignments": [a.pk for a in c.assignments.all()],
                        "new_assignment": c.new_assignment,
                    }
                    for c in ln.changes
                ],
                "mission": ln.line.mission,
                "mission_assignment": ln.line.mission_assignment_id,
            }
            for ln in view.lines
        ],
        "revisions": [_revision_out(r) for r in b.revisions.all()],
    }


def _revision_out(revision) -> dict:
    return {
        "at": timezone.localtime(revision.created_at).isoformat(timespec="seconds"),
        "at_adoption": revision.at_adoption,
        "summary": revision.summary_lines,
    }


def _proposal_args(payload: ProposalIn) -> dict:
    """The service's keyword arguments from the API's proposal shape."""
    data = payload.model_dump(include={"lines"})
    for line in data["lines"]:
        for change in line["changes"]:
            if change["new_assignment"] is not None:
                change["new_assignment"] = _draft_json(change["new_assignment"])
            change["kind"] = str(getattr(change["kind"], "value", change["kind"]))
    return {
        "title": payload.title,
        "proposed_by": payload.proposed_by,
        "lines": data["lines"],
        "goals": payload.goals,
        "tax_revenue": payload.tax_revenue_sek,
        "financial_net": payload.financial_net_sek,
        "financial_goal": payload.financial_goal_percent,
    }


@router.get(
    "",
    response=BudgetPage,
    summary="List budget proposals",
    description="Every proposal (and the adopted budget) of the municipality, optionally of one "
    "year, with each body's previous frame, changes by kind, new frame and plan years.",
)
def list_budgets(request, filters: Query[BudgetQuery]):
    municipality = municipality_for(request, filters.municipality)
    budgets = list(budgets_list(municipality=municipality, year=filters.year))
    previous: dict[int, dict] = {}
    items = []
    for b in budgets:
        if b.year not in previous:
            previous[b.year] = previous_frames(municipality=municipality, year=b.year)
        items.append(_budget_out(budget_view(b, previous[b.year])))
    return {"items": items, "count": len(items)}


@router.post(
    "",
    response={201: BudgetCreated, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=BearerToken(),
    summary="Enter a budget proposal",
    description="KF's secretary or an admin enters a party group's or coalition's proposal. "
    "Atomic; 422 with a Swedish `detail` on any rule (unknown body, a change of kind assignment "
    "without an assignment or another kind with one, a negative index, an efficiency demand "
    "that is not negative, amounts that do not add up, a year already adopted).",
)
def create_budget(request, payload: BudgetIn):
    user = request.auth
    municipality = municipality_for(request, payload.municipality, user)
    budget = services.budget_propose(
        actor=user, municipality=municipality, year=payload.year, **_proposal_args(payload)
    )
    return Status(201, {"id": budget.pk, "status": budget.status})


@router.put(
    "/{int:budget_id}",
    response={200: AmendedOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Amend a budget proposal",
    description="Replaces a proposal's content before it is adopted: the same shape and the "
    "same rules (422) as POST /budgets; the year cannot change. The amendment is recorded with "
    "what changed and the version before (`revisions` in GET). 409 when the budget is adopted "
    "(adopted budgets are locked; their frames change through frame changes).",
)
def amend_budget(
    request,
    payload: BudgetIn,
    budget_id: int = Path(..., description="The proposal's id", examples=[3]),
):
    user = request.auth
    m = municipality_for(request, payload.municipality, user)
    budget = Budget.objects.filter(municipality=m, pk=budget_id).first()
    if budget is None:
        raise NotFound(_("Budgetförslaget %(budget_id)s finns inte.") % {"budget_id": budget_id})
    result = services.budget_amend(
        actor=user, budget=budget, year=payload.year, **_proposal_args(payload)
    )
    return {
        "id": result.budget.pk,
        "status": result.budget.status,
        "revision": _revision_out(result.revision) if result.revision else None,
    }


def _draft_json(data: dict) -> dict:
    out = dict(data)
    if out.get("deadline") is not None:
        out["deadline"] = out["deadline"].isoformat()
    out["followups"] = [d.isoformat() for d in out.get("followups") or []]
    return out


@router.post(
    "/{int:budget_id}/adopt",
    response={201: AdoptedOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Kommunfullmäktige adopts a budget proposal",
    description="Registers KF's decision and, in the same transaction, the frames, the frame "
    "changes, the new assignments and the grunduppdrag. A second adoption for the same year is "
    "409. A budget for year Y may be adopted at any date before Y ends. With `amendments`, KF "
    "adopts the proposal as amended (recorded as a revision, listed in the decision). A body the "
    "proposal leaves out keeps its previous frame (a frame row, no changes; in `frames`).",
)
def adopt_budget(
    request,
    payload: AdoptIn,
    budget_id: int = Path(..., description="The proposal's id", examples=[3]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    user = request.auth
    m = municipality_for(request, municipality, user)
    budget = Budget.objects.filter(municipality=m, pk=budget_id).first()
    if budget is None:
        raise NotFound(_("Budgetförslaget %(budget_id)s finns inte.") % {"budget_id": budget_id})
    try:
        result = services.budget_adopt(
            actor=user,
            budget=budget,
            meeting_date=payload.meeting_date,
            paragraph=payload.paragraph,
            case_number=payload.case_number,
            approved_on=payload.approved_on,
            amendments=_proposal_args(payload.amendments) if payload.amendments else None,
        )
    except ValidationFailed as exc:
        if not payload.amendments:
            raise
        # the amended proposal's errors under the field they came in: amendments.lines[0]...
        raise ValidationFailed(
            {
                k
                if k.startswith(("meeting_date", "paragraph", "case_number", "approved_on"))
                or k.startswith("amendments")
                else f"amendments.{k}": v
                for k, v in exc.errors.items()
            }
        ) from None
    return Status(
        201,
        {
            "decision_id": result.decision.pk,
            "reference": result.decision.reference,
            "frames": {slug: int(v) for slug, v in result.frames.items()},
        },
    )


class PlanItemOut(Schema):
    assignment: int = Field(..., description="Id of the assignment", examples=[41])
    title: str = Field(..., description="The assignment's title")
    what: str = Field(..., description="The intended result (vad)")
    mission: bool = Field(..., description="True for the body's grunduppdrag")
    activities: str = Field(..., description="How: activities (empty: not written yet)")
    milestones: str = Field(..., description="Milestones and dates (empty: not written yet)")


class PlanOut(Schema):
    budget: int = Field(..., description="The adopted budget's id", examples=[3])
    year: int = Field(..., description="The budget year", examples=[2027])
    body: str = Field(..., description="Slug of the body", examples=["sn"])
    body_name: str = Field(..., description="Name of the body", examples=["Socialnämnden"])
    mission_how: str = Field(..., description="How the grunduppdrag will be carried out")
    updated_at: str | None = Field(..., description="Last saved (ISO 8601), null: not written")
    items: list[PlanItemOut] = Field(..., description="One per assignment the plan answers")
    count: int = Field(..., description="Number of items")


@router.get(
    "/{int:budget_id}/verksamhetsplan",
    response={200: PlanOut, 404: ErrorOut, 422: ErrorOut},
    summary="A body's verksamhetsplan for an adopted budget",
    description="The administration's answer to the adopted budget for one body: how the "
    "grunduppdrag and each assignment the budget gives the body (its own line's, and joint "
    "assignments funded on another body's line) will be carried out. Public, read only; 404 "
    "when the budget is not adopted or the body is unknown.",
)
def operational_plan(
    request,
    budget_id: int = Path(..., description="The adopted budget's id", examples=[3]),
    body: str = Query(..., max_length=100, description="Slug of the body", examples=["sn"]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    from tillit.organisation.selectors import body_get

    from .models import BudgetStatus
    from .selectors import operational_plan_view

    m = municipality_for(request, municipality)
    budget = Budget.objects.filter(municipality=m, pk=budget_id).first()
    if budget is None:
        raise NotFound(_("Budgeten %(budget_id)s finns inte.") % {"budget_id": budget_id})
    if budget.status != BudgetStatus.ADOPTED:
        raise NotFound(
            _(
                "Budgeten är inte antagen. Verksamhetsplanen är förvaltningens svar på den "
                "budget kommunfullmäktige har antagit."
            )
        )
    target = body_get(municipality=m, slug=body)
    view = operational_plan_view(municipality=m, body=target, year=budget.year)
    items = [
        {
            "assignment": a.pk,
            "title": a.title,
            "what": a.what,
            "mission": a.pk == view.mission_assignment_id,
            "activities": item.activities if item else "",
            "milestones": item.milestones if item else "",
        }
        for a, item in view.rows
    ]
    plan = view.plan
    return {
        "budget": budget.pk,
        "year": budget.year,
        "body": target.slug,
        "body_name": target.name,
        "mission_how": plan.mission_how if plan else "",
        "updated_at": timezone.localtime(plan.updated_at).isoformat(timespec="seconds")
        if plan
        else None,
        "items": items,
        "count": len(items),
    }
