"""`POST /api/v1/analyse` and the analysis schemas other routers embed."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema

from tillit.core.errors import ValidationFailed

from .analyser import AnalysisInputError, analyse, validate_text
from .selectors import analysis_latest

router = Router(tags=["analysis"])


class FindingOut(Schema):
    start: int = Field(..., description="Character offset of the phrase in the text", examples=[19])
    end: int = Field(..., description="Character offset just after the phrase", examples=[38])
    phrase: str = Field(
        ..., description="The phrase that prescribes method", examples=["flytta cykelställen"]
    )
    reason: str = Field(
        ...,
        description="Why it is how-level, in Swedish",
        examples=["Beställer att något flyttas eller placeras — det är förvaltningens ansvar."],
    )
    category: str = Field(
        ...,
        description="staffing | opening_hours | placement | supplier | routine | "
        "individual_case | below_chief | operational",
        examples=["placement"],
    )


class AnalysisOut(Schema):
    level: str = Field(..., description="what | how", examples=["how"])
    score: float = Field(
        ..., ge=0, le=1, description="How strongly the text is how-level (0–1)", examples=[0.8]
    )
    findings: list[FindingOut] = Field(..., description="Phrases that prescribe method")
    missing: list[str] = Field(
        ...,
        description="Subset of result, deadline, resources, followup",
        examples=[["deadline", "resources"]],
    )


class StoredAnalysisOut(AnalysisOut):
    analyser_version: str = Field(
        ..., description="Version of the analyser that produced it", examples=["1"]
    )
    analysed_at: datetime = Field(
        ..., description="When it was analysed, ISO 8601", examples=["2026-03-10T14:05:00+01:00"]
    )


def stored_analysis(obj) -> StoredAnalysisOut | None:
    """The newest stored analysis of a decision or assignment, for an API field resolver."""
    row = analysis_latest(obj)
    return None if row is None else row.to_dict()


class AnalyseIn(Schema):
    text: str = Field(
        ...,
        description="The Swedish text to analyse",
        examples=["Tekniska enheten ska flytta cykelställen vid stadshuset."],
    )
    has_deadline: bool | None = Field(None, description="Override: the text has a deadline")
    has_resources: bool | None = Field(None, description="Override: resources are set")
    has_followup: bool | None = Field(None, description="Override: follow-up is planned")


@router.post(
    "",
    response=AnalysisOut,
    summary="Analyse a directive text (vad, inte hur)",
    description=(
        "Classifies a Swedish assignment, decision or question as what-level or how-level, marks "
        "the phrases that prescribe method with a Swedish reason, and lists the missing parts of "
        "a good assignment. Nothing is stored. Empty or too long text answers 422."
    ),
)
def analyse_text(request, payload: AnalyseIn):
    try:
        text = validate_text(payload.text)
    except AnalysisInputError as exc:
        raise ValidationFailed({"text": str(exc)}) from None
    return analyse(
        text,
        has_deadline=payload.has_deadline,
        has_resources=payload.has_resources,
        has_followup=payload.has_followup,
    ).to_dict()
