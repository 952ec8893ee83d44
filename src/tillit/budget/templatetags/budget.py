from decimal import Decimal

from django import template

from tillit.core.formatting import SMALL_AMOUNT, amount_mnkr, rounded

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ line.by_kind|get:kind }}"""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def belopp(value) -> str:
    """A budget amount: '12,3 mnkr', or '23 tkr' when it is not zero but below 0,1 mnkr (the
    shared formatter, core.formatting.amount_mnkr)."""
    return amount_mnkr(value)


@register.filter
def belopp_change(value) -> str:
    """A change to a frame, always signed and always in mnkr: '+24,7 mnkr', '−3,0 mnkr' (never
    '(24,7 mnkr)', which reads as a negative); below 0,1 mnkr with three decimals, '+0,023 mnkr',
    so a cell never mixes '0,8 mnkr' with '23 tkr'. '0,0 mnkr' for no change, '–' for none."""
    if value in (None, ""):
        return "–"
    value = Decimal(value)
    if not value:
        return amount_mnkr(value)
    places = 3 if abs(value) < SMALL_AMOUNT else 1
    text = rounded(value / Decimal(1_000_000), places, grouping=True)
    return f"{'+' if value > 0 else ''}{text}\u00a0mnkr"
