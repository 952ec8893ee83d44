"""Shared API pieces: pagination, municipality and body resolution, the error schema."""

from __future__ import annotations

from typing import Generic, TypeVar

from django.utils.translation import gettext as _
from ninja import Field, Schema

from tillit.accounts.models import Role
from tillit.core.errors import NotFound, ValidationFailed
from tillit.organisation.models import Body, Municipality
from tillit.organisation.selectors import body_get

T = TypeVar("T")

MAX_LIMIT = 1000

# Shared parameter documentation, so every endpoint explains them the same way.
MUNICIPALITY_HELP = (
    "Municipality slug. May be left out when the installation (or the caller's token) has "
    "only one municipality."
)
LIMIT_HELP = f"Page size: the most rows to return (1–{MAX_LIMIT})."
OFFSET_HELP = "Rows to skip before the page starts (for paging together with `limit`)."
SLUG_EXAMPLE = "vimmerby"


class MunicipalityScoped(Schema):
    """The `municipality` parameter of every request about one municipality (query or body)."""

    municipality: str | None = Field(None, description=MUNICIPALITY_HELP, examples=[SLUG_EXAMPLE])


class PageQuery(MunicipalityScoped):
    """... plus paging (`limit`, `offset`); subclasses add their own filters."""

    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=LIMIT_HELP)
    offset: int = Field(0, ge=0, description=OFFSET_HELP)


class ErrorOut(Schema):
    """An error answer: a stable code and a Swedish explanation; for invalid input also a message
    per field."""

    code: str = Field(..., description="Machine-readable error code", examples=["chain_violation"])
    detail: str = Field(
        ...,
        description="Explanation in Swedish",
        examples=[
            "Uppdraget ska ges till kommundirektören, som fördelar arbetet inom förvaltningen."
        ],
    )
    field: str | None = Field(None, description="The input field the error concerns, if one")
    errors: dict[str, str] | None = Field(
        None, description="Per-field messages for validation errors", examples=[{"body": "..."}]
    )


# The error answers an authenticated write documents: no or a bad token (401), a role that may
# not (403), something named that does not exist (404), a state that forbids it (409: adopted,
# locked, registered twice) and a rule the input breaks (422).
# Use as `response={201: SomethingOut, **WRITE_ERRORS}`.
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class Page(Schema, Generic[T]):
    items: list[T] = Field(..., description="The rows of this page, at most `limit`.")
    count: int = Field(..., description="Total number of matching rows, before limit/offset.")


def paginate(queryset, *, limit: int, offset: int) -> dict:
    count = queryset.count()
    if offset >= count:  # also keeps huge offsets out of SQL (64-bit overflow)
        return {"count": count, "items": []}
    return {"count": count, "items": list(queryset[offset : offset + limit])}


def municipality_for(request, slug: str | None, user=None) -> Municipality:
    """The municipality a call concerns: named explicitly, else the caller's only one, else the
    installation's only one. A shared installation must name it."""
    if slug:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise NotFound(_("Kommunen %(slug)s finns inte.") % {"slug": repr(slug)})
        return municipality
    if user is not None and getattr(user, "is_authenticated", False):
        ids = set(Role.objects.filter(user=user).values_list("municipality_id", flat=True))
        if len(ids) == 1:
            return Municipality.objects.get(pk=ids.pop())
    municipalities = list(Municipality.objects.all()[:2])
    if len(municipalities) == 1:
        return municipalities[0]
    if not municipalities:
        raise NotFound(_("Det finns ingen kommun i installationen ännu."))
    raise ValidationFailed(
        {"municipality": _("Installationen har flera kommuner: ange parametern municipality.")}
    )


def body_for(municipality: Municipality, slug: str, *, field: str = "body") -> Body:
    """The body a slug in a request names; an unknown slug is invalid input (422) on `field`,
    with organisation.selectors.body_get's message."""
    try:
        return body_get(municipality=municipality, slug=slug)
    except NotFound as exc:
        raise ValidationFailed({field: exc.message}) from None
