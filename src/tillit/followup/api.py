"""Follow-up endpoints: reports, questions, answers and decisions on reports (/api/v1/reports,
/api/v1/questions). Same conventions as the rest of the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from tillit.api.auth import BearerToken, optional_user
from tillit.api.common import (
    MUNICIPALITY_HELP,
    Page,
    PageQuery,
    municipality_for,
    paginate,
)
from tillit.assignments.selectors import assignment_get
from tillit.core.errors import ValidationFailed

from . import services
from .models import Outcome, ReportStatus
from .periods import period_parse
from .selectors import question_get, questions_list, report_get, reports_visible

router = Router(tags=["follow-up"])

PERIOD_HELP = (
    "Reporting period: YYYY-T1 (tertial 1), YYYY-DR (delårsrapport), YYYY-AR "
    "(årsredovisning) or YYYY-MM (a month)"
)


class IndicatorSchema(Schema):
    name: str = Field(
        ..., max_length=200, description="What is measured", examples=["Andel digitala ärenden"]
    )
    value: Decimal | None = Field(None, description="The measured value", examples=[42.5])
    unit: str = Field("", max_length=30, description="Unit of value and target", examples=["%"])
    target: Decimal | None = Field(None, description="The target value", examples=[60])


class FrameShare(Schema):
    body: str = Field(..., description="Slug of a recipient body", examples=["bun"])
    amount: Decimal = Field(
        ..., description="Its share of the change (kr, same sign)", examples=["150000"]
    )


class ReportDecisionOut(Schema):
    outcome: str = Field(
        ..., description="continue | adjust | resources | complete | cancel", examples=["continue"]
    )
    decision_id: int = Field(..., description="Id of the body's decision on the report")
    decision_reference: str = Field(
        ..., description="Reference of that decision", examples=["BUN 2026 § 12"]
    )
    resources_change_sek: Decimal | None = Field(
        ..., description="Signed change of the assignment's resources (kr)", examples=["250000.00"]
    )
    frame_year: int | None = Field(
        ..., description="resources: the budget year the change applies to", examples=[2027]
    )
    frame_split: list[FrameShare] = Field(
        ..., description="resources: the change split among the recipient bodies (slug, kr)"
    )
    frame_change_id: int | None = Field(
        ...,
        description="Id of the frame change a resources decision registered (the first share's), "
        "if any",
    )
    assignment_version: int = Field(
        ..., description="The assignment's version after the decision", examples=[4]
    )

    @staticmethod
    def resolve_decision_reference(obj) -> str:
        return obj.decision.reference


class ReportOut(Schema):
    id: int = Field(..., description="The report's id", examples=[7])
    assignment_id: int = Field(..., description="Id of the assignment reported on", examples=[42])
    assignment_title: str = Field(..., description="Title of that assignment")
    period: str = Field(
        ...,
        description=PERIOD_HELP,
        examples=["2026-DR"],
    )
    period_end: date = Field(..., description="Last day of the period", examples=["2026-08-31"])
    due_on: date = Field(..., description="When the report is due", examples=["2026-09-15"])
    state: str = Field(..., description="draft | submitted")
    status: str = Field(..., description="on_track | risk | deviation (blank in an empty draft)")
    narrative: str = Field(..., description="What has been done and achieved")
    indicators: list[IndicatorSchema] = Field(..., description="Measured indicators")
    resources_suffice: bool | None = Field(
        ..., description="Whether the resources suffice; null if not stated"
    )
    resources_missing_sek: Decimal | None = Field(
        ..., description="Resources missing (kr), if any", examples=["150000.00"]
    )
    forecast: str = Field(..., description="Forecast for reaching the intended result")
    adjustment_request: str = Field(..., description="Requested change of the assignment, if any")
    assignment_version: int = Field(
        ..., description="The assignment's version the report was written against", examples=[3]
    )
    submitted_at: datetime | None = Field(
        ...,
        description="When it was submitted; null for a draft",
        examples=["2026-09-10T09:00:00+02:00"],
    )
    decision: ReportDecisionOut | None = Field(
        None, description="The body's decision on the report, once made"
    )

    @staticmethod
    def resolve_assignment_title(obj) -> str:
        return obj.assignment.title

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.all())

    @staticmethod
    def resolve_decision(obj):
        return getattr(obj, "decision_on", None)


class ReportQuery(PageQuery):
    assignment: int | None = Field(None, description="Only reports on this assignment (id)")
    period: str | None = Field(
        None,
        description=PERIOD_HELP,
        examples=["2026-DR"],
    )
    body: str | None = Field(None, description="Issuing body (slug)", examples=["ks"])


@router.get(
    "/reports",
    response=Page[ReportOut],
    summary="List reports (submitted; drafts for their authors)",
    description=(
        "Follow-up reports on assignments, ordered by period end. Anonymous callers see "
        "submitted reports only; a token also shows the drafts its user may read. Paginated."
    ),
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


@router.get(
    "/reports/{int:report_id}",
    response=ReportOut,
    summary="One report",
    description="A report by its id; a draft only for a caller allowed to read it, else 404.",
)
def get_report(
    request,
    report_id: int = Path(..., description="The report's id", examples=[7]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    m = municipality_for(request, municipality)
    return report_get(municipality=m, pk=report_id, user=optional_user(request))


class ReportIn(Schema):
    assignment_id: int = Field(..., description="Id of the assignment reported on", examples=[42])
    period: str = Field(
        ...,
        max_length=20,
        description=PERIOD_HELP,
        examples=["2026-DR"],
    )
    status: ReportStatus | None = Field(
        None, description="on_track | risk | deviation; required to submit"
    )
    narrative: str = Field("", max_length=20000, description="What has been done and achieved")
    indicators: list[IndicatorSchema] = Field(
        default_factory=list, max_length=50, description="Measured indicators"
    )
    resources_suffice: bool | None = Field(None, description="Whether the resources suffice")
    resources_missing_sek: Decimal | None = Field(
        None, description="Resources missing (kr)", examples=[150000]
    )
    forecast: str = Field(
        "", max_length=20000, description="Forecast for reaching the intended result"
    )
    adjustment_request: str = Field(
        "", max_length=20000, description="Requested change of the assignment, if any"
    )
    submit: bool = Field(False, description="Submit at once (immutable afterwards)")


@router.post(
    "/reports",
    response={200: ReportOut, 201: ReportOut},
    auth=BearerToken(),
    summary="Save a draft report (and optionally submit it)",
    description=(
        "Creates or updates the draft report for an assignment and period; with `submit` it "
        "is submitted at once and can no longer change. Needs the token of a recipient of "
        "the assignment."
    ),
)
def save_report(
    request,
    payload: ReportIn,
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
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
    description=(
        "Submits a draft: it becomes public and immutable. A status is required. Needs the "
        "token of a recipient of the assignment."
    ),
)
def submit_report(
    request,
    report_id: int = Path(..., description="The report's id", examples=[7]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    m = municipality_for(request, municipality, request.auth)
    report = report_get(municipality=m, pk=report_id, user=request.auth)
    services.report_submit(actor=request.auth, report=report)
    return report_get(municipality=m, pk=report_id, user=request.auth)


class ReportDecisionIn(Schema):
    outcome: Outcome = Field(..., description="continue | adjust | resources | complete | cancel")
    meeting_date: date = Field(..., description="Date of the meeting", examples=["2026-10-05"])
    paragraph: int = Field(
        ..., ge=1, le=100000, description="Paragraph number in the minutes", examples=[12]
    )
    title: str = Field("", max_length=300, description="Title of the decision")
    text: str = Field("", max_length=20000, description="The decision text")
    case_number: str = Field(
        "", max_length=50, description="Case number (diarienummer)", examples=["BUN 2026/45"]
    )
    approved_on: date | None = Field(
        None, description="Date the minutes were approved (justerat)", examples=["2026-10-12"]
    )
    deadline: date | None = Field(
        None, description="adjust: the new deadline", examples=["2027-06-30"]
    )
    what: str | None = Field(None, max_length=20000, description="adjust: the new intended result")
    new_title: str | None = Field(None, max_length=300, description="adjust: the new title")
    recipients: list[str] | None = Field(
        None, max_length=20, description="adjust: new recipients (slugs)"
    )
    lead: str | None = Field(None, description="adjust: the new lead recipient (slug)")
    followups: list[date] | None = Field(
        None,
        max_length=50,
        description="adjust: the new follow-up dates",
        examples=[["2027-03-31"]],
    )
    resources_change_sek: Decimal | None = Field(
        None, description="resources: signed change (kr)", examples=[-250000]
    )
    frame_year: int | None = Field(
        None,
        ge=1900,
        le=2100,
        description="resources: the budget year the change applies to — the meeting's year "
        "(the default when left out) or the next one",
        examples=[2027],
    )
    frame_split: list[FrameShare] | None = Field(
        None,
        max_length=20,
        description="resources: the change split among the assignment's recipient bodies; the "
        "amounts add up to resources_change_sek. Default: all of it on the lead body. A KF "
        "decision books one frame change per body.",
        examples=[[{"body": "bun", "amount": 150000}, {"body": "ks", "amount": 100000}]],
    )


@router.post(
    "/reports/{int:report_id}/decision",
    response={201: ReportDecisionOut},
    auth=BearerToken(),
    summary="Record the body's decision on a report",
    description=(
        "The issuing body's decision on a submitted report: continue, adjust the assignment "
        "(give the changed fields), change its resources (for a KF decision a frame change "
        "is registered per recipient body, for frame_year, as split in frame_split), "
        "complete or cancel it. Needs the token of the body's secretary or an administrator."
    ),
)
def decide_report(
    request,
    payload: ReportDecisionIn,
    report_id: int = Path(..., description="The report's id", examples=[7]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
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
                {"deadline": _("Ange vad som ändras (deadline, what, recipients ...).")}
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
        frame_year=payload.frame_year,
        frame_split=[(s.body, s.amount) for s in payload.frame_split or ()],
    )
    return Status(201, row)


class QuestionOut(Schema):
    id: int = Field(..., description="The question's id", examples=[3])
    assignment_id: int = Field(..., description="Id of the assignment asked about", examples=[42])
    report_id: int | None = Field(..., description="Id of the report asked about, if any")
    body: str = Field(..., description="Slug of the asking body", examples=["ks"])
    to_office: str | None = Field(
        ..., description="Slug of the office that answers", examples=["kommundirektor"]
    )
    text: str = Field(..., description="The question")
    asked_by: str = Field(..., description="Username of who asked")
    asked_at: datetime = Field(
        ..., description="When it was asked, ISO 8601", examples=["2026-09-20T10:00:00+02:00"]
    )
    due_on: date = Field(..., description="When the answer is due", examples=["2026-10-04"])
    answered: bool = Field(..., description="Whether it has been answered")
    overdue: bool = Field(..., description="Unanswered after due_on")
    answer: str = Field(..., description="The answer; blank until answered")
    answered_by: str | None = Field(..., description="Username of who answered")
    answered_at: datetime | None = Field(..., description="When it was answered, ISO 8601")

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


class QuestionQuery(PageQuery):
    assignment: int | None = Field(None, description="Only questions on this assignment (id)")
    open: bool = Field(False, description="Only unanswered questions")


@router.get(
    "/questions",
    response=Page[QuestionOut],
    summary="List questions and answers",
    description=(
        "Questions the issuing body asked about assignments and reports, with the answers "
        "and whether they are overdue. Paginated."
    ),
)
def list_questions(request, filters: Query[QuestionQuery]):
    m = municipality_for(request, filters.municipality)
    qs = questions_list(municipality=m, open_only=filters.open)
    if filters.assignment is not None:
        qs = qs.filter(assignment_id=filters.assignment)
    return paginate(qs, limit=filters.limit, offset=filters.offset)


class QuestionIn(Schema):
    assignment_id: int = Field(..., description="Id of the assignment asked about", examples=[42])
    text: str = Field(..., min_length=1, max_length=5000, description="The question")
    report_id: int | None = Field(None, description="Id of a report it concerns, if any")
    due_on: date | None = Field(
        None,
        description="When the answer is due; default 14 days after asking",
        examples=["2026-10-04"],
    )


@router.post(
    "/questions",
    response={201: QuestionOut},
    auth=BearerToken(),
    summary="Ask a question (members of the issuing body)",
    description=(
        "A member of the issuing body asks the responsible chief about an assignment or a "
        "report. Needs the token of a member of that body."
    ),
)
def ask_question(
    request,
    payload: QuestionIn,
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
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
    text: str = Field(..., min_length=1, max_length=20000, description="The answer")


@router.post(
    "/questions/{int:question_id}/answer",
    response=QuestionOut,
    auth=BearerToken(),
    summary="Answer a question (the recipient chief)",
    description="The chief the question went to answers it. Needs that chief's token.",
)
def answer_question(
    request,
    payload: AnswerIn,
    question_id: int = Path(..., description="The question's id", examples=[3]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    m = municipality_for(request, municipality, request.auth)
    question = question_get(municipality=m, pk=question_id)
    services.question_answer(actor=request.auth, question=question, text=payload.text)
    return question_get(municipality=m, pk=question_id)
