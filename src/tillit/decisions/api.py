"""Decision endpoints. POST registers a decision with its assignments in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Path, Query, Router, Schema, Status

from tillit.analysis.api import StoredAnalysisOut, stored_analysis
from tillit.analysis.selectors import analyses_prefetch
from tillit.api.auth import BearerToken
from tillit.api.common import (
    MUNICIPALITY_HELP,
    WRITE_ERRORS,
    Page,
    PageQuery,
    body_for,
    municipality_for,
    paginate,
)
from tillit.assignments.services import AssignmentDraft
from tillit.core.amounts import MAX_AMOUNT

from .models import Initiative
from .selectors import decision_get, decisions_list
from .services import decision_register

router = Router(tags=["decisions"])


class DecisionOut(Schema):
    id: int = Field(..., description="The decision's id", examples=[17])
    body: str = Field(..., description="Slug of the deciding body", examples=["ks"])
    reference: str = Field(
        ..., description="Body, year and paragraph (paragraf)", examples=["KS 2026 § 45"]
    )
    meeting_date: date = Field(..., description="Date of the meeting", examples=["2026-03-10"])
    meeting_id: int = Field(
        ..., description="Id of the meeting (for `POST /meetings/{id}/approve`)", examples=[12]
    )
    year: int = Field(..., description="Year of the meeting", examples=[2026])
    paragraph: int = Field(..., description="Paragraph number in the minutes", examples=[45])
    case_number: str = Field(
        ..., description="Case number (diarienummer), may be blank", examples=["KS 2026/123"]
    )
    title: str = Field(..., description="Title of the decision")
    text: str = Field(..., description="The decision text (beslutstext)")
    approved_on: date | None = Field(
        ...,
        description="Date the minutes were approved (justerat), if they are",
        examples=["2026-03-17"],
    )
    initiative: str = Field(
        ...,
        description="political | motion | citizen_proposal | administration",
        examples=["political"],
    )
    initiative_label: str = Field(
        ..., description="The initiative in Swedish", examples=["Politiskt initiativ"]
    )
    assignment_ids: list[int] = Field(
        ..., description="Ids of the assignments the decision gave", examples=[[42, 43]]
    )
    analysis: StoredAnalysisOut | None = Field(
        None, description="The stored vad/hur analysis of the decision text (newest)"
    )

    @staticmethod
    def resolve_analysis(obj):
        return stored_analysis(obj)

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.body.slug

    @staticmethod
    def resolve_meeting_date(obj) -> date:
        return obj.meeting.date

    @staticmethod
    def resolve_initiative_label(obj) -> str:
        return obj.get_initiative_display()

    @staticmethod
    def resolve_assignment_ids(obj) -> list[int]:
        return [a.pk for a in obj.assignments.all()]


class DecisionQuery(PageQuery):
    body: str | None = Field(
        None, description="Only decisions of this body (slug)", examples=["ks"]
    )
    decided_from: date | None = Field(
        None, description="Meetings on or after this date (YYYY-MM-DD)", examples=["2026-01-01"]
    )
    decided_to: date | None = Field(
        None, description="Meetings on or before this date (YYYY-MM-DD)", examples=["2026-12-31"]
    )


@router.get(
    "",
    response=Page[DecisionOut],
    summary="List decisions",
    description=(
        "Decisions of the municipality's bodies, filterable by body and meeting date, each with "
        "the ids of the assignments it gave and its stored vad/hur analysis. Paginated."
    ),
)
def list_decisions(request, filters: Query[DecisionQuery]):
    municipality = municipality_for(request, filters.municipality)
    body = None
    if filters.body:
        body = body_for(municipality, filters.body)
    qs = decisions_list(
        municipality=municipality,
        body=body,
        decided_from=filters.decided_from,
        decided_to=filters.decided_to,
    ).prefetch_related("assignments", analyses_prefetch())
    return paginate(qs, limit=filters.limit, offset=filters.offset)


@router.get(
    "/{int:decision_id}",
    response=DecisionOut,
    summary="One decision",
    description="A decision by its id. 404 when the municipality has no such decision.",
)
def get_decision(
    request,
    decision_id: int = Path(..., description="The decision's id", examples=[17]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    return decision_get(municipality=municipality_for(request, municipality), pk=decision_id)


class AssignmentIn(Schema):
    title: str = Field(
        ...,
        max_length=300,
        description="Short title of the assignment",
        examples=["Digitalisering som frigör resurser"],
    )
    what: str = Field(..., max_length=20000, description="The intended result (vad)")
    why: str = Field("", max_length=20000, description="Why the assignment is given (varför)")
    recipients: list[str] = Field(
        ...,
        min_length=1,
        max_length=50,
        description="Slugs of bodies or chiefs",
        examples=[["kommundirektor"]],
    )
    lead: str | None = Field(
        None, description="Slug of the coordinating recipient", examples=["kommundirektor"]
    )
    resources_sek: Decimal | None = Field(
        None, ge=0, lt=MAX_AMOUNT, description="Resources in kronor", examples=[500000]
    )
    resources_fte: Decimal | None = Field(
        None,
        ge=0,
        le=Decimal("1e5"),
        description="Resources in full-time equivalents",
        examples=[1.5],
    )
    deadline: date | None = Field(
        None, description="When the result is due (YYYY-MM-DD)", examples=["2026-12-31"]
    )
    followups: list[date] = Field(
        default_factory=list,
        max_length=50,
        description="Dates of planned follow-ups (YYYY-MM-DD)",
        examples=[["2026-06-30", "2026-10-31"]],
    )


class DecisionIn(Schema):
    municipality: str | None = Field(
        None, description="Municipality slug; optional when unique", examples=["vimmerby"]
    )
    body: str = Field(..., description="Slug of the deciding body", examples=["ks"])
    meeting_date: date = Field(..., description="Date of the meeting", examples=["2026-03-10"])
    paragraph: int = Field(
        ..., ge=1, le=100000, description="Paragraph number in the minutes", examples=[45]
    )
    case_number: str = Field(
        "", max_length=50, description="Case number (diarienummer)", examples=["KS 2026/123"]
    )
    title: str = Field(..., max_length=300, description="Title of the decision")
    text: str = Field("", max_length=100000, description="The decision text (beslutstext)")
    approved_on: date | None = Field(
        None, description="Date the minutes were approved (justerat)", examples=["2026-03-17"]
    )
    initiative: Initiative = Field(
        Initiative.ADMINISTRATION,
        description="Where the matter came from: political | motion | citizen_proposal | "
        "administration",
    )
    initiative_by: str = Field(
        "", max_length=200, description="Who took the initiative (e.g. the motion's author)"
    )
    assignments: list[AssignmentIn] = Field(
        default_factory=list, max_length=100, description="Assignments the decision gives"
    )
    accept_deviation: bool = Field(
        False,
        description="The body really decided so: register assignments that break the decision "
        "chain anyway, marked as outside the chain and counted as deviations (their ids in "
        "`deviations`). Without it such a decision is refused with 422 `chain_violation` and "
        "nothing, not even a deviation, is stored. A recipient in another municipality is "
        "refused either way.",
    )


class DecisionCreated(Schema):
    id: int = Field(..., description="Id of the new decision", examples=[17])
    reference: str = Field(..., description="Its reference", examples=["KS 2026 § 45"])
    assignment_ids: list[int] = Field(
        ..., description="Ids of the created assignments, in order", examples=[[42]]
    )
    deviations: list[int] = Field(
        default_factory=list,
        description="Ids of the deviations recorded for assignments given outside the decision "
        "chain (only with accept_deviation)",
        examples=[[]],
    )


@router.post(
    "",
    response={201: DecisionCreated, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Register a decision with its assignments",
    description=(
        "Atomic: on any error nothing is stored. The decision chain is checked for every "
        "assignment; a violation answers 422 with code `chain_violation` and a Swedish "
        "explanation of the right path."
    ),
)
def create_decision(request, payload: DecisionIn):
    user = request.auth
    municipality = municipality_for(request, payload.municipality, user)
    body = body_for(municipality, payload.body)
    decision = decision_register(
        actor=user,
        body=body,
        meeting_date=payload.meeting_date,
        paragraph=payload.paragraph,
        title=payload.title,
        text=payload.text,
        case_number=payload.case_number,
        approved_on=payload.approved_on,
        initiative=payload.initiative,
        initiative_by=payload.initiative_by,
        assignments=[AssignmentDraft(**a.model_dump()) for a in payload.assignments],
        accept_deviation=payload.accept_deviation,
    )
    return Status(
        201,
        {
            "id": decision.pk,
            "reference": decision.reference,
            "assignment_ids": list(
                decision.assignments.order_by("id").values_list("id", flat=True)
            ),
            "deviations": decision.deviation_ids,
        },
    )
