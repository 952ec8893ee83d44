"""Barometer endpoints: the metrics (same JSON as `tillit barometer --json`), deviations
(create for officials with a token; counts are public; the reporter only for the designated
role), delegation decisions."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from tillit.api.auth import BearerToken, optional_user
from tillit.api.common import (
    MUNICIPALITY_HELP,
    ErrorOut,
    MunicipalityScoped,
    body_for,
    municipality_for,
)
from tillit.core.errors import PermissionDenied, ValidationFailed
from tillit.organisation.models import Office

from . import permissions as perm
from . import selectors, services
from .models import Handling

router = Router(tags=["barometer"])


class BarometerQuery(MunicipalityScoped):
    body: str | None = Field(
        None, description="Only this body (slug); totals stay municipal", examples=["bun"]
    )
    from_: date | None = Field(
        None, alias="from", description="First day, YYYY-MM-DD", examples=["2026-01-01"]
    )
    to: date | None = Field(None, description="Last day, YYYY-MM-DD", examples=["2026-12-31"])
    preset: str | None = Field(
        None,
        description="A named period instead of from/to: term-2022 | majority-2022-10-15 | "
        "year-2025",
        examples=["year-2025"],
    )


def _body(municipality, slug, key="body"):
    if not slug:
        return None
    return body_for(municipality, slug, field=key)


@router.get("", summary="Governance metrics per body and period (Tillitsbarometern)")
def barometer(request, filters: Query[BarometerQuery]):
    """`{"municipality", "from", "to", "totals": {metric: value}, "bodies": {slug: {...}},
    "assignments_per_quarter"}` — shares are 0–1 or null when there is nothing to divide."""
    m = municipality_for(request, filters.municipality)
    period = selectors.period_resolve(
        municipality=m, preset=filters.preset, start=filters.from_, end=filters.to
    )
    return selectors.barometer_json(
        municipality=m, start=period.start, end=period.end, body=_body(m, filters.body)
    )


@router.get(
    "/metrics",
    summary="The metrics with their explanations",
    description=(
        'Every barometer metric as `{"name", "label", "why", "kind"}`: its key in the '
        "barometer's JSON (the same in every language), its label, why it matters and its kind. "
        "Label and why are Swedish, or English when the request carries the language cookie "
        "`django_language=en`."
    ),
)
def metric_list(request):
    from .metrics import METRICS

    return [
        {"name": x.name, "label": str(x.label), "why": str(x.why), "kind": x.kind} for x in METRICS
    ]


class DeviationIn(MunicipalityScoped):
    occurred_on: date = Field(
        ..., description="When the directive was given (YYYY-MM-DD)", examples=["2026-04-02"]
    )
    from_role: str = Field(
        ...,
        max_length=200,
        description="Role of the person who gave the directive",
        examples=["Kommunstyrelsens ordförande"],
    )
    body: str | None = Field(None, description="Body the directive is counted on (slug)")
    to_office: str | None = Field(None, description="Office/unit it went to (slug)")
    to_role: str = Field(
        "", max_length=200, description="Role it went to, if no office", examples=["Rektor"]
    )
    content: str = Field(..., max_length=10000, description="What the directive said")
    handling: Handling = Field(
        Handling.PENDING, description="followed | referred | refused | pending | other"
    )
    handling_note: str = Field("", max_length=10000, description="How it was handled")


class DeviationCreated(Schema):
    id: int = Field(..., description="Id of the recorded deviation", examples=[5])
    level: str = Field(
        ..., description="what | how: the analysis of the directive's content", examples=["how"]
    )
    findings: list = Field(
        ..., description="Phrases that prescribe method, as in the analysis endpoint"
    )


@router.post(
    "/deviations",
    response={201: DeviationCreated},
    auth=BearerToken(),
    summary="Record a directive received outside the chain (officials)",
    description=(
        "An official records a directive that reached them outside the decision chain (for "
        "example from a politician directly). The content is analysed for how-level wording. "
        "The reporter stays confidential: public reads show counts only."
    ),
)
def deviation_create(request, payload: DeviationIn):
    m = municipality_for(request, payload.municipality, request.auth)
    office = None
    if payload.to_office:
        office = Office.objects.filter(municipality=m, slug=payload.to_office).first()
        if office is None:
            raise ValidationFailed(
                {
                    "to_office": _("Okänd befattning %(to_office)s.")
                    % {"to_office": repr(payload.to_office)}
                }
            )
    d = services.deviation_report(
        actor=request.auth,
        municipality=m,
        occurred_on=payload.occurred_on,
        from_role=payload.from_role,
        body=_body(m, payload.body),
        to_office=office,
        to_role=payload.to_role,
        content=payload.content,
        handling=payload.handling,
        handling_note=payload.handling_note,
    )
    return Status(201, {"id": d.pk, "level": d.level, "findings": d.findings})


class CountsQuery(MunicipalityScoped):
    from_: date | None = Field(
        None, alias="from", description="First day, YYYY-MM-DD", examples=["2026-01-01"]
    )
    to: date | None = Field(None, description="Last day, YYYY-MM-DD", examples=["2026-12-31"])
    preset: str | None = Field(
        None, description="A named period instead of from/to", examples=["year-2025"]
    )


@router.get(
    "/deviations",
    summary="Deviation counts per body and source (public)",
    description=(
        '`{"municipality", "from", "to", "counts"}`: the number of deviations in the period '
        "per body and source. No content and no reporters."
    ),
)
def deviation_counts(request, filters: Query[CountsQuery]):
    m = municipality_for(request, filters.municipality)
    period = selectors.period_resolve(
        municipality=m, preset=filters.preset, start=filters.from_, end=filters.to
    )
    return {
        "municipality": m.slug,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "counts": selectors.deviation_counts(municipality=m, start=period.start, end=period.end),
    }


@router.get(
    "/deviations/{int:deviation_id}",
    response={200: dict, 403: ErrorOut},
    summary="One deviation (reporter only if allowed)",
    description=(
        "A deviation with its source, date, body, handling and analysis. Only for a token of a "
        "user with a role in the municipality, unless the municipality publishes deviation "
        "details (otherwise 403: the public gets the counts, `GET /barometer/deviations`). The "
        "content and the receiving unit are blank for callers without a role (they could point "
        "at the reporter), and `reporter` is only present for the designated role."
    ),
)
def deviation_detail(
    request,
    deviation_id: int = Path(..., description="The deviation's id", examples=[5]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    user = optional_user(request)
    m = municipality_for(request, municipality, user)
    if not perm.can_read_deviation_details(user, m):
        raise PermissionDenied(
            _(
                "Avvikelsernas detaljer visas bara för inloggade med en roll i "
                "kommunen; antalet per organ är offentligt (GET "
                "/api/v1/barometer/deviations)."
            )
        )
    view = selectors.deviation_get_for_user(user=user, municipality=m, pk=deviation_id)
    d = view.deviation
    out = {
        "id": d.pk,
        "source": d.source,
        "occurred_on": d.occurred_on.isoformat(),
        "body": d.body.slug if d.body_id else None,
        "from_role": d.from_role,
        "to_office": d.to_office.slug if d.to_office_id else None,
        "to_role": d.to_role,
        "content": d.content,
        "handling": d.handling,
        "level": d.level,
        "findings": d.findings,
    }
    if not perm.can_read_deviation_content(user, m):  # could point at the reporter
        out.update(content="", to_office=None, to_role="", findings=[])
    if view.reporter_visible:
        out["reporter"] = view.reporter.get_username() if view.reporter else None
    return out


class DelegationIn(MunicipalityScoped):
    body: str = Field(..., description="Slug of the delegating body", examples=["bun"])
    delegation_point: str = Field(
        ..., max_length=50, description="Point in the delegation order", examples=["3.2"]
    )
    decided_on: date = Field(
        ..., description="Date of the delegation decision (YYYY-MM-DD)", examples=["2026-05-20"]
    )
    title: str = Field(..., max_length=300, description="Title of the decision")
    content: str = Field(..., max_length=10000, description="The decision text")
    delegate_office: str | None = Field(
        None, description="Slug of the office that decided", examples=["kommundirektor"]
    )
    delegate_role: str = Field(
        "", max_length=200, description="Role of the delegate, if no office", examples=["Rektor"]
    )


@router.post(
    "/delegation-decisions",
    response={201: dict},
    auth=BearerToken(),
    summary="Record a delegation decision; strategic-level content is flagged",
    description=(
        "Records a decision taken under delegation. Content that reads as a strategic "
        '(political) matter is flagged: the answer is `{"id", "is_strategic", "findings"}`.'
    ),
)
def delegation_create(request, payload: DelegationIn):
    m = municipality_for(request, payload.municipality, request.auth)
    office = None
    if payload.delegate_office:
        office = Office.objects.filter(municipality=m, slug=payload.delegate_office).first()
        if office is None:
            raise ValidationFailed({"delegate_office": _("Okänd befattning.")})
    d = services.delegation_decision_register(
        actor=request.auth,
        body=_body(m, payload.body),
        delegation_point=payload.delegation_point,
        decided_on=payload.decided_on,
        title=payload.title,
        content=payload.content,
        delegate_office=office,
        delegate_role=payload.delegate_role,
    )
    return Status(
        201, {"id": d.pk, "is_strategic": d.is_strategic, "findings": d.strategic_findings}
    )
