"""Numbers for people: rounded half up, then formatted in the active language.

Django's ``number_format(..., decimal_pos=n)`` cuts the extra decimals off instead of rounding
(-6.89 mnkr would show as -6,8), so every amount and share goes through :func:`rounded`.

Only for display: a minus sign (U+2212) instead of a hyphen, digit groups separated by the
locale's separator (in Swedish a no-break space, so "1 377,9 mnkr" never wraps). CSV exports
and form values keep ASCII and go through their own formatting (portal.exports, core.amounts).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, timezone, translation
from django.utils.formats import number_format

MINUS = "\u2212"


def typographic_minus(text: str) -> str:
    """'-3,0' -> '−3,0': a hyphen is too short to read as a minus next to digits."""
    return MINUS + text[1:] if text.startswith("-") else text


def rounded(value, places: int = 0, *, grouping: bool = False) -> str:
    exponent = Decimal(1).scaleb(-places)
    number = Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # -0.04 rounds to 0,0, not "−0,0"
    return typographic_minus(number_format(number, decimal_pos=places, force_grouping=grouping))


def decision_reference(decision) -> str:
    """'KF 2026 § 2' with no-break spaces, so "§" never ends a line on its own."""
    return decision.reference.replace(" ", "\u00a0")


SMALL_AMOUNT = Decimal(100_000)  # below 0,1 mnkr, one decimal of mnkr would say "0,0"


def amount_mnkr(value) -> str:
    """An amount in kronor as people read budgets: '1 377,9 mnkr'; a non-zero amount below
    0,1 mnkr in thousands, '23 tkr' (Valnämnden's index, 23 000 kr, is not "0,0 mnkr"); zero
    is '0,0 mnkr'. '–' for no value."""
    if value in (None, ""):
        return "–"
    value = Decimal(value)
    if value and abs(value) < SMALL_AMOUNT:
        return f"{rounded(value / Decimal(1000), grouping=True)}\u00a0tkr"
    return f"{rounded(value / Decimal(1_000_000), 1, grouping=True)}\u00a0mnkr"


def date_long(value, language: str | None = None) -> str:
    """A date written out as in running text, '23 november 2026' in Swedish and
    '23 November 2026' in English: the active language, or ``language`` for a document that is
    always Swedish. A datetime is shown in local time. '' for no value. (Compact ISO dates,
    '2026-11-23', belong in narrow table columns only: ``|isodate``.)"""
    if value in (None, ""):
        return ""
    if hasattr(value, "hour"):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if language is None:
        return dateformat.format(value, "j F Y")
    with translation.override(language):
        return dateformat.format(value, "j F Y")
