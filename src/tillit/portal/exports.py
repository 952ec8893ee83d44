"""One export helper for every public list: CSV, JSON and Excel with the same columns, and the
licence in the metadata (a JSON envelope, an "Om datat" sheet, a CSV comment-free header kept
plain so spreadsheets read it; the licence goes in the HTTP Link header for CSV). The economy
pages' spreadsheet downloads use it too (``download=True``).

Every export is safe to open (docs/openness.md): control characters that an old row may hold are
stripped (XML, so Excel, cannot carry them), and text a spreadsheet would run as a formula
(= + - @, tab, CR first) is neutralised as OWASP recommends — in CSV with a leading apostrophe,
in Excel as a text cell with the quote prefix (the apostrophe Excel itself uses), so the value
is shown as written and never evaluated. JSON is data, not a spreadsheet: it stays exact."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone

from tillit.core.csvfile import csv_text, plain_value
from tillit.core.validation import formula_like, xml_safe
from tillit.organisation.models import Municipality

from .published import data_licence

# One CSV convention for every export (docs/openness.md): "csv" is for Swedish Excel
# (semicolon, decimal comma, UTF-8 with BOM), "komma.csv" the plain variant for programs
# (comma, decimal point, UTF-8 without BOM). Same columns, same rows, same neutralised text.
PLAIN_CSV = "komma.csv"
FORMATS = ("csv", PLAIN_CSV, "json", "xlsx")
DOWNLOAD_FORMATS = ("csv", PLAIN_CSV, "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    PLAIN_CSV: "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    key: str  # JSON key and CSV header (stable, English, snake_case)
    value: Callable[[object], object]
    label: str = ""  # human label for the Excel sheet (Swedish)


def _cell(value):
    """Excel keeps numbers and dates typed; text loses control characters."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, bool | int | float | str | date):
        return value
    return str(value)


def export_metadata(*, municipality: Municipality, dataset: str, url: str) -> dict:
    licence = data_licence(municipality=municipality)
    return {
        "dataset": dataset,
        "publisher": municipality.name,
        "source": url,
        "licence": {"id": licence.id, "name": licence.name, "url": licence.url},
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
    }


def export_response(
    fmt: str,
    *,
    municipality: Municipality,
    dataset: str,
    columns: list[Column],
    rows: Iterable,
    source_url: str,
    download: bool = False,
) -> HttpResponse:
    """``rows`` as CSV, JSON or Excel, one column per ``columns``.

    ``download=True`` is for a page's own table offered as a spreadsheet (the economy pages)
    rather than an open-data list: CSV (both variants) or Excel only, the columns' labels as the
    header, an attachment named ``<dataset>.<fmt>``, and
    neither the licence metadata nor the CORS header of the open-data lists.
    """
    if fmt not in (DOWNLOAD_FORMATS if download else FORMATS):
        raise Http404("Okänt format.")
    if download:
        return _download(fmt, dataset, columns, list(rows))
    meta = export_metadata(municipality=municipality, dataset=dataset, url=source_url)
    rows = list(rows)
    filename = f"{municipality.slug}-{dataset}.{fmt}"
    if fmt in ("csv", PLAIN_CSV):
        body: bytes | str = _csv([c.key for c in columns], columns, rows, excel=fmt == "csv")
    elif fmt == "json":
        table = [[plain_value(c.value(row)) for c in columns] for row in rows]
        items = [dict(zip([c.key for c in columns], r, strict=True)) for r in table]
        body = json.dumps({**meta, "count": len(items), "items": items}, ensure_ascii=False)
    else:
        cells = [[_cell(c.value(row)) for c in columns] for row in rows]
        body = _xlsx(meta["dataset"], [c.key for c in columns], cells, meta)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if meta["licence"]["url"]:
        response["Link"] = f'<{meta["licence"]["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _download(fmt: str, name: str, columns: list[Column], rows: list) -> HttpResponse:
    header = [c.label for c in columns]
    if fmt in ("csv", PLAIN_CSV):
        body: bytes | str = _csv(header, columns, rows, excel=fmt == "csv")
    else:
        body = _xlsx(name, header, [[_cell(c.value(row)) for c in columns] for row in rows])
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _csv(header: list[str], columns: list[Column], rows: list, *, excel: bool) -> str:
    return csv_text(header, ([c.value(row) for c in columns] for row in rows), excel=excel)


def _xlsx(title: str, header: list[str], table: list[list], meta: dict | None = None) -> bytes:
    """One sheet (``title``); with ``meta``, the "Om datat" sheet with the licence."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = xml_safe(title)[:31]
    _append(ws, header)
    for r in table:
        _append(ws, r)
    if meta is not None:
        about = wb.create_sheet("Om datat")
        _append(about, ["Datamängd", meta["dataset"]])
        _append(about, ["Utgivare", meta["publisher"]])
        _append(about, ["Källa", meta["source"]])
        _append(about, ["Licens", f"{meta['licence']['name']} ({meta['licence']['id']})"])
        _append(about, ["Licenstext", meta["licence"]["url"]])
        _append(about, ["Skapad", meta["generated_at"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _append(ws, values: list) -> None:
    """One row; a text that Excel would take for a formula stays text (a string cell with the
    quote prefix), whatever openpyxl guessed from its first character."""
    ws.append([_cell(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and (cell.data_type == "f" or formula_like(cell.value)):
            cell.data_type = "s"
            cell.quotePrefix = True
