"""Who may record deviations and delegation decisions, and who may see a reporter.

Kept in the barometer app (not accounts.permissions) so the confidentiality rule lives beside
the data it protects; accounts.permission_matrix names ``can_record_deviation`` and
``can_read_deviation_reporter`` here. Every check takes the municipality explicitly.
"""

from __future__ import annotations

from django.utils import timezone

from tillit.accounts.models import RoleKind
from tillit.accounts.permissions import _active, _roles
from tillit.organisation.models import Office, OfficeKind

OFFICIAL_KINDS = (RoleKind.ADMIN, RoleKind.CHIEF, RoleKind.SECRETARY, RoleKind.CONTROLLER)


def can_read_deviation_content(user, municipality) -> bool:
    """A deviation's text, the unit it went to and the analysis findings could point at the
    reporter: they are shown to users with a role in the municipality (and superusers) only;
    the public sees that a deviation happened, not what it said."""
    if not _active(user):
        return False
    return user.is_superuser or _roles(user, municipality).exists()


def deviation_details_public(municipality) -> bool:
    """Has the municipality chosen to publish the details of each deviation (date, from which
    role, source, handling)? Off by default: the public sees counts per body only."""
    from .models import ConfidentialitySetting

    return ConfidentialitySetting.objects.filter(
        municipality=municipality, details_public=True
    ).exists()


def can_read_deviation_details(user, municipality) -> bool:
    """The details of each deviation: users with a role in the municipality (and superusers),
    or everyone when the municipality publishes them (``deviation_details_public``). The
    content and the receiving unit need ``can_read_deviation_content`` either way."""
    return can_read_deviation_content(user, municipality) or deviation_details_public(municipality)


def can_report_deviation(user, municipality) -> bool:
    """Officials (tjänstepersoner): chiefs, secretaries, controllers and administrators."""
    if not _active(user):
        return False
    return user.is_superuser or _roles(user, municipality).filter(kind__in=OFFICIAL_KINDS).exists()


def can_record_deviation(user, municipality) -> bool:
    """A directive received outside the chain is recorded by an official (the permission
    matrix's name for ``can_report_deviation``)."""
    return can_report_deviation(user, municipality)


def can_read_deviation_reporter(user, municipality) -> bool:
    """Who reported a deviation is confidential: the designated chief (the kommundirektör) and,
    unless the municipality says otherwise, its administrators."""
    return is_designated(user, municipality)


def can_register_delegation(user, body) -> bool:
    """The body's secretary, the chief answering to the body (or the kommundirektör), an admin."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    roles = _roles(user, body.municipality_id)
    return (
        roles.filter(kind=RoleKind.ADMIN).exists()
        or roles.filter(kind=RoleKind.SECRETARY, body=body).exists()
        or roles.filter(kind=RoleKind.CHIEF, office__answers_to=body).exists()
        or roles.filter(kind=RoleKind.CHIEF, office__kind=OfficeKind.CHIEF_EXECUTIVE).exists()
    )


def delegation_bodies(user, municipality):
    """The bodies whose delegation decisions the user may record — the same rule as
    ``can_register_delegation``, as one queryset (for the page's choices and its link)."""
    from django.db.models import Q

    from tillit.organisation.models import Body

    qs = Body.objects.filter(municipality=municipality).order_by("valid_from", "id")
    if not _active(user):
        return qs.none()
    if user.is_superuser:
        return qs
    roles = _roles(user, municipality)
    if (
        roles.filter(kind=RoleKind.ADMIN).exists()
        or roles.filter(kind=RoleKind.CHIEF, office__kind=OfficeKind.CHIEF_EXECUTIVE).exists()
    ):
        return qs
    secretary_of = roles.filter(kind=RoleKind.SECRETARY, body__isnull=False).values("body_id")
    chief_for = roles.filter(kind=RoleKind.CHIEF, office__answers_to__isnull=False).values(
        "office__answers_to_id"
    )
    return qs.filter(Q(pk__in=secretary_of) | Q(pk__in=chief_for))


def confidential_office(municipality) -> Office | None:
    """The office whose chief sees reporters: the municipality's setting, else the
    kommundirektör."""
    from .models import ConfidentialitySetting

    setting = (
        ConfidentialitySetting.objects.filter(municipality=municipality)
        .select_related("office")
        .first()
    )
    if setting is not None and setting.office_id:
        return setting.office
    # The kommundirektör in office today (the newest, should two overlap at a handover).
    return (
        Office.objects.active_on(timezone.localdate())
        .filter(municipality=municipality, kind=OfficeKind.CHIEF_EXECUTIVE)
        .order_by("-valid_from", "-id")
        .first()
    )


def _admins_may_see(municipality) -> bool:
    from .models import ConfidentialitySetting

    setting = ConfidentialitySetting.objects.filter(municipality=municipality).first()
    return True if setting is None else setting.admins_may_see


def is_designated(user, municipality) -> bool:
    """Does the user hold the role the municipality designated to see reporters?"""
    if not _active(user):
        return False
    roles = _roles(user, municipality)
    if (user.is_superuser or roles.filter(kind=RoleKind.ADMIN).exists()) and _admins_may_see(
        municipality
    ):
        return True
    office = confidential_office(municipality)
    return office is not None and roles.filter(kind=RoleKind.CHIEF, office=office).exists()


def is_named_in(user, deviation) -> bool:
    """The person a deviation concerns (``named_person``) never sees its reporter."""
    person = getattr(user, "person", None) if _active(user) else None
    return bool(person is not None and deviation.named_person_id == person.pk)


def can_see_reporter(user, deviation) -> bool:
    return is_designated(user, deviation.municipality_id) and not is_named_in(user, deviation)
