"""The project's one CSV convention (docs/openness.md), for every app that writes CSV.

Swedish Excel (``excel=True``): ';', decimal comma, UTF-8 with a BOM so Excel reads å, ä, ö.
For programs (``excel=False``, the ``komma.csv`` variant): ',', decimal point, no BOM (it would
end up in the first column's name). Text a spreadsheet would run as a formula is neutralised
(core.validation.spreadsheet_text); numbers and dates are written as in JSON, never prefixed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from .validation import spreadsheet_text


def plain_value(value):
    """A value as JSON and CSV write it: Decimal as digits, times in local time, dates ISO."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def csv_value(value, *, excel: bool = False):
    """A CSV field: text neutralised; for Swedish Excel a decimal comma, which it reads as a
    number (with a point it would read 0.5 as a date or as text)."""
    if isinstance(value, str):
        return spreadsheet_text(value)
    plain = plain_value(value)
    if excel and isinstance(value, Decimal | float):
        return str(plain).replace(".", ",")
    return plain


def csv_text(header: Iterable, rows: Iterable[Iterable], *, excel: bool) -> str:
    """``header`` and ``rows`` (iterables of values) as CSV text in the project's convention."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([csv_value(h) for h in header])
    for row in rows:
        values = (csv_value(v, excel=excel) for v in row)
        writer.writerow(["" if v is None else v for v in values])
    return ("\ufeff" if excel else "") + out.getvalue()
