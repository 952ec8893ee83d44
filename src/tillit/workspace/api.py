"""/api/v1/me — the signed-in caller's own inbox (token auth)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema

from tillit.api.auth import BearerToken
from tillit.api.common import ErrorOut
from tillit.followup.models import Notification, NotificationKind
from tillit.followup.services import notification_mark_read

router = Router(tags=["me"])

INBOX_LIMIT = 200


class InboxItemOut(Schema):
    id: int = Field(..., description="Id of the message (for POST /me/inbox/read)")
    kind: str = Field(
        ...,
        description="One of: " + ", ".join(NotificationKind.values),
        examples=["report_submitted"],
    )
    kind_label: str = Field(..., description="The kind in Swedish", examples=["Rapport inlämnad"])
    title: str = Field(..., description="One line in Swedish")
    text: str = Field(..., description="More in Swedish, may be empty")
    url: str = Field(..., description="Path of the page it concerns (relative to the site)")
    municipality: str | None = Field(None, description="Municipality slug")
    created_at: datetime = Field(..., description="When the message was created")
    read: bool = Field(..., description="Marked read by the caller")


class InboxOut(Schema):
    items: list[InboxItemOut] = Field(..., description="Newest first")
    count: int = Field(..., description="All messages of the caller (items holds the newest 200)")
    unread: int = Field(..., description="Messages not yet marked read")


class MarkReadIn(Schema):
    ids: list[int] | None = Field(
        None, max_length=1000, description="Messages to mark read; omitted: all unread"
    )


class MarkReadOut(Schema):
    marked: int = Field(..., description="How many messages were marked read now")


@router.get(
    "/inbox",
    response={200: InboxOut, 401: ErrorOut},
    auth=BearerToken(),
    summary="The caller's inbox, newest first",
    description="Messages about what concerns the caller: reports submitted to her bodies, "
    "answers to her questions, deviations and strategic delegation decisions in her bodies, "
    "deficits without an action plan, reminders. `read` is set by POST /me/inbox/read.",
)
def inbox(request):
    user = request.auth
    rows = Notification.objects.filter(user=user).select_related("municipality")
    items = [
        {
            "id": n.pk,
            "kind": n.kind,
            "kind_label": n.get_kind_display(),
            "title": n.title,
            "text": n.text,
            "url": n.url,
            "municipality": n.municipality.slug if n.municipality_id else None,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in rows.order_by("-created_at", "-id")[:INBOX_LIMIT]
    ]
    return {"items": items, "count": rows.count(), "unread": rows.filter(read_at=None).count()}


@router.post(
    "/inbox/read",
    response={200: MarkReadOut, 401: ErrorOut, 422: ErrorOut},
    auth=BearerToken(),
    summary="Mark messages of the caller's inbox read",
    description="Only the caller's own messages; ids of others' messages are ignored. "
    "Without `ids` every unread message is marked.",
)
def inbox_read(request, payload: MarkReadIn):
    return {"marked": notification_mark_read(user=request.auth, ids=payload.ids)}
