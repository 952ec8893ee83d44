"""Reads of the audit trail: auditors and administrators only (accounts.permissions)."""

from __future__ import annotations

from tillit.accounts.permissions import can_read_audit
from tillit.core.errors import PermissionDenied

from .models import AuditEvent


def audit_events_for(*, user, municipality, model: str = "", object_pk: str = ""):
    if not can_read_audit(user, municipality):
        raise PermissionDenied(
            "Granskningsloggen läses av kommunens revisorer och administratörer."
        )
    qs = AuditEvent.objects.filter(municipality=municipality).select_related("actor")
    if model:
        qs = qs.filter(model=model)
    if object_pk:
        qs = qs.filter(object_pk=str(object_pk))
    return qs.order_by("-seq")
