"""How a user is named on pages anyone can read: the person's name and office, never the login
name (issue 14 item 7). A login name is an account detail, not who acted in the municipality."""

from __future__ import annotations

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from tillit.accounts.models import RoleKind

register = template.Library()


def _office(user) -> str:
    """The office or seat the user acts in: a chief's office, the person's office or seat
    (chair, member…) in a body held today, else the role and its scope; empty without any."""
    from tillit.organisation.models import Appointment, Membership

    today = timezone.localdate()
    roles = list(user.roles.select_related("office", "body").order_by("pk"))
    for role in roles:
        if role.kind == RoleKind.CHIEF and role.office_id:
            return str(role.office)
    person = _person(user)
    if person is not None:
        appointment = (
            Appointment.objects.active_on(today)
            .filter(person=person)
            .select_related("office")
            .order_by("pk")
            .first()
        )
        if appointment is not None:
            return str(appointment.office)
        bodies = [r.body_id for r in roles if r.body_id]
        seats = list(
            Membership.objects.active_on(today).filter(person=person).select_related("body")
        )
        # The seat in the body the user's role is for first, then the first body by order.
        seats.sort(key=lambda m: (m.body_id not in bodies, m.body.name))
        if seats:
            return f"{seats[0].get_role_display()}, {seats[0].body.name}"
    for role in roles:
        if role.body_id:
            return f"{role.get_kind_display()}, {role.body.name}"
        if role.office_id:
            return f"{role.get_kind_display()}, {role.office}"
    return str(roles[0].get_kind_display()) if roles else ""


def _person(user):
    try:
        return user.person
    except ObjectDoesNotExist:  # no person linked
        return None


def public_name_of(user) -> str:
    """'Name (office)', the office alone when no person is linked, '–' at worst; never the
    username."""
    if user is None:
        return ""
    person = _person(user)
    office = _office(user)
    name = person.name if person is not None else user.get_full_name()
    if name and office:
        return f"{name} ({office})"
    return name or office or "–"


@register.filter
def public_name(user) -> str:
    # Kept on the instance: one timeline names the same user in several entries.
    if user is None:
        return ""
    if "_public_name" not in user.__dict__:
        user.__dict__["_public_name"] = public_name_of(user)
    return user.__dict__["_public_name"]
