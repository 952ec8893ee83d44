"""Assignment endpoints: list with filters, detail with history, status changes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from tillit.analysis.api import StoredAnalysisOut, stored_analysis
from tillit.api.auth import BearerToken
from tillit.api.common import MAX_LIMIT, Page, municipality_for, paginate
from tillit.core.errors import ValidationFailed
from tillit.decisions.models import Decision
from tillit.organisation.models import Body

from .models import Status
from .selectors import AssignmentFilter, assignment_get, assignments_list
from .services import assignment_change_status

router = Router(tags=["assignments"])


class RecipientOut(Schema):
    slug: str
    name: str
    kind: str = Field(..., description="body | office")
    is_lead: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj.target)

    @staticmethod
    def resolve_kind(obj) -> str:
        return "body" if obj.body_id else "office"


class AssignmentOut(Schema):
    id: int
    title: str
    what: str = Field(..., description="The intended result")
    why: str
    issuer: str = Field(..., description="Slug of the issuing body")
    decision_id: int
    decision_reference: str = Field(..., examples=["KS 2026 § 45"])
    issued_on: date
    recipients: list[RecipientOut]
    resources_sek: Decimal | None
    resources_fte: Decimal | None
    deadline: date | None
    followups: list[date]
    status: str = Field(..., description="decided | in_progress | reported | completed | cancelled")
    status_label: str
    version: int
    analysis: StoredAnalysisOut | None = Field(
        None, description="The stored vad/hur analysis of what + why (newest)"
    )

    @staticmethod
    def resolve_analysis(obj):
        return stored_analysis(obj)

    @staticmethod
    def resolve_issuer(obj) -> str:
        return obj.issuer.slug

    @staticmethod
    def resolve_decision_reference(obj) -> str:
        return obj.decision.reference

    @staticmethod
    def resolve_recipients(obj):
        return list(obj.recipients.all())

    @staticmethod
    def resolve_followups(obj):
        return [f.due_on for f in obj.followups.all()]

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()


class EventOut(Schema):
    kind: str
    occurred_at: datetime
    actor: str | None
    decision_id: int | None
    decision_reference: str | None
    source: str
    from_status: str
    to_status: str
    version: int
    note: str
    snapshot: dict

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.get_username() if obj.actor_id else None

    @staticmethod
    def resolve_decision_reference(obj) -> str | None:
        return obj.decision.reference if obj.decision_id else None

    @staticmethod
    def resolve_source(obj) -> str:
        return obj.source_label


class AssignmentDetailOut(AssignmentOut):
    history: list[EventOut]


class AssignmentQuery(Schema):
    municipality: str | None = Field(None, description="Municipality slug")
    body: str | None = Field(None, description="Issued or received by this body (slug)")
    issuer: str | None = Field(None, description="Issued by this body (slug)")
    status: Status | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    q: str = Field("", max_length=200, description="Text search in title, what and why")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("", response=Page[AssignmentOut], summary="List assignments")
def list_assignments(request, filters: Query[AssignmentQuery]):
    municipality = municipality_for(request, filters.municipality)
    body = None
    if filters.body:
        body = Body.objects.filter(municipality=municipality, slug=filters.body).first()
        if body is None:
            raise ValidationFailed({"body": f"Unknown body {filters.body!r}."})
    issuer = None
    if filters.issuer:
        issuer = Body.objects.filter(municipality=municipality, slug=filters.issuer).first()
        if issuer is None:
            raise ValidationFailed({"issuer": f"Unknown body {filters.issuer!r}."})
    if filters.issued_from and filters.issued_to and filters.issued_from > filters.issued_to:
        raise ValidationFailed({"issued_from": "issued_from is after issued_to."})
    qs = assignments_list(
        municipality=municipality,
        filters=AssignmentFilter(
            body=body,
            issuer=issuer,
            status=filters.status,
            issued_from=filters.issued_from,
            issued_to=filters.issued_to,
            q=filters.q.strip(),
        ),
    )
    return paginate(qs, limit=filters.limit, offset=filters.offset)


@router.get(
    "/{int:assignment_id}", response=AssignmentDetailOut, summary="One assignment, with history"
)
def get_assignment(request, assignment_id: int, municipality: str | None = None):
    assignment = assignment_get(
        municipality=municipality_for(request, municipality), pk=assignment_id
    )
    from tillit.portal.published import published_history

    assignment.history = list(published_history(assignment=assignment))
    return assignment


class StatusIn(Schema):
    status: Status
    decision_id: int | None = Field(
        None, description="Required to complete, cancel or reopen: the issuing body's decision"
    )
    note: str = Field("", max_length=2000)
    version: int | None = Field(
        None, description="The version the change was made from; a stale one is 409 Conflict"
    )


@router.post(
    "/{int:assignment_id}/status",
    response=AssignmentOut,
    auth=BearerToken(),
    summary="Change an assignment's status",
)
def change_status(request, assignment_id: int, payload: StatusIn, municipality: str | None = None):
    found = municipality_for(request, municipality, request.auth)
    assignment = assignment_get(municipality=found, pk=assignment_id)
    decision = None
    if payload.decision_id is not None:
        decision = Decision.objects.filter(municipality=found, pk=payload.decision_id).first()
        if decision is None:
            raise ValidationFailed({"decision_id": f"Beslutet {payload.decision_id} finns inte."})
    assignment_change_status(
        actor=request.auth,
        assignment=assignment,
        to_status=payload.status,
        decision=decision,
        note=payload.note,
        expected_version=payload.version,
    )
    return assignment_get(municipality=found, pk=assignment_id)
