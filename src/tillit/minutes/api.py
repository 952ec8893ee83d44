"""POST /api/v1/meetings — a case or meeting system pushes its minutes after justering;
POST /api/v1/meetings/{id}/approve records the justering and locks the meeting.

The body is the minutes reader's JSON (``tillit minutes parse FILE --json``) plus an idempotency
key; registering goes through minutes.services.meeting_register, the same as the review screen.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from pydantic import ConfigDict

from tillit.api.auth import BearerToken
from tillit.api.common import WRITE_ERRORS, body_for, municipality_for
from tillit.core.errors import NotFound
from tillit.decisions.models import Meeting
from tillit.decisions.services import meeting_approve

from .models import ProtocolSource
from .services import meeting_register

router = Router(tags=["meetings"])

Kind = Literal[
    "assignment",
    "report_decision",
    "frame_change",
    "delegation_report",
    "election",
    "noted",
    "other",
]

EXAMPLE = {
    "municipality": "vimmerby",
    "idempotency_key": "ks-2026-03-10-justerat",
    "body": "ks",
    "body_guess": "Kommunstyrelsen",
    "meeting_date": "2026-03-10",
    "paragraphs": [
        {
            "number": 45,
            "title": "Digitalisering som frigör resurser",
            "kind": "assignment",
            "decision_text": "Kommunstyrelsen beslutar att ge kommundirektören i uppdrag att "
            "frigöra resurser till skola och äldreomsorg genom digitalisering.",
            "has_assignment": True,
            "case_number": "KS 2026/123",
            "assignments": [
                {
                    "recipient_text": "kommundirektören",
                    "recipient": "kommundirektor",
                    "what": "Minst 2 procent av kostnaderna frigörs till skola och äldreomsorg.",
                    "deadline": "2026-12-31",
                    "resources_sek": 500000,
                }
            ],
        },
        {
            "number": 46,
            "title": "Anmälan av delegationsbeslut",
            "kind": "delegation_report",
            "decision_text": "Anmälan läggs till handlingarna.",
            "has_assignment": False,
            "assignments": [],
        },
    ],
}


class MeetingAssignmentIn(Schema):
    recipient_text: str = Field(
        "",
        max_length=300,
        description="The recipient as written in the minutes",
        examples=["kommundirektören"],
    )
    recipient: str | None = Field(
        None,
        max_length=100,
        description="Slug of the recipient body or chief. When null, Tillit matches "
        "`recipient_text` against the organisation (the issuer's allowed recipients first); "
        "an unmatched recipient refuses the meeting with 422.",
        examples=["kommundirektor"],
    )
    what: str = Field(..., max_length=20000, description="The att-sats: the intended result")
    deadline: date | None = Field(
        None, description="When the result is due (YYYY-MM-DD)", examples=["2026-12-31"]
    )
    resources_sek: int | None = Field(
        None, ge=0, lt=10**14, description="Resources in kronor", examples=[500000]
    )


class MeetingParagraphIn(Schema):
    number: int = Field(..., ge=1, le=100000, description="The § number as printed")
    title: str = Field(..., max_length=300, description="The paragraph's heading")
    kind: Kind = Field("other", description="What kind of paragraph the reader found")
    decision_text: str = Field("", max_length=100000, description="The body's own decision")
    has_assignment: bool = Field(False, description="Whether the decision gives assignments")
    case_number: str = Field(
        "", max_length=50, description="Case number (Dnr), when printed", examples=["KS 2026/123"]
    )
    selected: bool = Field(
        True, description="false: leave this paragraph out of the registration (not stored)"
    )
    accept_deviation: bool = Field(
        False,
        description="true: the body did decide an assignment outside the decision chain; it is "
        "registered as decided and recorded as a deviation (otherwise a chain violation is 422)",
    )
    assignments: list[MeetingAssignmentIn] = Field(
        default_factory=list, max_length=50, description="Assignments in the decision"
    )


class MeetingIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    municipality: str | None = Field(
        None, description="Municipality slug; optional when unique", examples=["vimmerby"]
    )
    idempotency_key: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Chosen by the caller, one per protocol version: the same request again "
        "answers the first result and stores nothing; the same key with other content is 409.",
        examples=["ks-2026-03-10-justerat"],
    )
    body: str | None = Field(
        None, description="Slug of the body; when null, `body_guess` names it", examples=["ks"]
    )
    body_guess: str | None = Field(
        None, max_length=300, description="The body as the reader found it in the minutes"
    )
    meeting_date: date = Field(..., description="Date of the meeting", examples=["2026-03-10"])
    paragraphs: list[MeetingParagraphIn] = Field(
        ..., min_length=1, max_length=1000, description="Every paragraph, in the order printed"
    )


class RegisteredParagraphOut(Schema):
    number: int = Field(..., description="The § number", examples=[45])
    decision_id: int = Field(..., description="Id of the decision it became", examples=[17])
    reference: str = Field(..., description="Its reference", examples=["KS 2026 § 45"])
    assignment_ids: list[int] = Field(..., description="Ids of its assignments", examples=[[42]])
    deviation_ids: list[int] = Field(
        default_factory=list,
        description="Ids of the deviations recorded for assignments given outside the chain",
        examples=[[]],
    )


class MeetingRegistered(Schema):
    protocol_id: int = Field(..., description="Id of the stored protocol record", examples=[3])
    body: str = Field(..., description="Slug of the body", examples=["ks"])
    meeting_date: str = Field(..., description="Date of the meeting", examples=["2026-03-10"])
    registered: list[RegisteredParagraphOut] = Field(
        ..., description="Paragraphs registered now, in order"
    )
    already_registered: list[int] = Field(
        ...,
        description="§ numbers already registered for this meeting (never registered twice)",
        examples=[[44]],
    )
    not_selected: list[int] = Field(
        ..., description="§ numbers sent with `selected: false`", examples=[[]]
    )


@router.post(
    "",
    response={201: MeetingRegistered, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Register a meeting's minutes",
    description=(
        "Registers every paragraph of one meeting as a decision, with its assignments, through "
        "the same rules as `POST /decisions` (decision chain, vad/hur analysis, audit trail). "
        "All or nothing: if any paragraph has a problem (an unmatched or unknown recipient, a "
        "decision-chain violation — code `chain_violation` —, a § number another meeting of the "
        "body already used that year) the answer is 422 naming each problem as "
        "`paragraphs[i]…` and nothing is stored. A § already registered for the same meeting "
        "(body, date, number) is skipped and listed in `already_registered`, so a corrected "
        "protocol can be sent again under a new key. Sending the same request with the same "
        "`idempotency_key` answers the first result again (header `Idempotent-Replayed: true`)."
    ),
)
def register_meeting(request, payload: MeetingIn, response: HttpResponse):
    user = request.auth
    municipality = municipality_for(request, payload.municipality, user)
    body = body_for(municipality, payload.body) if payload.body else None
    data = payload.model_dump(mode="json", exclude={"municipality", "idempotency_key", "body"})
    data["body_guess"] = data.get("body_guess") or ""
    selected = {p.number for p in payload.paragraphs if p.selected}
    result = meeting_register(
        actor=user,
        municipality=municipality,
        meeting=data,
        body=body,
        selected=selected,
        idempotency_key=payload.idempotency_key,
        source=ProtocolSource.API,
    )
    if result.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(201, result.as_json())


class MeetingApproveIn(Schema):
    municipality: str | None = Field(
        None, description="Municipality slug; optional when unique", examples=["vimmerby"]
    )
    approved_on: date = Field(
        ..., description="The day the minutes were justerade (YYYY-MM-DD)", examples=["2026-03-17"]
    )
    adjusters: str = Field(
        ...,
        max_length=300,
        description="Who adjusted the minutes, by office (no personal names needed)",
        examples=["Ordföranden och en ledamot"],
    )


class MeetingOut(Schema):
    id: int = Field(..., description="Id of the meeting", examples=[12])
    body: str = Field(..., description="Slug of the body", examples=["ks"])
    meeting_date: date = Field(..., description="Date of the meeting", examples=["2026-03-10"])
    approved_on: date | None = Field(
        None, description="Justering date; set means locked", examples=["2026-03-17"]
    )
    adjusters: str = Field("", description="Who adjusted the minutes, by office")
    locked: bool = Field(..., description="true: no § can be added, changed or removed")
    paragraphs: list[int] = Field(..., description="The meeting's § numbers", examples=[[45, 46]])


def _meeting_out(meeting) -> dict:
    return {
        "id": meeting.pk,
        "body": meeting.body.slug,
        "meeting_date": meeting.date,
        "approved_on": meeting.approved_on,
        "adjusters": meeting.adjusters,
        "locked": meeting.is_locked,
        "paragraphs": list(
            meeting.decisions.order_by("paragraph").values_list("paragraph", flat=True)
        ),
    }


@router.post(
    "/{meeting_id}/approve",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="Record a meeting's justering (locks it)",
    description=(
        "Records that the minutes of a registered meeting were justerade: the date and who "
        "adjusted them (by office). Afterwards the meeting is locked: adding a § to it through "
        "`POST /decisions`, `POST /meetings` or the web forms answers 409 with code "
        "`meeting_locked`, and a second justering is 409 too. Same rule as the web's "
        "“Registrera ett sammanträde” (decisions.services.meeting_approve)."
    ),
)
def approve_meeting(
    request,
    payload: MeetingApproveIn,
    meeting_id: int = Path(
        ..., description="The meeting's id (`meeting_id` of its decisions)", examples=[12]
    ),
):
    user = request.auth
    municipality = municipality_for(request, payload.municipality, user)
    meeting = (
        Meeting.objects.filter(municipality=municipality, pk=meeting_id)
        .select_related("body")
        .first()
    )
    if meeting is None:
        raise NotFound(
            _("Sammanträdet %(meeting_id)s finns inte i %(name)s.")
            % {"meeting_id": meeting_id, "name": municipality.name}
        )
    meeting = meeting_approve(
        actor=user, meeting=meeting, approved_on=payload.approved_on, adjusters=payload.adjusters
    )
    return Status(200, _meeting_out(meeting))
