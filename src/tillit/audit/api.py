"""GET /api/v1/audit — the audit trail, for auditors' and administrators' tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Query, Router, Schema

from tillit.api.auth import BearerToken
from tillit.api.common import MAX_LIMIT, Page, municipality_for, paginate

from .selectors import audit_events_for

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int
    at: datetime
    actor: str = Field(..., alias="actor_label")
    model: str
    object_pk: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    fingerprint: str
    prev_hash: str
    hash: str


class AuditFilter(Schema):
    municipality: str | None = None
    model: str = Field("", max_length=100)
    object_pk: str = Field("", max_length=64)
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("", response=Page[AuditEventOut], auth=BearerToken(), summary="The audit trail")
def audit_list(request, filters: Query[AuditFilter]):
    """Every change, newest first, with before/after and the hash chain. Needs the token of an
    auditor or administrator of the municipality (401 without a token, 403 without the role)."""
    m = municipality_for(request, filters.municipality, request.auth)
    qs = audit_events_for(
        user=request.auth, municipality=m, model=filters.model, object_pk=filters.object_pk
    )
    return paginate(qs, limit=filters.limit, offset=filters.offset)
