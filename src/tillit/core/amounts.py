"""Numbers as people write them in Swedish: kronor, årsarbetare, indicator values.

One parser and one limit for every service that takes a number from a form, an API call or a
file. Never float arithmetic: the result is a Decimal.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# From 10^13 kronor (ten thousand billion) up, a number is a typing mistake, not a municipal
# amount. Every amount column holds what is below it (assignments and reports: 14 digits;
# economy and indicators: 14 before the decimals).
MAX_AMOUNT = Decimal("1e13")


def _decimals(places: int) -> str:
    words = {0: "utan decimaler", 1: "med högst en decimal", 2: "med högst två decimaler"}
    return words.get(places, f"med högst {places} decimaler")


class AmountError(ValueError):
    """Why a value is no acceptable number: `reason` is one of the constants below. The message
    is Swedish and quotes the value; services with their own wording map `reason`."""

    INVALID = "invalid"  # not a (finite) number
    NEGATIVE = "negative"
    DECIMALS = "decimals"  # more decimals than allowed (strict)
    TOO_LARGE = "too_large"  # |value| >= MAX_AMOUNT

    def __init__(self, value, reason: str, *, places: int = 2) -> None:
        text = f"”{value}”"
        message = {
            self.INVALID: f"{text} är inget belopp",
            self.NEGATIVE: f"{text} kan inte vara negativt",
            self.DECIMALS: f"{text} är inget belopp {_decimals(places)}",
            self.TOO_LARGE: f"{text} är orimligt stort",
        }[reason]
        super().__init__(message)
        self.value = value
        self.reason = reason


def _normalised(text: str) -> str:
    """'1 234 567,50' -> '1234567.50'; '−5' (U+2212) -> '-5'. A comma is the decimal sign only
    when it is the only one and there is no point ('1,234.5' stays invalid)."""
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return text


def amount_parse(
    value: Decimal | int | float | str,
    *,
    places: int = 2,
    strict: bool = False,
    negative: bool = True,
) -> Decimal:
    """'1 234 567,50', '1234567.5', 1200, Decimal('0.5') -> Decimal with `places` decimals.

    Spaces and no-break spaces between digit groups, a decimal comma and the typographic minus
    are accepted. More decimals than `places` are rounded (half to even), or with `strict` an
    error, as is a float (ledger amounts must not be silently changed). `negative=False` refuses
    numbers below zero. The absolute value must be below MAX_AMOUNT. Raises AmountError.
    """
    if isinstance(value, bool) or (strict and isinstance(value, float)):
        raise AmountError(value, AmountError.INVALID, places=places)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    else:  # str, or a float by its shortest repr (0.1 is 0.1)
        try:
            number = Decimal(_normalised(str(value)))
        except InvalidOperation:
            raise AmountError(value, AmountError.INVALID, places=places) from None
    if not number.is_finite():
        raise AmountError(value, AmountError.INVALID, places=places)
    if not negative and number < 0:
        raise AmountError(value, AmountError.NEGATIVE, places=places)
    # The size first: quantizing a huge number exceeds the decimal context's precision.
    if abs(number) >= MAX_AMOUNT:
        raise AmountError(value, AmountError.TOO_LARGE, places=places)
    step = Decimal(1).scaleb(-places)
    if strict and number != number.quantize(step):
        raise AmountError(value, AmountError.DECIMALS, places=places)
    return number.quantize(step)


def amount_input(value) -> str:
    """A number as a Swedish user types it into a form field, and as amount_parse reads it back:
    Decimal('21100.00') -> '21 100', Decimal('1234.50') -> '1 234,5' (thousands grouped with a
    space, decimal comma, no trailing zeros). '' for None; text is returned as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    number = Decimal(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign, text = ("-", f"{-number:f}") if number < 0 else ("", f"{number:f}")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    grouped = " ".join([whole, *groups])
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
