"""Template helpers shared by every app: accessible form fields, money, status badges, links."""

from __future__ import annotations

import functools
from decimal import Decimal
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tillit.core.formatting import date_long, decision_reference, rounded, typographic_minus

register = template.Library()

# Designsystemet colours per assignment status (data-color on .ds-tag).
STATUS_COLORS = {
    "decided": "info",
    "in_progress": "warning",
    "reported": "accent",
    "completed": "success",
    "cancelled": "neutral",
}


@register.simple_tag
def field_widget(bound_field, extra_describedby: str = ""):
    """Render a form widget with aria-invalid and aria-describedby pointing at its hint, its error
    message and any extra live region (the ids match core/_field.html)."""
    auto_id = bound_field.auto_id
    described = []
    if bound_field.help_text:
        described.append(f"{auto_id}-hint")
    attrs = {}
    if bound_field.errors:
        described.append(f"{auto_id}-error")
        attrs["aria-invalid"] = "true"
    if extra_describedby:
        described.append(extra_describedby)
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if "class" not in bound_field.field.widget.attrs:  # every widget is the design system's
        attrs["class"] = "ds-input"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def field_kind(bound_field) -> str:
    """How core/_field.html draws a field: "choices" (radio group, checkbox list: a fieldset),
    "searchable" (core.widgets.SearchableCheckboxSelectMultiple, inside such a fieldset),
    "checkbox" (one box, label beside it) or "input" (label above the widget)."""
    from django import forms

    from tillit.core.widgets import SearchableCheckboxSelectMultiple

    widget = bound_field.field.widget
    if isinstance(widget, SearchableCheckboxSelectMultiple):
        return "searchable"
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def anchor(bound_field) -> str:
    """The id an error summary links to for a field (core.forms.field_anchor): its input, or
    the first box of a radio group or a list of checkboxes."""
    from tillit.core.forms import field_anchor

    return field_anchor(bound_field)


@register.simple_tag
def choices_widget(bound_field):
    """A widget that draws its own list of choices (SearchableCheckboxSelectMultiple) inside
    core/_choices.html's fieldset, which carries the hint and the error: each box is only
    marked invalid."""
    attrs = {"aria-invalid": "true"} if bound_field.errors else {}
    return bound_field.as_widget(attrs=attrs)


@register.filter
def sek(value) -> str:
    """1234567 -> '1 234 567 kr'."""
    if value in (None, ""):
        return ""
    return f"{rounded(value, grouping=True)} kr"


@register.filter
def fte(value) -> str:
    if value in (None, ""):
        return ""
    number = typographic_minus(number_format(Decimal(value).normalize(), force_grouping=True))
    return f"{number} " + _("årsarbetare")


@register.filter
def num(value) -> str:
    """15300 -> '15 300' (digit groups with a no-break space, a minus sign), for counts such as
    the population; decimals stay as many as the value has."""
    if value in (None, ""):
        return ""
    return typographic_minus(number_format(Decimal(value), force_grouping=True))


def iso_date(day) -> str:
    """A date as <time class="tl-date"> in ISO form, which never wraps at its hyphens."""
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    return f'<time class="tl-date" datetime="{text}">{text}</time>'


@register.filter
def isodate(value):
    """date or datetime (local time) -> '<time class="tl-date" ...>2026-11-23</time>'."""
    if value in (None, ""):
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return mark_safe(iso_date(value))  # noqa: S308 - digits and hyphens only


@register.filter
def longdate(value, language=None) -> str:
    """date or datetime -> '23 november 2026' (English: '23 November 2026') for running text;
    ``|longdate:"sv"`` in a document that is always Swedish."""
    return date_long(value, language or None)


@register.filter
def ref(decision) -> str:
    """A decision's reference, 'KF 2026 § 2', with no-break spaces."""
    return decision_reference(decision) if decision is not None else ""


@register.simple_tag
def status_tag(status: str, label: str):
    color = STATUS_COLORS.get(status, "neutral")
    return format_html(
        '<span class="ds-tag tl-status" data-color="{}" data-status="{}">{}</span>',
        color,
        status,
        label,
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def target_label(target) -> str:
    """A recipient (body or office) for display."""
    return str(target) if target is not None else ""


@register.filter
def units_only(nodes):
    """Org-chart office nodes without chiefs: a förvaltningschef is shown under the body it
    answers to, not again under the kommundirektör."""
    return [n for n in nodes or [] if not n["office"].is_chief]


# The main menu's links (core/_nav.html), in its order.
_NAV_URLS = (
    "organisation:start",
    "organisation:chart",
    "assignments:list",
    "decisions:list",
    "decisions:register",
    "economy:overview",
    "barometer:index",
    "portal:kpis",
    "portal:search",
    "followup:inbox",
)


@functools.lru_cache(maxsize=1024)
def _nav_paths(slug: str, prefix: str, urlconf) -> frozenset:
    return frozenset(reverse(name, kwargs={"municipality": slug}) for name in _NAV_URLS)


@functools.lru_cache(maxsize=4096)
def _nav_html(slug, language, prefix, urlconf, current, signed_in, can_register) -> str:
    return render_to_string(
        "core/_nav.html",
        {
            "municipality": SimpleNamespace(slug=slug),
            "request": SimpleNamespace(path=current),
            "user": SimpleNamespace(is_authenticated=signed_in),
            "can_register": can_register,
        },
    )


@register.simple_tag(takes_context=True)
def nav_menu(context):
    """The main menu. It depends only on the municipality's slug, the language, whether the
    user is signed in and may register decisions, and which of its links is the current page,
    so it is rendered once per combination (a dozen {% url %} and {% translate %} less per
    page; docs/performance.md)."""
    municipality = context.get("municipality")
    if not municipality:
        return ""
    request = context.get("request")
    user = context.get("user")
    values = {
        "municipality": municipality,
        "request": request,
        "user": user,
        "can_register": context.get("can_register"),
    }
    if settings.DEBUG or request is None:  # templates may change while developing
        return render_to_string("core/_nav.html", values)
    prefix, urlconf = get_script_prefix(), get_urlconf()
    slug = municipality.slug
    current = request.path if request.path in _nav_paths(slug, prefix, urlconf) else ""
    return _nav_html(
        slug,
        translation.get_language(),
        prefix,
        urlconf,
        current,
        bool(user is not None and user.is_authenticated),
        bool(context.get("can_register")),
    )
