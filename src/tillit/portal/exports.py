"""One export helper for every public list: CSV, JSON and Excel with the same columns, and the
licence in the metadata (a JSON envelope, an "Om datat" sheet, a CSV comment-free header kept
plain so spreadsheets read it; the licence goes in the HTTP Link header for CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone

from tillit.organisation.models import Municipality

from .published import data_licence

FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    key: str  # JSON key and CSV header (stable, English, snake_case)
    value: Callable[[object], object]
    label: str = ""  # human label for the Excel sheet (Swedish)


def _plain(value):
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


def _cell(value):
    """Excel keeps numbers and dates typed."""
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
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Okänt format.")
    meta = export_metadata(municipality=municipality, dataset=dataset, url=source_url)
    rows = list(rows)
    table = [[_plain(c.value(row)) for c in columns] for row in rows]
    filename = f"{municipality.slug}-{dataset}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.key for c in columns])
        for r in table:
            writer.writerow(["" if v is None else v for v in r])
        body: bytes | str = "\ufeff" + out.getvalue()
    elif fmt == "json":
        items = [dict(zip([c.key for c in columns], r, strict=True)) for r in table]
        body = json.dumps({**meta, "count": len(items), "items": items}, ensure_ascii=False)
    else:
        body = _xlsx(columns, [[_cell(c.value(row)) for c in columns] for row in rows], meta)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if meta["licence"]["url"]:
        response["Link"] = f'<{meta["licence"]["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _xlsx(columns: list[Column], table: list[list], meta: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = meta["dataset"][:31]
    ws.append([c.key for c in columns])
    for r in table:
        ws.append(r)
    about = wb.create_sheet("Om datat")
    about.append(["Datamängd", meta["dataset"]])
    about.append(["Utgivare", meta["publisher"]])
    about.append(["Källa", meta["source"]])
    about.append(["Licens", f"{meta['licence']['name']} ({meta['licence']['id']})"])
    about.append(["Licenstext", meta["licence"]["url"]])
    about.append(["Skapad", meta["generated_at"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
