from decimal import Decimal

from django import template

from tillit.core.formatting import rounded

register = template.Library()

# Amounts keep number and unit together (no-break space), as Swedish typography wants.


@register.filter
def mnkr(value) -> str:
    """1377912345.6 -> '1 377,9 mnkr' (one decimal, digit groups, a minus sign)."""
    if value in (None, ""):
        return "–"
    return f"{rounded(Decimal(value) / Decimal(1_000_000), 1, grouping=True)}\u00a0mnkr"


@register.filter
def kr(value) -> str:
    if value in (None, ""):
        return "–"
    return f"{rounded(value, grouping=True)}\u00a0kr"


@register.filter
def pct(value) -> str:
    if value in (None, ""):
        return "–"
    return f"{rounded(Decimal(value) * 100, grouping=True)}\u00a0%"
