"""Template helpers shared by every app: accessible form fields, money, status badges, links."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from tillit.core.formatting import rounded

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
    return f"{number_format(Decimal(value).normalize(), force_grouping=True)} " + _("årsarbetare")


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
