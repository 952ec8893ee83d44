from django import template

from tillit.core.formatting import amount_mnkr

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
