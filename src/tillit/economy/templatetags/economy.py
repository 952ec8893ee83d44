from decimal import Decimal

from django import template

from tillit.core.formatting import rounded

register = template.Library()

# Amounts keep number and unit together (no-break space), as Swedish typography wants.


@register.filter
def mnkr(value) -> str:
    """12345678.90 -> '12,3 mnkr' (one decimal, Swedish formatting)."""
    if value in (None, ""):
        return "–"
    return f"{rounded(Decimal(value) / Decimal(1_000_000), 1)}\u00a0mnkr"


@register.filter
def kr(value) -> str:
    if value in (None, ""):
        return "–"
    return f"{rounded(value, grouping=True)}\u00a0kr"


@register.filter
def pct(value) -> str:
    if value in (None, ""):
        return "–"
    return f"{rounded(Decimal(value) * 100)}\u00a0%"
