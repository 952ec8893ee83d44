from decimal import Decimal

from django import template

from tillit.core.formatting import amount_mnkr, rounded

register = template.Library()

# Amounts keep number and unit together (no-break space), as Swedish typography wants.


@register.filter
def mnkr(value) -> str:
    """1377912345.6 -> '1 377,9 mnkr' (one decimal, digit groups, a minus sign)."""
    if value in (None, ""):
        return "–"
    return f"{rounded(Decimal(value) / Decimal(1_000_000), 1, grouping=True)}\u00a0mnkr"


@register.filter
def belopp(value) -> str:
    """Like mnkr, but a non-zero amount below 0,1 mnkr in tkr ('23 tkr', not '0,0 mnkr'):
    for amounts that may be small and must not read as nothing (frame changes)."""
    return amount_mnkr(value)


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
