from decimal import Decimal

from django import template

from tillit.core.formatting import rounded
from tillit.economy.templatetags.economy import mnkr

register = template.Library()

SMALL = Decimal(100_000)  # below 0,1 mnkr one decimal of mnkr says "0,0": show tkr instead


@register.filter
def get(mapping, key):
    """{{ line.by_kind|get:kind }}"""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def belopp(value) -> str:
    """A budget amount: '12,3 mnkr', or '23 tkr' when it is not zero but below 0,1 mnkr."""
    if value in (None, ""):
        return "–"
    value = Decimal(value)
    if value and abs(value) < SMALL:
        return f"{rounded(value / Decimal(1000))}\u00a0tkr"
    return mnkr(value)
