from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()

# Amounts keep number and unit together (no-break space), as Swedish typography wants.


@register.filter
def mnkr(value) -> str:
    """12345678.90 -> '12,3 mnkr' (one decimal, Swedish formatting)."""
    if value in (None, ""):
        return "–"
    return f"{number_format(Decimal(value) / Decimal(1_000_000), decimal_pos=1)}\u00a0mnkr"


@register.filter
def kr(value) -> str:
    if value in (None, ""):
        return "–"
    return f"{number_format(Decimal(value), decimal_pos=0, force_grouping=True)}\u00a0kr"


@register.filter
def pct(value) -> str:
    if value in (None, ""):
        return "–"
    return f"{number_format(Decimal(value) * 100, decimal_pos=0)}\u00a0%"
