"""Read endpoints for the organisation."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from tillit.api.auth import BearerToken
from tillit.api.common import (
    LIMIT_HELP,
    MAX_LIMIT,
    MUNICIPALITY_HELP,
    OFFSET_HELP,
    ErrorOut,
    MunicipalityScoped,
    Page,
    municipality_for,
    paginate,
)
from tillit.core.errors import ValidationFailed

from . import services
from .models import Municipality, Person
from .selectors import bodies_list, body_get, office_get, offices_list

router = Router(tags=["organisation"])


class MunicipalityOut(Schema):
    slug: str = Field(
        ..., description="URL slug, used as `municipality` elsewhere", examples=["vimmerby"]
    )
    name: str = Field(..., description="Name of the municipality", examples=["Vimmerby kommun"])
    code: str = Field(..., description="Kommunkod, four digits", examples=["0884"])
    population: int | None = Field(
        ..., description="Number of inhabitants, if known", examples=[15500]
    )


class BodyOut(Schema):
    slug: str = Field(..., description="The body's slug, unique per municipality", examples=["ks"])
    name: str = Field(..., description="Full name", examples=["Kommunstyrelsen"])
    short_name: str = Field(..., description="Abbreviation", examples=["KS"])
    kind: str = Field(
        ...,
        description="council | executive_board | committee | subcommittee | joint_committee",
        examples=["executive_board"],
    )
    parent: str | None = Field(None, description="Slug of the parent body", examples=["kf"])
    area_of_responsibility: str = Field(..., description="The body's remit (verksamhetsområde)")
    seats: int | None = Field(
        ..., description="Number of ordinary members, if known", examples=[13]
    )
    shared_with: str = Field(
        ..., description="Other municipalities for a joint committee (gemensam nämnd), else blank"
    )
    valid_from: date = Field(..., description="First day the body exists", examples=["2023-01-01"])
    valid_to: date | None = Field(
        ..., description="Last day the body exists; null while it exists", examples=[None]
    )

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.slug if obj.parent_id else None


class OfficeOut(Schema):
    slug: str = Field(
        ..., description="The office's slug, unique per municipality", examples=["kommundirektor"]
    )
    title: str = Field(..., description="Title of the post", examples=["Kommundirektör"])
    organisation_name: str = Field(
        ..., description="Name of the administration or unit", examples=["Kommunledningskontoret"]
    )
    kind: str = Field(
        ..., description="chief_executive | department_head | unit", examples=["chief_executive"]
    )
    parent: str | None = Field(None, description="Slug of the office above")
    answers_to: str | None = Field(
        None, description="Slug of the body a chief answers to", examples=["ks"]
    )
    valid_from: date = Field(
        ..., description="First day the office exists", examples=["2023-01-01"]
    )
    valid_to: date | None = Field(
        ..., description="Last day the office exists; null while it exists"
    )

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.slug if obj.parent_id else None

    @staticmethod
    def resolve_answers_to(obj) -> str | None:
        return obj.answers_to.slug if obj.answers_to_id else None


class OrgFilter(MunicipalityScoped):
    on: date | None = Field(
        None, description="Only rows valid on this date (YYYY-MM-DD)", examples=["2026-01-01"]
    )
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=LIMIT_HELP)
    offset: int = Field(0, ge=0, description=OFFSET_HELP)


@router.get(
    "/municipalities",
    response=list[MunicipalityOut],
    summary="List municipalities",
    description="Every municipality of the installation, by name. Not paginated.",
)
def list_municipalities(request):
    return Municipality.objects.order_by("name")


@router.get(
    "/bodies",
    response=Page[BodyOut],
    summary="List political bodies",
    description=(
        "The municipality's political bodies (fullmäktige, kommunstyrelsen, nämnder, "
        "utskott), optionally only those valid on a date. Paginated."
    ),
)
def list_bodies(request, filters: Query[OrgFilter]):
    municipality = municipality_for(request, filters.municipality)
    qs = bodies_list(municipality=municipality, on=filters.on).order_by("id")
    return paginate(qs, limit=filters.limit, offset=filters.offset)


@router.get(
    "/bodies/{slug}",
    response=BodyOut,
    summary="One body",
    description="A political body by its slug. 404 when the municipality has no such body.",
)
def get_body(
    request,
    slug: str = Path(..., description="The body's slug", examples=["ks"]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    return body_get(municipality=municipality_for(request, municipality), slug=slug)


@router.get(
    "/offices",
    response=Page[OfficeOut],
    summary="List offices and units",
    description=(
        "The administration: the chief executive, department heads and units, each with the "
        "office above it and the body a chief answers to. Paginated."
    ),
)
def list_offices(request, filters: Query[OrgFilter]):
    municipality = municipality_for(request, filters.municipality)
    qs = offices_list(municipality=municipality, on=filters.on).order_by("id")
    return paginate(qs, limit=filters.limit, offset=filters.offset)


@router.get(
    "/offices/{slug}",
    response=OfficeOut,
    summary="One office or unit",
    description="An office or unit by its slug. 404 when the municipality has no such office.",
)
def get_office(
    request,
    slug: str = Path(..., description="The office's slug", examples=["kommundirektor"]),
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    return office_get(municipality=municipality_for(request, municipality), slug=slug)


class AppointmentIn(Schema):
    office: str = Field(..., description="Slug of the office", examples=["kommundirektor"])
    person: int = Field(..., description="Id of the person (organisation.Person)", examples=[12])
    valid_from: date = Field(
        ..., description="First day in the office (YYYY-MM-DD)", examples=["2025-04-01"]
    )


class AppointmentOut(Schema):
    id: int = Field(..., description="The appointment's id", examples=[31])
    office: str = Field(..., description="Slug of the office", examples=["kommundirektor"])
    person: str = Field(..., description="The holder's name", examples=["Vera Nyström"])
    valid_from: date = Field(..., description="First day in the office")
    previous_ended: list[int] = Field(
        ..., description="Ids of the appointments this one ended on the day before"
    )


@router.post(
    "/appointments",
    response={201: AppointmentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=BearerToken(),
    summary="Appoint a new office holder (a new chief)",
    description="A municipality admin registers who takes up an office from a day; whoever held "
    "it ends the day before. 422 with a Swedish `detail` for an unknown person, an office that "
    "does not exist on the day, or a day on or before the latest change (history is not "
    "rewritten).",
)
def create_appointment(
    request,
    payload: AppointmentIn,
    municipality: str | None = Query(None, description=MUNICIPALITY_HELP, examples=["vimmerby"]),
):
    from .models import Appointment

    user = request.auth
    m = municipality_for(request, municipality, user)
    office = office_get(municipality=m, slug=payload.office)
    person = Person.objects.filter(municipality=m, pk=payload.person).first()
    if person is None:
        services._check_manager(user, m)  # a stranger learns nothing about the ids
        raise ValidationFailed(
            {
                "person": _("Personen %(person)s finns inte i %(name)s.")
                % {"person": payload.person, "name": m.name}
            }
        )
    open_before = set(
        Appointment.objects.filter(office=office, valid_to__isnull=True).values_list(
            "pk", flat=True
        )
    )
    appointment = services.appointment_register(
        actor=user, office=office, person=person, valid_from=payload.valid_from
    )
    ended = Appointment.objects.filter(pk__in=open_before, valid_to__isnull=False)
    return Status(
        201,
        {
            "id": appointment.pk,
            "office": office.slug,
            "person": person.name,
            "valid_from": appointment.valid_from,
            "previous_ended": sorted(ended.values_list("pk", flat=True)),
        },
    )
