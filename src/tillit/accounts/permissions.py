"""Who may do what. Checked inside the domain services, not only in views."""

from __future__ import annotations

from .models import Role, RoleKind


def can_register_decision(user, body) -> bool:
    """A body's secretary registers its decisions; a municipality admin may do so for any body."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = Role.objects.filter(user=user, municipality_id=body.municipality_id)
    return (
        roles.filter(kind=RoleKind.ADMIN).exists()
        or roles.filter(kind=RoleKind.SECRETARY, body=body).exists()
    )


def bodies_user_can_register_for(user, municipality):
    from tillit.organisation.models import Body

    qs = Body.objects.filter(municipality=municipality)
    if user.is_superuser:
        return qs
    roles = Role.objects.filter(user=user, municipality=municipality)
    if roles.filter(kind=RoleKind.ADMIN).exists():
        return qs
    return qs.filter(
        pk__in=roles.filter(kind=RoleKind.SECRETARY, body__isnull=False).values("body")
    )


def can_manage_economy(user, municipality) -> bool:
    """Frames, frame changes, imports, mappings and forecasts: a municipality admin, a
    controller, or kommunfullmäktige's secretary (who records KF's budget decisions)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    municipality_id = getattr(municipality, "pk", municipality)
    roles = Role.objects.filter(user=user, municipality_id=municipality_id)
    return (
        roles.filter(kind__in=[RoleKind.ADMIN, RoleKind.CONTROLLER]).exists()
        or roles.filter(kind=RoleKind.SECRETARY, body__kind="council").exists()
    )
