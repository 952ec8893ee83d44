"""`tillit analyse` — the "vad, inte hur" check of directive texts from the command line.

    tillit analyse "Tekniska enheten ska flytta cykelställen."      # Swedish explanation
    tillit analyse "..." --json                                    # one JSON object
    tillit analyse --file texter.txt [--json]                      # one text per line
    tillit analyse --backfill --municipality vimmerby              # store missing analyses

With ``--file`` the output keeps the input's order, one result per line (JSON Lines with
``--json``). An empty line gives an error object in its place,
``{"line": 3, "error": {"code": "invalid", "detail": "Texten är tom ..."}}``, the other lines are
still analysed, and the command exits with status 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from tillit.analysis.analyser import (
    AnalysisInputError,
    analyse,
    explain,
    validate_text,
)
from tillit.analysis.render import marked_text


class Command(BaseCommand):
    help = (
        "Analyserar styrande texter (uppdrag, beslut, frågor): ligger de på vad- eller hur-nivå, "
        "vilka formuleringar anger metod, och vad saknas i ett bra uppdrag?"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("text", nargs="*", help="Texten som ska analyseras.")
        parser.add_argument(
            "--file", "-f", help="En fil med en text per rad ('-' läser från standard in)."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Skriv JSON (JSON Lines med --file).",
        )
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Analysera och spara en kommuns beslut och uppdrag som saknar analys.",
        )
        parser.add_argument("--municipality", help="Kommunens kortnamn (slug) för --backfill.")
        parser.add_argument(
            "--force", action="store_true", help="Med --backfill: analysera alla på nytt."
        )

    def fail(self, message: str, status: int = 2):
        self.stderr.write(message)
        sys.exit(status)

    def handle(self, *args, text, file, as_json, backfill, municipality, force, **options):
        if backfill:
            if text or file:
                self.fail("--backfill tar ingen text eller fil.")
            return self.handle_backfill(municipality, force)
        if text and file:
            self.fail("Ange antingen en text eller --file, inte båda.")
        if file:
            return self.handle_file(file, as_json)
        if not text:
            self.fail(
                'Ange en text att analysera, t.ex. tillit analyse "Nämnden uppdrar åt ...", '
                "eller --file FIL med en text per rad."
            )
        joined = " ".join(text)
        try:
            validate_text(joined)
        except AnalysisInputError as exc:
            self.fail(str(exc))
        result = analyse(joined)
        if as_json:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            self.write_readable(joined, result)

    def handle_file(self, file: str, as_json: bool):
        try:
            content = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except FileNotFoundError:
            self.fail(f"Filen {file} finns inte.")
        except IsADirectoryError:
            self.fail(f"{file} är en katalog, inte en fil.")
        except UnicodeDecodeError:
            self.fail(f"Filen {file} är inte UTF-8-text.")
        except OSError as exc:
            self.fail(f"Filen {file} kunde inte läsas: {exc.strerror}.")
        lines = content.splitlines()
        if not lines:
            self.fail(f"Filen {file} är tom.")
        errors = 0
        for number, line in enumerate(lines, start=1):
            try:
                validate_text(line)
            except AnalysisInputError as exc:
                errors += 1
                if as_json:
                    error = {"code": "invalid", "detail": str(exc)}
                    self.stdout.write(
                        json.dumps({"line": number, "error": error}, ensure_ascii=False)
                    )
                else:
                    self.stdout.write(f"Rad {number}: {exc}\n")
                continue
            result = analyse(line)
            if as_json:
                self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
            else:
                self.stdout.write(f"Rad {number}:")
                self.write_readable(line, result)
                self.stdout.write("")
        if errors:
            self.stderr.write(f"{errors} av {len(lines)} rader kunde inte analyseras.")
            sys.exit(1)

    def write_readable(self, text: str, result) -> None:
        ansi = self.stdout.isatty()
        self.stdout.write(marked_text(text, [f.to_dict() for f in result.findings], ansi=ansi))
        self.stdout.write("")
        self.stdout.write(explain(result))

    def handle_backfill(self, slug: str | None, force: bool):
        from tillit.analysis.services import text_analysis_backfill
        from tillit.organisation.models import Municipality

        if not slug:
            self.fail("--backfill behöver --municipality SLUG.")
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            self.fail(f"Kommunen {slug!r} finns inte.")
        stored = text_analysis_backfill(municipality=municipality, force=force)
        self.stdout.write(f"{stored} texter analyserades och sparades för {municipality.name}.")
