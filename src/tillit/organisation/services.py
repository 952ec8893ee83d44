"""Writes for the organisation. Bodies and offices share one slug namespace per municipality,
because an assignment's recipient is named by slug and must resolve to exactly one thing."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tillit.core.errors import ValidationFailed

from .models import (
    Appointment,
    Body,
    Majority,
    Membership,
    Municipality,
    Office,
    Person,
    Term,
)


def _check_slug_free(municipality: Municipality, slug: str) -> None:
    if (
        Body.objects.filter(municipality=municipality, slug=slug).exists()
        or Office.objects.filter(municipality=municipality, slug=slug).exists()
    ):
        raise ValidationFailed({"slug": f"Kortnamnet {slug!r} används redan i {municipality}."})


def _save(obj):
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(
            {field: " ".join(msgs) for field, msgs in exc.message_dict.items()}
        ) from None
    obj.save()
    return obj


def municipality_create(
    *, slug: str, name: str, code: str, population=None, county=""
) -> Municipality:
    return _save(
        Municipality(slug=slug, name=name, code=code, population=population, county=county)
    )


def term_create(*, municipality: Municipality, election_year: int) -> Term:
    starts, ends = Term.dates_for_election(election_year)
    return _save(
        Term(
            municipality=municipality,
            election_date=_second_sunday_of_september(election_year),
            starts_on=starts,
            ends_on=ends,
        )
    )


def _second_sunday_of_september(year: int) -> date:
    day = date(year, 9, 1)
    first_sunday = 1 + (6 - day.weekday()) % 7
    return date(year, 9, first_sunday + 7)


@transaction.atomic
def majority_set(
    *, municipality: Municipality, name: str, parties: str, valid_from: date
) -> Majority:
    """Start a new governing majority; the previous open one ends the day before."""
    previous = (
        Majority.objects.filter(municipality=municipality, valid_to__isnull=True)
        .exclude(valid_from__gte=valid_from)
        .first()
    )
    if previous:
        previous.valid_to = date.fromordinal(valid_from.toordinal() - 1)
        previous.save(update_fields=["valid_to", "updated_at"])
    return _save(
        Majority(municipality=municipality, name=name, parties=parties, valid_from=valid_from)
    )


def body_create(
    *,
    municipality: Municipality,
    slug: str,
    name: str,
    kind: str,
    valid_from: date,
    short_name: str = "",
    parent: Body | None = None,
    area_of_responsibility: str = "",
    seats: int | None = None,
    shared_with: str = "",
    valid_to: date | None = None,
) -> Body:
    _check_slug_free(municipality, slug)
    return _save(
        Body(
            municipality=municipality,
            slug=slug,
            name=name,
            kind=kind,
            valid_from=valid_from,
            short_name=short_name,
            parent=parent,
            area_of_responsibility=area_of_responsibility,
            seats=seats,
            shared_with=shared_with,
            valid_to=valid_to,
        )
    )


def office_create(
    *,
    municipality: Municipality,
    slug: str,
    title: str,
    organisation_name: str,
    kind: str,
    valid_from: date,
    parent: Office | None = None,
    answers_to: Body | None = None,
    valid_to: date | None = None,
) -> Office:
    _check_slug_free(municipality, slug)
    return _save(
        Office(
            municipality=municipality,
            slug=slug,
            title=title,
            organisation_name=organisation_name,
            kind=kind,
            valid_from=valid_from,
            parent=parent,
            answers_to=answers_to,
            valid_to=valid_to,
        )
    )


def person_create(*, municipality: Municipality, name: str, party: str = "", user=None) -> Person:
    return _save(Person(municipality=municipality, name=name, party=party, user=user))


def membership_add(
    *, person: Person, body: Body, role: str, valid_from: date, valid_to: date | None = None
) -> Membership:
    return _save(
        Membership(
            municipality_id=body.municipality_id,
            person=person,
            body=body,
            role=role,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    )


def appointment_add(
    *, person: Person, office: Office, valid_from: date, valid_to: date | None = None
) -> Appointment:
    return _save(
        Appointment(
            municipality_id=office.municipality_id,
            person=person,
            office=office,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    )
