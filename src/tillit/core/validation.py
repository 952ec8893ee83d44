"""Input rules shared by every way in (API, forms, CLI, imports) and the output side's guards.

Text: control characters U+0001–U+001F other than tab, line feed and carriage return have no
meaning in what a municipality writes, and XML 1.0 (Atom, XLSX, Word) cannot
hold them, so they are refused on input (`text_problem`, `validate_text`) and stripped on output
by every export (`xml_safe`), so that an old row can never make an export fail. NUL is refused
at the door (core.middleware.RejectNulMiddleware).

Dates: accepted from 1900-01-01 to 2100-12-31 (`DATE_MIN`, `DATE_MAX`); year 1 or 9999 is a
typing mistake, and date arithmetic near the ends of Python's range overflows.

Spreadsheets: a text cell that starts with = + - @, tab or carriage return is a formula to
Excel and LibreOffice (CSV injection); `spreadsheet_text` neutralises it as OWASP recommends.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy

from .errors import ValidationFailed

# C0 controls except tab (09), line feed (0A) and carriage return (0D), as XML 1.0 allows. NUL
# is included so the rule is complete where the middleware is not in the way (CLI, imports).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_MESSAGE = gettext_lazy(
    "Texten innehåller ett otillåtet styrtecken (U+{code:04X}). Ta bort det och försök igen."
)

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
# Formatted when used ({value}, {low}, {high}), so the message is in the user's language.
DATE_MESSAGE = gettext_lazy("Datumet {value} ligger utanför det tillåtna intervallet {low}–{high}.")
YEAR_MESSAGE = gettext_lazy("Året {value} ligger utanför det tillåtna intervallet {low}–{high}.")

# OWASP "CSV injection": cells starting with these are formulas (or become formulas).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


# --- text -------------------------------------------------------------------------------------


def text_problem(value: str) -> str | None:
    """The Swedish message for a forbidden control character in `value`, else None."""
    found = CONTROL_CHARS.search(value)
    return CONTROL_MESSAGE.format(code=ord(found.group())) if found else None


def validate_text(value) -> None:
    """Django validator (forms, model fields): refuse control characters."""
    if isinstance(value, str):
        message = text_problem(value)
        if message:
            raise DjangoValidationError(message, code="control_character")


def check_texts(**fields) -> None:
    """For services and imports: raise ValidationFailed naming every text field that holds a
    forbidden control character (`check_texts(title=..., what=...)`)."""
    errors = {
        name: message
        for name, value in fields.items()
        if isinstance(value, str) and (message := text_problem(value))
    }
    if errors:
        raise ValidationFailed(errors)


def find_control_text(data, path: str = "") -> tuple[str, str] | None:
    """(path, message) of the first string in decoded JSON `data` (nested dicts and lists) that
    holds a forbidden control character; keys count too. Paths look like `items[2].title`."""
    if isinstance(data, str):
        message = text_problem(data)
        return (path or "body", message) if message else None
    if isinstance(data, dict):
        for key, value in data.items():
            sub = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and (message := text_problem(key)):
                return sub, message
            found = find_control_text(value, sub)
            if found:
                return found
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found = find_control_text(value, f"{path}[{i}]")
            if found:
                return found
    return None


def xml_safe(value):
    """`value` with forbidden control characters removed (strings only; others unchanged).
    For output: Atom, XLSX and Word cannot carry them."""
    if isinstance(value, str) and CONTROL_CHARS.search(value):
        return CONTROL_CHARS.sub("", value)
    return value


# --- dates ------------------------------------------------------------------------------------


def date_problem(value: date | None) -> str | None:
    if value is None or DATE_MIN <= value <= DATE_MAX:
        return None
    return DATE_MESSAGE.format(
        value=value.isoformat(), low=DATE_MIN.isoformat(), high=DATE_MAX.isoformat()
    )


def year_problem(year: int | None) -> str | None:
    if year is None or DATE_MIN.year <= year <= DATE_MAX.year:
        return None
    return YEAR_MESSAGE.format(value=year, low=DATE_MIN.year, high=DATE_MAX.year)


def validate_date(value) -> None:
    """Django validator (form DateFields): 1900-01-01 – 2100-12-31."""
    if isinstance(value, date):
        message = date_problem(value)
        if message:
            raise DjangoValidationError(message, code="date_range")


def check_dates(**fields) -> None:
    """For services, selectors and commands: raise ValidationFailed naming every date outside
    1900-01-01 – 2100-12-31 (`check_dates(start=..., end=...)`)."""
    errors = {
        name: message
        for name, value in fields.items()
        if isinstance(value, date) and (message := date_problem(value))
    }
    if errors:
        raise ValidationFailed(errors)


# --- spreadsheets -----------------------------------------------------------------------------


def formula_like(value: str) -> bool:
    """Would a spreadsheet read this text as a formula? A plain signed number ("-12", "+3.5")
    is data, not a formula."""
    return value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value)


def spreadsheet_text(value):
    """A text value for a CSV cell: control characters removed, and a formula-like start
    neutralised with a leading apostrophe (OWASP). Non-strings pass unchanged."""
    value = xml_safe(value)
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value
