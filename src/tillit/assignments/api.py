"""Assignment endpoints: list with filters, detail with history, status changes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from tillit.analysis.api import StoredAnalysisOut, stored_analysis
from tillit.api.auth import BearerToken
from tillit.api.common import (
    MUNICIPALITY_HELP,
    Page,
    PageQuery,
    body_for,
    municipality_for,
    paginate,
)
from tillit.core.errors import ValidationFailed
from tillit.decisions.models import Decision

from .models import Status
from .selectors import (
    AssignmentFilter,
    assignment_get,
    assignment_public_history,
    assignments_list,
)
from .services import assignment_change_status

router = Router(tags=["assignments"])


class RecipientOut(Schema):
    slug: str = Field(..., description="Slug of the body or office", examples=["kommundirektor"])
    name: str = Field(..., description="Name of the recipient", examples=["Kommundirektör"])
    kind: str = Field(..., description="body | office", examples=["office"])
    is_lead: bool = Field(..., description="The recipient coordinates the work")

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj.target)

    @staticmethod
    def resolve_kind(obj) -> str:
        return "body" if obj.body_id else "office"


class AssignmentOut(Schema):
    id: int = Field(..., description="The assignment's id", examples=[42])
    title: str = Field(
        ..., description="Short title", examples=["Digitalisering som frigör resurser"]
    )
    what: str = Field(..., description="The intended result")
    why: str = Field(..., description="Why the assignment is given")
    issuer: str = Field(..., description="Slug of the issuing body", examples=["ks"])
    decision_id: int = Field(..., description="Id of the decision that gave it", examples=[17])
    decision_reference: str = Field(
        ..., description="Reference of that decision", examples=["KS 2026 § 45"]
    )
    issued_on: date = Field(..., description="Date of the decision", examples=["2026-03-10"])
    recipients: list[RecipientOut] = Field(
        ..., description="Bodies and offices given the assignment"
    )
    resources_sek: Decimal | None = Field(
        ..., description="Resources in kronor, if set", examples=["500000.00"]
    )
    resources_fte: Decimal | None = Field(
        ..., description="Resources in full-time equivalents, if set", examples=["1.50"]
    )
    deadline: date | None = Field(
        ..., description="When the result is due", examples=["2026-12-31"]
    )
    followups: list[date] = Field(
        ..., description="Dates of planned follow-ups", examples=[["2026-06-30"]]
    )
    status: str = Field(
        ...,
        description="decided | in_progress | reported | completed | cancelled",
        examples=["in_progress"],
    )
    status_label: str = Field(..., description="The status in Swedish", examples=["Pågår"])
    version: int = Field(
        ...,
        description="Increases with every change; send it back to change the status",
        examples=[3],
    )
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
    kind: str = Field(
        ..., description="What happened (created, status, amended …)", examples=["status"]
    )
    occurred_at: datetime = Field(
        ..., description="When, ISO 8601 with time zone", examples=["2026-03-10T14:05:00+01:00"]
    )
    actor: str | None = Field(..., description="Username of who did it; null for the system")
    decision_id: int | None = Field(..., description="Id of the decision behind it, if any")
    decision_reference: str | None = Field(
        ..., description="Reference of that decision", examples=["KS 2026 § 45"]
    )
    source: str = Field(..., description="Where the change came from (web, API, import …)")
    from_status: str = Field(..., description="Status before (blank if unchanged)")
    to_status: str = Field(..., description="Status after (blank if unchanged)")
    version: int = Field(..., description="The assignment's version after the event", examples=[3])
    note: str = Field(..., description="Public note on the event")
    snapshot: dict = Field(..., description="The assignment's fields after the event")

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
    history: list[EventOut] = Field(..., description="The public history, oldest first")


class AssignmentQuery(PageQuery):
    body: str | None = Field(
        None, description="Issued or received by this body (slug)", examples=["bun"]
    )
    issuer: str | None = Field(None, description="Issued by this body (slug)", examples=["ks"])
    status: Status | None = Field(None, description="Only assignments with this status")
    issued_from: date | None = Field(
        None, description="Issued on or after this date (YYYY-MM-DD)", examples=["2026-01-01"]
    )
    issued_to: date | None = Field(
        None, description="Issued on or before this date (YYYY-MM-DD)", examples=["2026-12-31"]
    )
    q: str = Field(
        "", max_length=200, description="Text search in title, what and why", examples=["skola"]
    )


@router.get(
    "",
    response=Page[AssignmentOut],
    summary="List assignments",
    description=(
        "Assignments (uppdrag) with their recipients, resources, deadline, follow-ups and "
        "status, filterable by body, issuer, status, issue date and text. Paginated."
    ),
)
def list_assignments(request, filters: Query[AssignmentQuery]):
    municipality = municipality_for(request, filters.municipality)
    body = None
    if filters.body:
        body = body_for(municipality, filters.body)
    issuer = None
    if filters.issuer:
        issuer = body_for(municipality, filters.issuer, field="issuer")
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
    "/{int:assignment_id}",
    response=AssignmentDetailOut,
    summary="One assignment, with history",
    description=(
        "An assignment by its id with its public history (internal notes are left out for "
        "everyone). 404 when the municipality has no such assignment."
    ),
)
def get_assignment(
    request,
    assignment_id: int = Path(..., description="The assignment's id", examples=[42]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    assignment = assignment_get(
        municipality=municipality_for(request, municipality), pk=assignment_id
    )
    assignment.history = list(assignment_public_history(assignment=assignment))
    return assignment


class StatusIn(Schema):
    status: Status = Field(..., description="The new status")
    decision_id: int | None = Field(
        None, description="Required to complete, cancel or reopen: the issuing body's decision"
    )
    note: str = Field("", max_length=2000, description="Note recorded with the change")
    version: int | None = Field(
        None, description="The version the change was made from; a stale one is 409 Conflict"
    )


@router.post(
    "/{int:assignment_id}/status",
    response=AssignmentOut,
    auth=BearerToken(),
    summary="Change an assignment's status",
    description=(
        "Moves the assignment to a new status, checked against the allowed transitions. "
        "Completing, cancelling or reopening needs the issuing body's decision (`decision_id`). "
        "Send `version` to guard against concurrent changes (409 when it is stale). Needs a "
        "token with the right role."
    ),
)
def change_status(
    request,
    payload: StatusIn,
    assignment_id: int = Path(..., description="The assignment's id", examples=[42]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    found = municipality_for(request, municipality, request.auth)
    assignment = assignment_get(municipality=found, pk=assignment_id)
    decision = None
    if payload.decision_id is not None:
        decision = Decision.objects.filter(municipality=found, pk=payload.decision_id).first()
        if decision is None:
            raise ValidationFailed(
                {
                    "decision_id": _("Beslutet %(decision_id)s finns inte.")
                    % {"decision_id": payload.decision_id}
                }
            )
    assignment_change_status(
        actor=request.auth,
        assignment=assignment,
        to_status=payload.status,
        decision=decision,
        note=payload.note,
        expected_version=payload.version,
    )
    return assignment_get(municipality=found, pk=assignment_id)
