"""Small helpers shared by the HTML views (thin adapters over selectors and services)."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from tillit.accounts.permissions import bodies_user_can_register_for
from tillit.core.errors import NotFound
from tillit.organisation.models import Municipality
from tillit.organisation.selectors import municipality_get


def municipality_or_404(slug: str) -> Municipality:
    try:
        return municipality_get(slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from None


def page_context(request, municipality: Municipality, **extra) -> dict:
    """Context every municipality page needs for the header and navigation."""
    user = request.user
    can_register = bool(
        user.is_authenticated and bodies_user_can_register_for(user, municipality).exists()
    )
    return {"municipality": municipality, "can_register": can_register, **extra}


def today() -> date:
    return timezone.localdate()


def parse_iso_date(value: str | None) -> date | None:
    """'2024-03-01' -> date; '' or None -> None; anything else raises ValueError."""
    if not value:
        return None
    return date.fromisoformat(value.strip())


def forbidden(request, message: str, municipality: Municipality | None = None):
    context = page_context(request, municipality) if municipality else {}
    return render(request, "403.html", {**context, "message": message}, status=403)
