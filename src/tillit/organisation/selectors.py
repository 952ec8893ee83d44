"""Reads of the organisation, always scoped to one municipality."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tillit.core.errors import NotFound, ValidationFailed

from .models import Appointment, Body, Majority, Membership, Municipality, Office, Term


def municipality_get(*, slug: str) -> Municipality:
    try:
        return Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist:
        raise NotFound(_("Kommunen %(slug)s finns inte.") % {"slug": repr(slug)}) from None


def body_get(*, municipality: Municipality, slug: str) -> Body:
    try:
        return Body.objects.select_related("parent").get(municipality=municipality, slug=slug)
    except Body.DoesNotExist:
        raise NotFound(
            _("Organet %(slug)s finns inte i %(name)s.")
            % {"slug": repr(slug), "name": municipality.name}
        ) from None


def office_get(*, municipality: Municipality, slug: str) -> Office:
    try:
        return Office.objects.select_related("answers_to", "parent").get(
            municipality=municipality, slug=slug
        )
    except Office.DoesNotExist:
        raise NotFound(
            _("Befattningen %(slug)s finns inte i %(name)s.")
            % {"slug": repr(slug), "name": municipality.name}
        ) from None


def target_resolve(*, municipality: Municipality, slug: str, field: str = "recipients"):
    """A body or an office by slug — the two share one namespace per municipality."""
    body = (
        Body.objects.select_related("parent").filter(municipality=municipality, slug=slug).first()
    )
    if body is not None:
        return body
    office = (
        Office.objects.select_related("answers_to", "parent", "parent__parent")
        .filter(municipality=municipality, slug=slug)
        .first()
    )
    if office is not None:
        return office
    raise ValidationFailed(
        {
            field: _("Mottagaren %(slug)s finns inte i %(name)ss organisation.")
            % {"slug": repr(slug), "name": municipality.name}
        }
    )


def bodies_list(*, municipality: Municipality, on: date | None = None):
    qs = Body.objects.filter(municipality=municipality).select_related("parent")
    return qs.active_on(on) if on else qs


def offices_list(*, municipality: Municipality, on: date | None = None):
    qs = Office.objects.filter(municipality=municipality).select_related("answers_to", "parent")
    return qs.active_on(on) if on else qs


def org_chart(*, municipality: Municipality, on: date) -> dict:
    """The decision chain as a tree: bodies from KF down, each with its chiefs and their units."""
    bodies = list(
        Body.objects.active_on(on).filter(municipality=municipality).select_related("parent")
    )
    offices = list(
        Office.objects.active_on(on)
        .filter(municipality=municipality)
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.active_on(on).select_related("person"),
                to_attr="current_appointments",
            )
        )
    )
    children: dict[int | None, list[Body]] = {}
    for body in bodies:
        children.setdefault(body.parent_id, []).append(body)
    chiefs: dict[int, list[Office]] = {}
    units: dict[int, list[Office]] = {}
    for office in offices:
        if office.answers_to_id and office.is_chief:
            chiefs.setdefault(office.answers_to_id, []).append(office)
        if office.parent_id:
            units.setdefault(office.parent_id, []).append(office)

    def office_node(office: Office) -> dict:
        return {
            "office": office,
            "holders": [a.person for a in office.current_appointments],
            "units": [office_node(u) for u in units.get(office.id, [])],
        }

    def body_node(body: Body) -> dict:
        return {
            "body": body,
            "chiefs": [office_node(o) for o in chiefs.get(body.id, [])],
            "children": [body_node(c) for c in children.get(body.id, [])],
        }

    return {"roots": [body_node(b) for b in children.get(None, [])], "on": on}


def memberships_for_body(*, body: Body, on: date):
    return (
        Membership.objects.active_on(on)
        .filter(body=body)
        .select_related("person")
        .order_by("role", "person__name")
    )


def majority_on(*, municipality: Municipality, on: date) -> Majority | None:
    return Majority.objects.active_on(on).filter(municipality=municipality).first()


def majorities_list(*, municipality: Municipality):
    return Majority.objects.filter(municipality=municipality).order_by("valid_from")


def term_on(*, municipality: Municipality, on: date) -> Term | None:
    return Term.objects.filter(
        municipality=municipality, starts_on__lte=on, ends_on__gte=on
    ).first()


def organisation_history(*, municipality: Municipality) -> dict:
    """The dated changes of the whole organisation, newest first: majorities, terms, bodies
    (founded, ended) and who held each office when — read from the date-versioned rows."""
    return {
        "majorities": list(
            Majority.objects.filter(municipality=municipality).order_by("-valid_from")
        ),
        "terms": list(Term.objects.filter(municipality=municipality).order_by("-starts_on")),
        "bodies": list(
            Body.objects.filter(municipality=municipality)
            .select_related("parent")
            .order_by("-valid_from", "name")
        ),
        "appointments": list(
            Appointment.objects.filter(municipality=municipality)
            .select_related("person", "office")
            .order_by("-valid_from", "office__title")
        ),
    }


def body_history(*, body: Body) -> dict:
    """A body's memberships over time and who held the offices that answer to it."""
    return {
        "memberships": list(
            Membership.objects.filter(body=body)
            .select_related("person")
            .order_by("-valid_from", "role", "person__name")
        ),
        "appointments": list(
            Appointment.objects.filter(office__answers_to=body)
            .select_related("person", "office")
            .order_by("-valid_from")
        ),
    }
