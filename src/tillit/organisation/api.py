"""Read endpoints for the organisation."""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Router, Schema

from tillit.api.common import MAX_LIMIT, Page, municipality_for, paginate

from .models import Municipality
from .selectors import bodies_list, body_get, office_get, offices_list

router = Router(tags=["organisation"])


class MunicipalityOut(Schema):
    slug: str
    name: str
    code: str = Field(..., description="Kommunkod, four digits", examples=["0884"])
    population: int | None


class BodyOut(Schema):
    slug: str = Field(..., examples=["ks"])
    name: str = Field(..., examples=["Kommunstyrelsen"])
    short_name: str
    kind: str = Field(
        ..., description="council | executive_board | committee | subcommittee | joint_committee"
    )
    parent: str | None = Field(None, description="Slug of the parent body")
    area_of_responsibility: str
    seats: int | None
    shared_with: str
    valid_from: date
    valid_to: date | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.slug if obj.parent_id else None


class OfficeOut(Schema):
    slug: str = Field(..., examples=["kommundirektor"])
    title: str
    organisation_name: str
    kind: str = Field(..., description="chief_executive | department_head | unit")
    parent: str | None = Field(None, description="Slug of the office above")
    answers_to: str | None = Field(None, description="Slug of the body a chief answers to")
    valid_from: date
    valid_to: date | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.slug if obj.parent_id else None

    @staticmethod
    def resolve_answers_to(obj) -> str | None:
        return obj.answers_to.slug if obj.answers_to_id else None


class OrgFilter(Schema):
    municipality: str | None = Field(None, description="Municipality slug, e.g. vimmerby")
    on: date | None = Field(None, description="Only rows valid on this date")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("/municipalities", response=list[MunicipalityOut], summary="List municipalities")
def list_municipalities(request):
    return Municipality.objects.order_by("name")


@router.get("/bodies", response=Page[BodyOut], summary="List political bodies")
def list_bodies(request, filters: Query[OrgFilter]):
    municipality = municipality_for(request, filters.municipality)
    qs = bodies_list(municipality=municipality, on=filters.on).order_by("id")
    return paginate(qs, limit=filters.limit, offset=filters.offset)


@router.get("/bodies/{slug}", response=BodyOut, summary="One body")
def get_body(request, slug: str, municipality: str | None = None):
    return body_get(municipality=municipality_for(request, municipality), slug=slug)


@router.get("/offices", response=Page[OfficeOut], summary="List offices and units")
def list_offices(request, filters: Query[OrgFilter]):
    municipality = municipality_for(request, filters.municipality)
    qs = offices_list(municipality=municipality, on=filters.on).order_by("id")
    return paginate(qs, limit=filters.limit, offset=filters.offset)


@router.get("/offices/{slug}", response=OfficeOut, summary="One office or unit")
def get_office(request, slug: str, municipality: str | None = None):
    return office_get(municipality=municipality_for(request, municipality), slug=slug)
