"""Årshjul endpoints (docs/arshjul.md): GET /year-events (public), POST /year-events and
PATCH /year-events/{event_id} (the municipality's administrator). Thin adapters over
followup.yearwheel; the service checks the input and answers in Swedish."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from tillit.api.auth import BearerToken
from tillit.api.common import MUNICIPALITY_HELP, ErrorOut, MunicipalityScoped, municipality_for
from tillit.core.errors import NotFound, ValidationFailed
from tillit.organisation.models import Body

from . import yearwheel
from .models import YearEvent, YearEventKind

router = Router(tags=["year-events"])


class OccurrenceOut(Schema):
    id: int | None = Field(..., description="The stored event's id; null: a default event")
    kind: str = Field(..., description="The event's kind", examples=["budget_decision"])
    kind_label: str = Field(..., description="The kind in Swedish")
    title: str = Field(..., description="Title", examples=["KF beslutar om budget"])
    start: date = Field(..., description="The date (or the span's first day) this year")
    end: date | None = Field(..., description="The span's last day, null for one day")
    body: str | None = Field(..., description="Slug of the body it concerns", examples=["kf"])
    body_name: str | None = Field(..., description="Name of the body")
    remind_days_before: int = Field(..., description="Reminder this many days ahead")


class YearPage(Schema):
    year: int = Field(..., description="The year", examples=[2027])
    configured: bool = Field(
        ..., description="False: the municipality uses Tillit's defaults (not its own dates)"
    )
    items: list[OccurrenceOut] = Field(..., description="The year's events in date order")
    count: int = Field(..., description="Number of events")


class YearQuery(MunicipalityScoped):
    year: int = Field(..., ge=1990, le=2100, description="The year", examples=[2027])


class YearEventIn(MunicipalityScoped):
    kind: str = Field(..., description=" | ".join(YearEventKind.values), examples=["other"])
    title: str = Field("", max_length=300, description="Empty: the kind's usual title")
    month: int = Field(..., description="Month 1–12", examples=[9])
    day: int = Field(..., description="Day of the month", examples=[8])
    end_month: int | None = Field(None, description="A span's last month (with end_day)")
    end_day: int | None = Field(None, description="A span's last day (with end_month)")
    year: int | None = Field(None, description="Only this year; null: every year")
    body: str | None = Field(None, max_length=100, description="Slug of the body it concerns")
    remind_days_before: int = Field(14, description="Reminder 0–120 days ahead")
    enabled: bool = Field(True, description="False: turned off (never deleted)")


class YearEventPatch(MunicipalityScoped):
    kind: str | None = Field(None, description="New kind; leave out to keep it")
    title: str | None = Field(None, max_length=300, description="New title; leave out to keep it")
    month: int | None = Field(None, description="New month 1–12; leave out to keep it")
    day: int | None = Field(None, description="New day of the month; leave out to keep it")
    end_month: int | None = Field(
        None, description="New last month of a span; leave out to keep it"
    )
    end_day: int | None = Field(None, description="New last day of a span; leave out to keep it")
    year: int | None = Field(
        None, description="Only this year, null for every year; leave out to keep it"
    )
    body: str | None = Field(None, max_length=100, description='Slug; "" for none')
    remind_days_before: int | None = Field(
        None, description="Reminder days ahead; leave out to keep it"
    )
    enabled: bool | None = Field(None, description="False: turned off; leave out to keep it")


class YearEventOut(Schema):
    id: int = Field(..., description="The event's id")
    kind: str = Field(..., description="The event's kind", examples=["budget_decision"])
    title: str = Field(..., description="Title")
    month: int = Field(..., description="Month 1–12")
    day: int = Field(..., description="Day of the month")
    end_month: int | None = Field(..., description="A span's last month, null for one day")
    end_day: int | None = Field(..., description="A span's last day, null for one day")
    year: int | None = Field(..., description="Only this year; null: every year")
    body: str | None = Field(..., description="Slug of the body it concerns; null: all")
    remind_days_before: int = Field(..., description="Reminder this many days ahead")
    enabled: bool = Field(..., description="False: turned off (never deleted)")


def _event_out(e: YearEvent) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "title": e.title,
        "month": e.month,
        "day": e.day,
        "end_month": e.end_month,
        "end_day": e.end_day,
        "year": e.year,
        "body": e.body.slug if e.body_id else None,
        "remind_days_before": e.remind_days_before,
        "enabled": e.enabled,
    }


def _body(m, slug):
    if not slug:
        return None
    body = Body.objects.filter(municipality=m, slug=slug).first()
    if body is None:
        raise ValidationFailed(
            {
                "body": _("Organet %(slug)s finns inte i %(name)s.")
                % {"slug": repr(slug), "name": m.name}
            }
        )
    return body


@router.get(
    "",
    response={200: YearPage, 404: ErrorOut, 422: ErrorOut},
    summary="The årshjul of a year",
    description="The municipality's governance year: budget directives, budget dialogue, KF's "
    "budget decision, T1, DR, AR and the KF meetings that treat them, in date order. Without "
    "its own dates the municipality gets Tillit's defaults (`configured` false).",
)
def list_year_events(request, filters: Query[YearQuery]):
    m = municipality_for(request, filters.municipality)
    items = [
        {
            "id": o.event_id,
            "kind": o.kind,
            "kind_label": o.kind_label,
            "title": o.title,
            "start": o.start,
            "end": o.end,
            "body": o.body.slug if o.body else None,
            "body_name": o.body.name if o.body else None,
            "remind_days_before": o.remind_days_before,
        }
        for o in yearwheel.year_events(municipality=m, year=filters.year)
    ]
    return {
        "year": filters.year,
        "configured": yearwheel.is_configured(m),
        "items": items,
        "count": len(items),
    }


@router.post(
    "",
    response={201: YearEventOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=BearerToken(),
    summary="Add an event to the årshjul",
    description="The municipality's administrator adds an event. The first change makes the "
    "defaults the municipality's own rows. 422 with a Swedish `detail` (month 1–12, a day that "
    "exists every year, both or neither end month and day, reminder 0–120 days, ...).",
)
def create_year_event(request, payload: YearEventIn):
    user = request.auth
    m = municipality_for(request, payload.municipality, user)
    data = payload.model_dump(exclude={"municipality"})
    data["body"] = _body(m, data["body"])
    event = yearwheel.year_event_save(actor=user, municipality=m, **data)
    return Status(201, _event_out(event))


@router.patch(
    "/{int:event_id}",
    response={200: YearEventOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=BearerToken(),
    summary="Change an event of the årshjul",
    description="The municipality's administrator changes the fields given; the rest stay. "
    "Turn an event off with `enabled: false` (events are never deleted).",
)
def change_year_event(
    request,
    payload: YearEventPatch,
    event_id: int = Path(..., description="The event's id", examples=[4]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP),
):
    user = request.auth
    m = municipality_for(request, payload.municipality or municipality, user)
    event = YearEvent.objects.filter(municipality=m, pk=event_id).select_related("body").first()
    if event is None:
        raise NotFound(_("Händelsen %(id)s finns inte i årshjulet.") % {"id": event_id})
    data = {k: v for k, v in _event_out(event).items() if k != "id"}
    data["body"] = event.body
    given = payload.model_dump(exclude={"municipality"}, exclude_unset=True)
    if "body" in given:
        given["body"] = _body(m, given["body"])
    data.update(given)
    event = yearwheel.year_event_save(actor=user, municipality=m, event=event, **data)
    return _event_out(event)
