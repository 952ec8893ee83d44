"""Small helpers shared by the HTML views (thin adapters over selectors and services)."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation

from tillit.accounts.permissions import can_register_any
from tillit.core import fragments
from tillit.core.errors import NotFound
from tillit.organisation.models import Municipality
from tillit.organisation.selectors import municipality_get


def municipality_or_404(slug: str) -> Municipality:
    try:
        return municipality_get(slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from None


def municipality_for_page(request, slug: str) -> Municipality:
    """municipality_or_404 for a page that keeps its content until the data changes
    (core.fragments): the data version comes in the same query."""
    found = fragments.municipality_with_version(request, slug)
    if found is None:
        return municipality_or_404(slug)  # the usual 404
    return found


def page_context(request, municipality: Municipality, **extra) -> dict:
    """Context every municipality page needs for the header and navigation."""
    user = request.user
    can_register = bool(
        user.is_authenticated
        and fragments.remembered(
            request, municipality, "can_register", lambda: can_register_any(user, municipality)
        )
    )
    header_name = ""
    if user.is_authenticated:
        from tillit.accounts.templatetags.people import public_name_of

        # The header's "Name (office)": kept like the menu's answer, not read on every page;
        # per language, since the office is translated.
        header_name = fragments.remembered(
            request,
            municipality,
            f"header_name.{translation.get_language()}",
            lambda: public_name_of(user),
        )
    return {
        "municipality": municipality,
        "can_register": can_register,
        "header_name": header_name,
        **extra,
    }


_PK_SENTINEL = 987654321  # a pk no row has


def pk_url(viewname: str, municipality_slug: str):
    """``pk -> reverse(viewname, municipality=slug, pk=pk)``, HTML-escaped, reversing once: for
    tags that write a link per row (one ``{% url %}`` per row was a good part of a list's
    rendering; docs/performance.md)."""
    from django.urls import reverse
    from django.utils.html import escape

    kwargs = {"municipality": municipality_slug, "pk": _PK_SENTINEL}
    prefix, suffix = (
        escape(part) for part in reverse(viewname, kwargs=kwargs).split(str(_PK_SENTINEL))
    )
    return lambda pk: f"{prefix}{int(pk)}{suffix}"


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
