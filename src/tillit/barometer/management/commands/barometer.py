"""`tillit barometer --municipality SLUG [--body SLUG] --from DATE --to DATE [--json]`.

A thin adapter over barometer.selectors.barometer_get: the same numbers as GET /api/v1/barometer.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from tillit.barometer import selectors
from tillit.barometer.metrics import METRICS
from tillit.core.errors import TillitError
from tillit.organisation.selectors import body_get, municipality_get


def _fmt(metric, value) -> str:
    if value is None:
        return "–"
    if metric.kind == "share":
        return f"{value * 100:.1f} %".replace(".", ",")
    if metric.kind == "days":
        return f"{value:g}".replace(".", ",")
    if metric.kind == "sek":
        return f"{value:,} kr".replace(",", " ")
    return str(value)


class Command(BaseCommand):
    help = "Tillitsbarometern: styrningsmått per organ och period."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=False, help="Kommunens kortnamn (slug).")
        parser.add_argument("--body", help="Bara detta organ (kortnamn).")
        parser.add_argument("--from", dest="start", help="Från och med ÅÅÅÅ-MM-DD.")
        parser.add_argument("--to", dest="end", help="Till och med ÅÅÅÅ-MM-DD.")
        parser.add_argument("--preset", help="Förvald period, t.ex. term-2022, year-2025.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Skriv JSON.")

    def fail(self, message: str, status: int = 2):
        self.stderr.write(message)
        sys.exit(status)

    def handle(self, *args, municipality, body, start, end, preset, as_json, **options):
        if not municipality:
            self.fail("Ange --municipality SLUG.")
        try:
            m = municipality_get(slug=municipality)
            b = body_get(municipality=m, slug=body) if body else None
            period = (
                selectors.period_resolve(municipality=m, preset=preset, start=start, end=end)
                if (preset or start or end)
                else None
            )
            if period is None:
                self.fail("Ange --from ÅÅÅÅ-MM-DD och --to ÅÅÅÅ-MM-DD (eller --preset).")
            result = selectors.barometer_get(
                municipality=m, start=period.start, end=period.end, body=b
            )
        except TillitError as exc:
            errors = getattr(exc, "errors", None)
            detail = "; ".join(errors.values()) if errors else exc.message
            self.fail(detail, 1 if exc.status == 404 else 2)
        data = result.as_json()
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self._table(m, period, result, data)

    def _table(self, m, period, result, data):
        cols = ["Totalt"] + [b.label for b in result.bodies]
        rows = [
            (
                metric,
                [data["totals"][metric.name]]
                + [data["bodies"][b.slug][metric.name] for b in result.bodies],
            )
            for metric in METRICS
        ]
        width = max(len(metric.label) for metric in METRICS)
        self.stdout.write(f"Tillitsbarometern – {m.name}, {period.start} – {period.end}\n")
        col_w = [max(len(c), 8) for c in cols]
        self.stdout.write(
            " " * width + "  " + "  ".join(c.rjust(w) for c, w in zip(cols, col_w, strict=True))
        )
        for metric, values in rows:
            cells = [_fmt(metric, v).rjust(w) for v, w in zip(values, col_w, strict=True)]
            self.stdout.write(metric.label.ljust(width) + "  " + "  ".join(cells))
