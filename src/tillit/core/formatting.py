"""Numbers for people: rounded half up, then formatted in the active language.

Django's ``number_format(..., decimal_pos=n)`` cuts the extra decimals off instead of rounding
(-6.89 mnkr would show as -6,8), so every amount and share goes through :func:`rounded`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def rounded(value, places: int = 0, *, grouping: bool = False) -> str:
    exponent = Decimal(1).scaleb(-places)
    number = Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
    return number_format(number, decimal_pos=places, force_grouping=grouping)
