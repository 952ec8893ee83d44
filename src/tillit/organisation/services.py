"""Writes for the organisation. Bodies and offices share one slug namespace per municipality,
because an assignment's recipient is named by slug and must resolve to exactly one thing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

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
        raise ValidationFailed(
            {
                "slug": _("Kortnamnet %(slug)s används redan i %(municipality)s.")
                % {"slug": repr(slug), "municipality": municipality}
            }
        )


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


# ---------------------------------------------------------------------------------------------
# Changes registered by a municipality's administrator (forms under /<kommun>/organisation/andra/).
# Each checks can_manage_organisation and the organisation's dated rules, and writes nothing when
# a rule fails. History is kept by dates: a row is ended (valid_to), never deleted or rewritten.


def _day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


def _check_manager(actor, municipality: Municipality) -> None:
    from tillit.accounts.permissions import can_manage_organisation
    from tillit.core.errors import PermissionDenied

    if not can_manage_organisation(actor, municipality):
        raise PermissionDenied(
            _("Du får inte ändra organisationen i %(name)s. Det gör kommunens administratör.")
            % {"name": municipality.name}
        )


def _check_input(*, texts: dict | None = None, dates: dict | None = None) -> None:
    from tillit.core.validation import date_problem, text_problem

    errors = {}
    for name, value in (texts or {}).items():
        if isinstance(value, str) and (message := text_problem(value)):
            errors[name] = message
    for name, value in (dates or {}).items():
        if isinstance(value, date) and (message := date_problem(value)):
            errors[name] = message
    if errors:
        raise ValidationFailed(errors)


def _same_municipality(municipality: Municipality, **rows) -> None:
    """A row of another municipality is 'not found' here, never used."""
    for field, row in rows.items():
        if row is not None and row.municipality_id != municipality.pk:
            raise ValidationFailed(
                {field: _("Valet finns inte i %(name)s.") % {"name": municipality.name}}
            )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "tills vidare"


@transaction.atomic
def term_register(*, actor, municipality: Municipality, election_year: int) -> Term:
    """A new mandatperiod: 15 October of the election year to 14 October four years later; it
    may not overlap a term already registered."""
    from tillit.core.validation import year_problem

    _check_manager(actor, municipality)
    if message := year_problem(election_year):
        raise ValidationFailed({"election_year": message})
    starts, ends = Term.dates_for_election(election_year)
    if message := year_problem(ends.year):
        raise ValidationFailed({"election_year": message})
    clash = (
        Term.objects.select_for_update()
        .filter(municipality=municipality, starts_on__lte=ends, ends_on__gte=starts)
        .first()
    )
    if clash is not None:
        raise ValidationFailed(
            {
                "election_year": (
                    _(
                        "Mandatperioden %(year)s–%(year2)s överlappar den registrerade "
                        "mandatperioden %(clash)s (%(starts_on)s–%(ends_on)s)."
                    )
                    % {
                        "year": starts.year,
                        "year2": ends.year,
                        "clash": clash,
                        "starts_on": clash.starts_on.isoformat(),
                        "ends_on": clash.ends_on.isoformat(),
                    }
                )
            }
        )
    return term_create(municipality=municipality, election_year=election_year)


def _majority_name(parties: str) -> str:
    return "+".join(p.strip() for p in parties.replace("+", ",").split(",") if p.strip())


@transaction.atomic
def majority_register(
    *, actor, municipality: Municipality, parties: str, valid_from: date | None, name: str = ""
) -> Majority:
    """A new governing majority from a day. The majorities follow each other without overlap:
    the new one starts after the current one began, which then ends the day before."""
    _check_manager(actor, municipality)
    parties, name = (parties or "").strip(), (name or "").strip()
    _check_input(texts={"parties": parties, "name": name}, dates={"valid_from": valid_from})
    errors = {}
    if not _majority_name(parties):
        errors["parties"] = _("Ange partierna i styret, till exempel ”C, M, KD”.")
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilket datum styret gäller.")
    if errors:
        raise ValidationFailed(errors)
    latest = (
        Majority.objects.select_for_update()
        .filter(municipality=municipality)
        .order_by("-valid_from")
        .first()
    )
    if latest is not None and latest.valid_to is not None and valid_from <= latest.valid_to:
        raise ValidationFailed(
            {
                "valid_from": (
                    _(
                        "Styret %(name)s gällde till och med %(valid_to)s; ett nytt styre "
                        "måste börja efter det."
                    )
                    % {"name": latest.name, "valid_to": latest.valid_to.isoformat()}
                )
            }
        )
    if latest is not None and valid_from <= latest.valid_from:
        raise ValidationFailed(
            {
                "valid_from": (
                    _(
                        "Ett nytt styre måste börja efter det senaste (%(name)s, från "
                        "%(valid_from)s). Historiken skrivs inte om."
                    )
                    % {"name": latest.name, "valid_from": latest.valid_from.isoformat()}
                )
            }
        )
    parts = [p.strip() for p in parties.replace("+", ",").split(",") if p.strip()]
    return majority_set(
        municipality=municipality,
        name=name or _majority_name(parties),
        parties=", ".join(parts),
        valid_from=valid_from,
    )


# Swedish names for the messages (services speak Swedish whatever the page's language).
KIND_NAMES = {
    "council": "kommunfullmäktige",
    "executive_board": "kommunstyrelse",
    "committee": "nämnd",
    "joint_committee": "gemensam nämnd",
    "subcommittee": "utskott",
}

# Which kind of body may sit under which (the decision chain, architecture.md).
PARENT_KINDS = {
    "council": (),
    "executive_board": ("council",),
    "committee": ("council",),
    "joint_committee": ("council",),
    "subcommittee": ("executive_board", "committee", "joint_committee"),
}


def _unique_slug(municipality: Municipality, base: str) -> str:
    from django.utils.text import slugify

    base = slugify(base).replace("_", "-")[:40].strip("-")
    base = base or "organ"
    slug, n = base, 2
    while (
        Body.objects.filter(municipality=municipality, slug=slug).exists()
        or Office.objects.filter(municipality=municipality, slug=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def body_register(
    *,
    actor,
    municipality: Municipality,
    name: str,
    kind: str,
    valid_from: date | None,
    parent: Body | None = None,
    short_name: str = "",
    slug: str = "",
    seats: int | None = None,
    area_of_responsibility: str = "",
) -> Body:
    """A new political body from a day, placed in the chain under a parent of the right kind
    that exists on that day."""
    _check_manager(actor, municipality)
    name, short_name, slug = (name or "").strip(), (short_name or "").strip(), (slug or "").strip()
    _check_input(
        texts={
            "name": name,
            "short_name": short_name,
            "area_of_responsibility": area_of_responsibility,
        },
        dates={"valid_from": valid_from},
    )
    _same_municipality(municipality, parent=parent)
    errors = {}
    if not name:
        errors["name"] = _("Ange organets namn.")
    if kind not in PARENT_KINDS:
        errors["kind"] = _("Välj vilken typ av organ det är.")
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilket datum organet finns.")
    if errors:
        raise ValidationFailed(errors)
    allowed = PARENT_KINDS[kind]
    names = " eller ".join(KIND_NAMES[k] for k in allowed)
    if not allowed and parent is not None:
        errors["parent"] = _(
            "Kommunfullmäktige står överst i beslutskedjan och har inget överordnat organ."
        )
    elif allowed and parent is None:
        errors["parent"] = _("Välj det överordnade organet (%(names)s).") % {"names": names}
    elif parent is not None and parent.kind not in allowed:
        errors["parent"] = _("En %(KIND_NAMES)s lyder under %(names)s, inte under %(name)s.") % {
            "KIND_NAMES": KIND_NAMES[kind],
            "names": names,
            "name": parent.name,
        }
    elif parent is not None and not parent.is_active_on(valid_from):
        errors["parent"] = _(
            "%(name)s finns inte den %(valid_from)s (giltigt %(valid_from2)s–%(iso)s)."
        ) % {
            "name": parent.name,
            "valid_from": valid_from.isoformat(),
            "valid_from2": parent.valid_from.isoformat(),
            "iso": _iso(parent.valid_to),
        }
    if errors:
        raise ValidationFailed(errors)
    if slug:
        _check_slug_free(municipality, slug)
    else:
        slug = _unique_slug(municipality, short_name or name)
    return body_create(
        municipality=municipality,
        slug=slug,
        name=name,
        kind=kind,
        valid_from=valid_from,
        short_name=short_name,
        parent=parent,
        seats=seats,
        area_of_responsibility=area_of_responsibility,
    )


@transaction.atomic
def body_end(*, actor, body: Body, valid_to: date | None) -> Body:
    """A body ceases after a day (a reorganisation). Its open memberships end the same day; a
    body with subordinate bodies that go on is refused (end or move those first)."""
    municipality = body.municipality
    _check_manager(actor, municipality)
    _check_input(dates={"valid_to": valid_to})
    body = Body.objects.select_for_update().get(pk=body.pk)
    if valid_to is None:
        raise ValidationFailed({"valid_to": _("Ange den sista dagen organet finns.")})
    if body.valid_to is not None:
        raise ValidationFailed(
            {
                "valid_to": _("%(name)s är redan avslutat (%(valid_to)s).")
                % {"name": body.name, "valid_to": body.valid_to.isoformat()}
            }
        )
    if valid_to < body.valid_from:
        raise ValidationFailed(
            {
                "valid_to": (
                    _("Sista dagen kan inte ligga före organets första dag (%(valid_from)s).")
                    % {"valid_from": body.valid_from.isoformat()}
                )
            }
        )
    from django.db.models import Q

    later = Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to)
    children = list(Body.objects.filter(parent=body).filter(later).order_by("name"))
    if children:
        raise ValidationFailed(
            {
                "valid_to": (
                    _(
                        "Organet har underordnade organ som finns kvar efter den dagen: "
                        "%(names)s. Avsluta dem först."
                    )
                    % {"names": ", ".join(c.name for c in children)}
                )
            }
        )
    starts_later = Membership.objects.filter(body=body, valid_from__gt=valid_to).first()
    if starts_later is not None:
        raise ValidationFailed(
            {
                "valid_to": (
                    _("%(name)s är ledamot från %(valid_from)s, efter den dagen.")
                    % {
                        "name": starts_later.person.name,
                        "valid_from": starts_later.valid_from.isoformat(),
                    }
                )
            }
        )
    for membership in Membership.objects.filter(body=body).filter(later):
        membership.valid_to = valid_to
        membership.save(update_fields=["valid_to", "updated_at"])
    body.valid_to = valid_to
    body.save(update_fields=["valid_to", "updated_at"])
    return body


@transaction.atomic
def person_register(*, actor, municipality: Municipality, name: str, party: str = "") -> Person:
    _check_manager(actor, municipality)
    name, party = (name or "").strip(), (party or "").strip()
    _check_input(texts={"name": name, "party": party})
    if not name:
        raise ValidationFailed({"name": _("Ange personens namn.")})
    return person_create(municipality=municipality, name=name, party=party)


@transaction.atomic
def appointment_register(
    *, actor, office: Office, person: Person | None, valid_from: date | None
) -> Appointment:
    """A person takes up an office from a day (a new chief). Whoever held it until then leaves
    it the day before; a change may not start on or before the latest one (history is kept, not
    rewritten)."""
    municipality = office.municipality
    _check_manager(actor, municipality)
    _check_input(dates={"valid_from": valid_from})
    _same_municipality(municipality, office=office, person=person)
    errors = {}
    if person is None:
        errors["person"] = _("Välj vem som tillträder.")
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilket datum personen har befattningen.")
    if errors:
        raise ValidationFailed(errors)
    if not office.is_active_on(valid_from):
        raise ValidationFailed(
            {
                "valid_from": (
                    _(
                        "Befattningen finns inte den %(valid_from)s (giltig "
                        "%(valid_from2)s–%(iso)s)."
                    )
                    % {
                        "valid_from": valid_from.isoformat(),
                        "valid_from2": office.valid_from.isoformat(),
                        "iso": _iso(office.valid_to),
                    }
                )
            }
        )
    rows = list(
        Appointment.objects.select_for_update()
        .filter(office=office)
        .select_related("person")
        .order_by("valid_from")
    )
    later = [a for a in rows if a.valid_from >= valid_from]
    if later:
        raise ValidationFailed(
            {
                "valid_from": (
                    _(
                        "%(name)s har befattningen från %(valid_from)s. En ny innehavare "
                        "måste tillträda efter det."
                    )
                    % {
                        "name": later[-1].person.name,
                        "valid_from": later[-1].valid_from.isoformat(),
                    }
                )
            }
        )
    current = [a for a in rows if a.valid_to is None or a.valid_to >= valid_from]
    if any(a.person_id == person.pk for a in current):
        raise ValidationFailed(
            {"person": _("%(name)s har redan befattningen.") % {"name": person.name}}
        )
    for previous in current:
        previous.valid_to = _day_before(valid_from)
        previous.save(update_fields=["valid_to", "updated_at"])
    return appointment_add(
        person=person, office=office, valid_from=valid_from, valid_to=office.valid_to
    )


@transaction.atomic
def membership_register(
    *,
    actor,
    body: Body,
    person: Person | None,
    role: str,
    valid_from: date | None,
    valid_to: date | None = None,
) -> Membership:
    """A person's seat in a body for a period inside the body's life. A person holds one seat
    per body at a time, and a body has one ordförande at a time."""
    from .models import MembershipRole

    municipality = body.municipality
    _check_manager(actor, municipality)
    _check_input(dates={"valid_from": valid_from, "valid_to": valid_to})
    _same_municipality(municipality, body=body, person=person)
    errors = {}
    if person is None:
        errors["person"] = _("Välj personen.")
    if role not in MembershipRole.values:
        errors["role"] = _("Välj rollen i organet.")
    if valid_from is None:
        errors["valid_from"] = _("Ange från vilket datum uppdraget gäller.")
    if errors:
        raise ValidationFailed(errors)
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed({"valid_to": _("Slutdatumet kan inte ligga före startdatumet.")})
    if valid_from < body.valid_from or (body.valid_to and valid_from > body.valid_to):
        raise ValidationFailed(
            {
                "valid_from": (
                    _(
                        "%(name)s finns %(valid_from)s–%(iso)s; uppdraget måste börja inom "
                        "den tiden."
                    )
                    % {
                        "name": body.name,
                        "valid_from": body.valid_from.isoformat(),
                        "iso": _iso(body.valid_to),
                    }
                )
            }
        )
    if body.valid_to is not None:
        if valid_to is None:
            valid_to = body.valid_to
        elif valid_to > body.valid_to:
            raise ValidationFailed(
                {
                    "valid_to": (
                        _("%(name)s finns bara till %(valid_to)s; uppdraget kan inte sluta senare.")
                        % {"name": body.name, "valid_to": body.valid_to.isoformat()}
                    )
                }
            )
    from django.db.models import Q

    overlapping = (
        Membership.objects.select_for_update()
        .filter(body=body, valid_from__lte=valid_to or date.max)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        .select_related("person")
    )
    own = next((ms for ms in overlapping if ms.person_id == person.pk), None)
    if own is not None:
        raise ValidationFailed(
            {
                "person": (
                    _(
                        "%(name)s är redan %(lower)s i %(name2)s (%(valid_from)s–%(iso)s). "
                        "Avsluta det uppdraget först."
                    )
                    % {
                        "name": person.name,
                        "lower": own.get_role_display().lower(),
                        "name2": body.name,
                        "valid_from": own.valid_from.isoformat(),
                        "iso": _iso(own.valid_to),
                    }
                )
            }
        )
    chair = next((ms for ms in overlapping if ms.role == MembershipRole.CHAIR), None)
    if role == MembershipRole.CHAIR and chair is not None:
        raise ValidationFailed(
            {
                "role": (
                    _(
                        "%(name)s har redan en ordförande under perioden: %(name2)s "
                        "(%(valid_from)s–%(iso)s)."
                    )
                    % {
                        "name": body.name,
                        "name2": chair.person.name,
                        "valid_from": chair.valid_from.isoformat(),
                        "iso": _iso(chair.valid_to),
                    }
                )
            }
        )
    return membership_add(
        person=person, body=body, role=role, valid_from=valid_from, valid_to=valid_to
    )


@transaction.atomic
def membership_end(*, actor, membership: Membership, valid_to: date | None) -> Membership:
    """A seat ends after a day (the last day the person sits in the body)."""
    _check_manager(actor, membership.municipality)
    _check_input(dates={"valid_to": valid_to})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if valid_to is None:
        raise ValidationFailed({"valid_to": _("Ange den sista dagen i uppdraget.")})
    if membership.valid_to is not None and membership.valid_to <= valid_to:
        raise ValidationFailed(
            {
                "valid_to": _("Uppdraget slutar redan %(valid_to)s.")
                % {"valid_to": membership.valid_to.isoformat()}
            }
        )
    if valid_to < membership.valid_from:
        raise ValidationFailed(
            {
                "valid_to": (
                    _("Sista dagen kan inte ligga före uppdragets första dag (%(valid_from)s).")
                    % {"valid_from": membership.valid_from.isoformat()}
                )
            }
        )
    membership.valid_to = valid_to
    membership.save(update_fields=["valid_to", "updated_at"])
    return membership
