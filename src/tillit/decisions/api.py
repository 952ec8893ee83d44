"""Decision endpoints. POST registers a decision with its assignments in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from tillit.analysis.api import StoredAnalysisOut, stored_analysis
from tillit.analysis.selectors import analyses_prefetch
from tillit.api.auth import BearerToken
from tillit.api.common import MAX_LIMIT, Page, municipality_for, paginate
from tillit.assignments.services import AssignmentDraft
from tillit.barometer.hooks import decision_register_recorded
from tillit.core.errors import ValidationFailed
from tillit.organisation.models import Body

from .models import Initiative
from .selectors import decision_get, decisions_list

router = Router(tags=["decisions"])


class DecisionOut(Schema):
    id: int
    body: str
    reference: str = Field(..., examples=["KS 2026 § 45"])
    meeting_date: date
    year: int
    paragraph: int
    case_number: str
    title: str
    text: str
    approved_on: date | None
    initiative: str = Field(
        ..., description="political | motion | citizen_proposal | administration"
    )
    initiative_label: str
    assignment_ids: list[int]
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


class DecisionQuery(Schema):
    municipality: str | None = None
    body: str | None = Field(None, description="Body slug")
    decided_from: date | None = None
    decided_to: date | None = None
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("", response=Page[DecisionOut], summary="List decisions")
def list_decisions(request, filters: Query[DecisionQuery]):
    municipality = municipality_for(request, filters.municipality)
    body = None
    if filters.body:
        body = Body.objects.filter(municipality=municipality, slug=filters.body).first()
        if body is None:
            raise ValidationFailed({"body": f"Unknown body {filters.body!r}."})
    qs = decisions_list(
        municipality=municipality,
        body=body,
        decided_from=filters.decided_from,
        decided_to=filters.decided_to,
    ).prefetch_related("assignments", analyses_prefetch())
    return paginate(qs, limit=filters.limit, offset=filters.offset)


@router.get("/{int:decision_id}", response=DecisionOut, summary="One decision")
def get_decision(request, decision_id: int, municipality: str | None = None):
    return decision_get(municipality=municipality_for(request, municipality), pk=decision_id)


class AssignmentIn(Schema):
    title: str = Field(..., max_length=300, examples=["Digitalisering som frigör resurser"])
    what: str = Field(..., max_length=20000, description="The intended result (vad)")
    why: str = Field("", max_length=20000)
    recipients: list[str] = Field(
        ...,
        min_length=1,
        max_length=50,
        description="Slugs of bodies or chiefs",
        examples=[["kommundirektor"]],
    )
    lead: str | None = Field(None, description="Slug of the coordinating recipient")
    resources_sek: Decimal | None = Field(None, ge=0, le=Decimal("1e12"), examples=[500000])
    resources_fte: Decimal | None = Field(None, ge=0, le=Decimal("1e5"))
    deadline: date | None = None
    followups: list[date] = Field(default_factory=list, max_length=50)


class DecisionIn(Schema):
    municipality: str | None = Field(None, description="Municipality slug; optional when unique")
    body: str = Field(..., examples=["ks"])
    meeting_date: date
    paragraph: int = Field(..., ge=1, le=100000)
    case_number: str = Field("", max_length=50, examples=["KS 2026/123"])
    title: str = Field(..., max_length=300)
    text: str = Field("", max_length=100000)
    approved_on: date | None = None
    initiative: Initiative = Initiative.ADMINISTRATION
    initiative_by: str = Field("", max_length=200)
    assignments: list[AssignmentIn] = Field(default_factory=list, max_length=100)


class DecisionCreated(Schema):
    id: int
    reference: str
    assignment_ids: list[int]


class ErrorOut(Schema):
    code: str = Field(..., examples=["chain_violation"])
    detail: str = Field(
        ...,
        examples=[
            "Uppdraget ska ges till kommundirektören, som fördelar arbetet inom förvaltningen."
        ],
    )
    field: str | None = None
    errors: dict[str, str] | None = None


@router.post(
    "",
    response={
        201: DecisionCreated,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
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
    body = Body.objects.filter(municipality=municipality, slug=payload.body).first()
    if body is None:
        raise ValidationFailed({"body": f"Organet {payload.body!r} finns inte i {municipality}."})
    decision = decision_register_recorded(
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
    )
    return Status(
        201,
        {
            "id": decision.pk,
            "reference": decision.reference,
            "assignment_ids": list(
                decision.assignments.order_by("id").values_list("id", flat=True)
            ),
        },
    )
