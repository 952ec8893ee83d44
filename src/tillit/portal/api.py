"""Public read endpoints of the portal: full-text search and indicators (Kolada KPIs)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema

from tillit.api.common import municipality_for

from .search import KINDS, search

router = Router(tags=["search and indicators"])

Kind = Literal["assignment", "decision", "report"]


class SearchQueryIn(Schema):
    municipality: str | None = Field(None, description="Municipality slug", examples=["vimmerby"])
    q: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Words to find; Swedish inflections match (skolan finds skolor, skola)",
        examples=["skolan"],
    )
    kind: list[Kind] = Field(
        default_factory=list,
        description="Restrict to these kinds (repeat the parameter); default all",
        examples=[["assignment", "decision"]],
    )
    limit: int = Field(20, ge=1, le=100, description="Page size")
    offset: int = Field(0, ge=0, le=10000, description="Rows to skip")


class SearchHitOut(Schema):
    kind: Kind = Field(..., description="assignment | decision | report")
    id: int = Field(..., description="Id of the assignment, decision or report", examples=[42])
    title: str = Field(..., description="Title, HTML with the matching words in <mark>")
    snippet: str = Field(..., description="About 220 characters around the first match, HTML")
    url: str = Field(..., description="Path of the public page", examples=["/vimmerby/uppdrag/42/"])
    date: dt.date | None = Field(None, description="Issued, meeting or period-end date")
    label: str = Field(..., description="Status, reference or assessment", examples=["Pågår"])
    rank: float = Field(..., description="Relevance; higher is better")


class SearchOut(Schema):
    query: str = Field(..., description="The query as given", examples=["skolan"])
    count: int = Field(..., description="Total number of hits over all requested kinds")
    counts: dict[str, int] = Field(
        ..., description="Hits per kind", examples=[{"assignment": 3, "decision": 2}]
    )
    items: list[SearchHitOut] = Field(..., description="This page of hits, most relevant first")


@router.get(
    "/search",
    response=SearchOut,
    summary="Search assignments, decisions and reports",
    description=(
        "Full-text search over published data: assignments (title, intended result, reason), "
        "decisions (title, text) and submitted reports (never drafts). PostgreSQL uses the "
        "Swedish text-search configuration, SQLite FTS5 with Swedish stemming. Results are "
        "ordered by relevance; `title` and `snippet` are HTML-escaped text with `<mark>`."
    ),
)
def search_endpoint(request, params: Query[SearchQueryIn]):
    m = municipality_for(request, params.municipality)
    result = search(
        municipality=m,
        query=params.q,
        kinds=params.kind or KINDS,
        limit=params.limit,
        offset=params.offset,
    )
    return {
        "query": params.q,
        "count": result.total,
        "counts": result.counts,
        "items": [
            {
                "kind": h.kind,
                "id": h.id,
                "title": str(h.title),
                "snippet": str(h.snippet),
                "url": h.url,
                "date": h.when,
                "label": h.label,
                "rank": h.rank,
            }
            for h in result.hits
        ],
    }


class KpiPointOut(Schema):
    year: int = Field(..., description="Calendar year", examples=[2024])
    value: Decimal | None = Field(None, description="The municipality's value (gender T)")
    target: Decimal | None = Field(None, description="The municipality's target for the year")
    national: Decimal | None = Field(None, description="Sweden (area 0000)")
    comparison: Decimal | None = Field(
        None, description="Mean of the comparison group of similar municipalities"
    )


class KpiOut(Schema):
    code: str = Field(..., description="Kolada KPI id", examples=["N15428"])
    title: str = Field(
        ...,
        description="Kolada's title",
        examples=["Elever i åk 9 som uppnått kunskapskraven i alla ämnen, %"],
    )
    unit: str = Field(..., description="Unit of the values", examples=["%"])
    description: str = Field(..., description="What the KPI measures")
    higher_is_better: bool = Field(..., description="Whether a higher value is better")
    assignments: list[int] = Field(..., description="Ids of the assignments it follows up")
    series: list[KpiPointOut] = Field(..., description="One point per year, oldest first")


@router.get(
    "/kpis",
    response=list[KpiOut],
    summary="Indicators with targets and Kolada values",
    description=(
        "The municipality's key figures (Kolada KPIs): per year its value, its target, the "
        "national value and the comparison group's mean."
    ),
)
def list_kpis(
    request,
    municipality: str | None = Query(None, description="Municipality slug", examples=["vimmerby"]),
):
    from .indicators import kpi_overview

    m = municipality_for(request, municipality)
    return [_kpi_out(view) for view in kpi_overview(municipality=m)]


def _kpi_out(view) -> dict:
    return {
        "code": view.kpi.code,
        "title": view.kpi.title,
        "unit": view.kpi.unit,
        "description": view.kpi.description,
        "higher_is_better": view.kpi.higher_is_better,
        "assignments": [a.pk for a in view.assignments],
        "series": [
            {
                "year": p.year,
                "value": p.value,
                "target": p.target,
                "national": p.national,
                "comparison": p.comparison,
            }
            for p in view.points
        ],
    }
