"""Body abbreviations explained where they are shown (review P3-23): KF, KS, BUN… mean nothing
to most citizens, so an abbreviation is written ``<abbr title="Kommunfullmäktige">KF</abbr>``."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from tillit.core.formatting import decision_reference

register = template.Library()


def abbr_html(body) -> str:
    """The body's short label with its full name as the abbreviation's title; the name alone when
    the body has no abbreviation. Escaped (safe HTML)."""
    if body is None:
        return ""
    if body.short_name and body.short_name != body.name:
        return format_html('<abbr title="{}">{}</abbr>', body.name, body.short_name)
    return format_html("{}", body.name)


@register.filter
def body_abbr(body) -> str:
    """``{{ a.issuer|body_abbr }}``."""
    return abbr_html(body)


@register.filter
def ref_abbr(decision) -> str:
    """``{{ d|ref_abbr }}``: 'KF 2026 § 2' (as ``|ref``, no-break spaces) with KF explained."""
    if decision is None:
        return ""
    ref = decision_reference(decision)
    short = decision.body.short_name
    label = short.replace(" ", "\u00a0") if short else ""
    if not short or short == decision.body.name or not ref.startswith(label):
        return format_html("{}", ref)
    return format_html("{}{}", abbr_html(decision.body), ref[len(label) :])


@register.filter
def abbreviated(bodies) -> list:
    """The bodies that have an abbreviation, for a legend ("KF = Kommunfullmäktige, …")."""
    return [b for b in bodies or [] if b.short_name and b.short_name != b.name]
