"""Follow-up endpoints: reports, questions, answers and decisions on reports (/api/v1/reports,
/api/v1/questions). Same conventions as the rest of the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from tillit.api.auth import BearerToken, optional_user
from tillit.api.common import MAX_LIMIT, Page, municipality_for, paginate
from tillit.assignments.selectors import assignment_get
from tillit.core.errors import ValidationFailed

from . import services
from .models import Outcome, ReportStatus
from .periods import period_parse
from .selectors import question_get, questions_list, report_get, reports_visible

router = Router(tags=["follow-up"])


class IndicatorSchema(Schema):
    name: str = Field(..., max_length=200)
    value: Decimal | None = None
    unit: str = Field("", max_length=30)
    target: Decimal | None = None


class ReportDecisionOut(Schema):
    outcome: str
    decision_id: int
    decision_reference: str
    resources_change_sek: Decimal | None
    frame_change_id: int | None
    assignment_version: int

    @staticmethod
    def resolve_decision_reference(obj) -> str:
        return obj.decision.reference


class ReportOut(Schema):
    id: int
    assignment_id: int
    assignment_title: str
    period: str
    period_end: date
    due_on: date
    state: str = Field(..., description="draft | submitted")
    status: str = Field(..., description="on_track | risk | deviation (blank in an empty draft)")
    narrative: str
    indicators: list[IndicatorSchema]
    resources_suffice: bool | None
    resources_missing_sek: Decimal | None
    forecast: str
    adjustment_request: str
    assignment_version: int
    submitted_at: datetime | None
    decision: ReportDecisionOut | None = None

    @staticmethod
    def resolve_assignment_title(obj) -> str:
        return obj.assignment.title

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.all())

    @staticmethod
    def resolve_decision(obj):
        return getattr(obj, "decision_on", None)


class ReportQuery(Schema):
    municipality: str | None = None
    assignment: int | None = None
    period: str | None = Field(None, description="YYYY-T1, YYYY-DR, YYYY-AR or YYYY-MM")
    body: str | None = Field(None, description="Issuing body (slug)")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get(
    "/reports",
    response=Page[ReportOut],
    summary="List reports (submitted; drafts for their authors)",
)
def list_reports(request, filters: Query[ReportQuery]):
    m = municipality_for(request, filters.municipality)
    qs = reports_visible(municipality=m, user=optional_user(request))
    if filters.assignment is not None:
        qs = qs.filter(assignment_id=filters.assignment)
    if filters.period:
        qs = qs.filter(period=period_parse(filters.period).code)
    if filters.body:
        qs = qs.filter(assignment__issuer__slug=filters.body)
    return paginate(qs.order_by("period_end", "id"), limit=filters.limit, offset=filters.offset)


@router.get("/reports/{int:report_id}", response=ReportOut, summary="One report")
def get_report(request, report_id: int, municipality: str | None = None):
    m = municipality_for(request, municipality)
    return report_get(municipality=m, pk=report_id, user=optional_user(request))


class ReportIn(Schema):
    assignment_id: int
    period: str = Field(..., max_length=20)
    status: ReportStatus | None = None
    narrative: str = Field("", max_length=20000)
    indicators: list[IndicatorSchema] = Field(default_factory=list, max_length=50)
    resources_suffice: bool | None = None
    resources_missing_sek: Decimal | None = None
    forecast: str = Field("", max_length=20000)
    adjustment_request: str = Field("", max_length=20000)
    submit: bool = Field(False, description="Submit at once (immutable afterwards)")


@router.post(
    "/reports",
    response={200: ReportOut, 201: ReportOut},
    auth=BearerToken(),
    summary="Save a draft report (and optionally submit it)",
)
def save_report(request, payload: ReportIn, municipality: str | None = None):
    m = municipality_for(request, municipality, request.auth)
    assignment = assignment_get(municipality=m, pk=payload.assignment_id)
    report = services.report_save_draft(
        actor=request.auth,
        assignment=assignment,
        period=payload.period,
        status=payload.status or "",
        narrative=payload.narrative,
        indicators=[i.dict() for i in payload.indicators],
        resources_suffice=payload.resources_suffice,
        resources_missing_sek=payload.resources_missing_sek,
        forecast=payload.forecast,
        adjustment_request=payload.adjustment_request,
    )
    if payload.submit:
        report = services.report_submit(actor=request.auth, report=report)
    return Status(201, report_get(municipality=m, pk=report.pk, user=request.auth))


@router.post(
    "/reports/{int:report_id}/submit",
    response=ReportOut,
    auth=BearerToken(),
    summary="Submit a draft report",
)
def submit_report(request, report_id: int, municipality: str | None = None):
    m = municipality_for(request, municipality, request.auth)
    report = report_get(municipality=m, pk=report_id, user=request.auth)
    services.report_submit(actor=request.auth, report=report)
    return report_get(municipality=m, pk=report_id, user=request.auth)


class DecisionIn(Schema):
    outcome: Outcome
    meeting_date: date
    paragraph: int = Field(..., ge=1, le=100000)
    title: str = Field("", max_length=300)
    text: str = Field("", max_length=20000)
    case_number: str = Field("", max_length=50)
    approved_on: date | None = None
    deadline: date | None = Field(None, description="adjust: the new deadline")
    what: str | None = Field(None, max_length=20000, description="adjust: the new intended result")
    new_title: str | None = Field(None, max_length=300, description="adjust: the new title")
    recipients: list[str] | None = Field(
        None, max_length=20, description="adjust: new recipients (slugs)"
    )
    lead: str | None = None
    followups: list[date] | None = Field(None, max_length=50)
    resources_change_sek: Decimal | None = Field(None, description="resources: signed change (kr)")


@router.post(
    "/reports/{int:report_id}/decision",
    response={201: ReportDecisionOut},
    auth=BearerToken(),
    summary="Record the body's decision on a report",
)
def decide_report(request, report_id: int, payload: DecisionIn, municipality: str | None = None):
    m = municipality_for(request, municipality, request.auth)
    report = report_get(municipality=m, pk=report_id, user=request.auth)
    amendment = None
    if payload.outcome == Outcome.ADJUST:
        changes = {
            key: value
            for key, value in (
                ("deadline", payload.deadline),
                ("what", payload.what),
                ("title", payload.new_title),
                ("recipients", payload.recipients),
                ("lead", payload.lead),
                ("followups", payload.followups),
            )
            if value is not None
        }
        if not changes:
            raise ValidationFailed(
                {"deadline": "Ange vad som ändras (deadline, what, recipients ...)."}
            )
        amendment = services.amendment_from(report.assignment, **changes)
    row = services.report_decide(
        actor=request.auth,
        report=report,
        outcome=payload.outcome,
        meeting_date=payload.meeting_date,
        paragraph=payload.paragraph,
        title=payload.title,
        text=payload.text,
        case_number=payload.case_number,
        approved_on=payload.approved_on,
        amendment=amendment,
        resources_change_sek=payload.resources_change_sek,
    )
    return Status(201, row)


class QuestionOut(Schema):
    id: int
    assignment_id: int
    report_id: int | None
    body: str
    to_office: str | None
    text: str
    asked_by: str
    asked_at: datetime
    due_on: date
    answered: bool
    overdue: bool
    answer: str
    answered_by: str | None
    answered_at: datetime | None

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.body.slug

    @staticmethod
    def resolve_to_office(obj):
        return obj.to_office.slug if obj.to_office_id else None

    @staticmethod
    def resolve_asked_by(obj) -> str:
        return obj.asked_by.get_username()

    @staticmethod
    def resolve_answered_by(obj):
        return obj.answered_by.get_username() if obj.answered_by_id else None

    @staticmethod
    def resolve_answered(obj) -> bool:
        return obj.is_answered

    @staticmethod
    def resolve_overdue(obj) -> bool:
        from django.utils import timezone

        return obj.is_overdue(timezone.localdate())


class QuestionQuery(Schema):
    municipality: str | None = None
    assignment: int | None = None
    open: bool = Field(False, description="Only unanswered questions")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("/questions", response=Page[QuestionOut], summary="List questions and answers")
def list_questions(request, filters: Query[QuestionQuery]):
    m = municipality_for(request, filters.municipality)
    qs = questions_list(municipality=m, open_only=filters.open)
    if filters.assignment is not None:
        qs = qs.filter(assignment_id=filters.assignment)
    return paginate(qs, limit=filters.limit, offset=filters.offset)


class QuestionIn(Schema):
    assignment_id: int
    text: str = Field(..., min_length=1, max_length=5000)
    report_id: int | None = None
    due_on: date | None = None


@router.post(
    "/questions",
    response={201: QuestionOut},
    auth=BearerToken(),
    summary="Ask a question (members of the issuing body)",
)
def ask_question(request, payload: QuestionIn, municipality: str | None = None):
    m = municipality_for(request, municipality, request.auth)
    assignment = assignment_get(municipality=m, pk=payload.assignment_id)
    report = None
    if payload.report_id is not None:
        report = report_get(municipality=m, pk=payload.report_id, user=request.auth)
    question = services.question_ask(
        actor=request.auth,
        assignment=assignment,
        text=payload.text,
        report=report,
        due_on=payload.due_on,
    )
    return Status(201, question_get(municipality=m, pk=question.pk))


class AnswerIn(Schema):
    text: str = Field(..., min_length=1, max_length=20000)


@router.post(
    "/questions/{int:question_id}/answer",
    response=QuestionOut,
    auth=BearerToken(),
    summary="Answer a question (the recipient chief)",
)
def answer_question(request, question_id: int, payload: AnswerIn, municipality: str | None = None):
    m = municipality_for(request, municipality, request.auth)
    question = question_get(municipality=m, pk=question_id)
    services.question_answer(actor=request.auth, question=question, text=payload.text)
    return question_get(municipality=m, pk=question_id)
