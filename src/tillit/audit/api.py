"""GET /api/v1/audit — the audit trail, for auditors' and administrators' tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Query, Router, Schema

from tillit.api.auth import BearerToken
from tillit.api.common import (
    Page,
    PageQuery,
    municipality_for,
    paginate,
)

from .selectors import audit_events_for

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int = Field(..., description="Position in the municipality's chain", examples=[1024])
    at: datetime = Field(
        ..., description="When, ISO 8601 with time zone", examples=["2026-03-10T14:05:00+01:00"]
    )
    actor: str = Field(
        ..., alias="actor_label", description="Who made the change (username or system)"
    )
    model: str = Field(..., description="The changed model", examples=["assignments.Assignment"])
    object_pk: str = Field(..., description="Primary key of the changed row", examples=["42"])
    action: str = Field(
        ..., description="create | update | delete | rows | baseline", examples=["update"]
    )
    before: dict[str, Any] | None = Field(..., description="Fields before; null on create")
    after: dict[str, Any] | None = Field(
        ...,
        description="Fields after, many-to-many links as id lists; null on delete. A "
        "confidential value (a deviation's reporter, password and token hashes) is a keyed "
        'fingerprint "hmac:…", never the value',
    )
    fingerprint: str = Field(..., description="Fingerprint of the row's stored state")
    prev_hash: str = Field(..., description="Hash of the previous event in the chain")
    hash: str = Field(
        ...,
        description="This event's hash (covers prev_hash): a broken chain shows. Scheme 2: "
        "HMAC-SHA256 under the installation's audit key, which only the server holds",
    )
    scheme: int = Field(
        ...,
        description="1: unkeyed SHA-256 (events written before the audit key existed, sealed); "
        "2: HMAC-SHA256 with the audit key",
        examples=[2],
    )
    key_id: str = Field(
        ..., description="Id of the audit key that signed the event (never the key itself)"
    )


class AuditFilter(PageQuery):
    model: str = Field(
        "", max_length=100, description="Only this model", examples=["assignments.Assignment"]
    )
    object_pk: str = Field(
        "", max_length=64, description="Only this row (primary key)", examples=["42"]
    )


@router.get("", response=Page[AuditEventOut], auth=BearerToken(), summary="The audit trail")
def audit_list(request, filters: Query[AuditFilter]):
    """Every change, newest first, with before/after and the hash chain. Needs the token of an
    auditor or administrator of the municipality (401 without a token, 403 without the role)."""
    m = municipality_for(request, filters.municipality, request.auth)
    qs = audit_events_for(
        user=request.auth, municipality=m, model=filters.model, object_pk=filters.object_pk
    )
    return paginate(qs, limit=filters.limit, offset=filters.offset)
