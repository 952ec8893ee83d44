"""`tillit economy import-frames|import-budget|import-actuals|import-mapping CSV
--municipality SLUG [--replace]` — the CSV importers (docs/economy-csv.md). All or nothing.

Exit status: 0 imported, 1 refused (errors name the row; nothing stored).
"""

import os
import sys

from django.core.management.base import BaseCommand

from tillit.core.cliprogress import terminal_progress
from tillit.core.errors import TillitError
from tillit.economy import imports
from tillit.organisation.models import Municipality

ACTIONS = {
    "import-frames": "frames (body;year;amount;decision)",
    "import-budget": "internal budget (body;month;amount)",
    "import-actuals": "actuals without SIE (body;month;amount[;account_class][;project])",
    "import-mapping": "object mapping (dimension;object;body;assignment;name)",
}


class Command(BaseCommand):
    help = "Import economy CSV files: frames, budget, actuals, object mappings."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in ACTIONS.items():
            p = sub.add_parser(name, help=f"import {text}")
            p.add_argument("file", metavar="CSV")
            p.add_argument("--municipality", required=True, metavar="SLUG")
            if name in ("import-budget", "import-actuals"):
                p.add_argument("--replace", action="store_true")

    def handle(self, *args, action, file, municipality, **options):
        m = Municipality.objects.filter(slug=municipality).first()
        if m is None:
            self.stderr.write(f"economy: kommunen {municipality!r} finns inte.")
            sys.exit(1)
        if not os.path.isfile(file):
            self.stderr.write(f"economy: filen finns inte: {file}")
            sys.exit(1)
        name = os.path.basename(file)
        # CSV imports report no steps: on a terminal, a bar that shows the work is under way.
        with terminal_progress(f"Läser in {name}", stdout=self.stdout):
            message = self._run(action, m, file, name, options)
        self.stdout.write(message)

    def _run(self, action, m, file, name, options) -> str:
        try:
            if action == "import-frames":
                out = imports.frames_csv_import(actor=None, municipality=m, source=file)
                message = f"{len(out)} ramar inlästa."
            elif action == "import-mapping":
                out = imports.mappings_csv_import(actor=None, municipality=m, source=file)
                message = f"{len(out)} objektkopplingar inlästa."
            else:
                fn = (
                    imports.budget_csv_import
                    if action == "import-budget"
                    else imports.actuals_csv_import
                )
                batch = fn(
                    actor=None,
                    municipality=m,
                    source=file,
                    file_name=name,
                    replace=options.get("replace", False),
                )
                message = f"{batch.rows} rader inlästa ({name})."
        except TillitError as exc:
            self.stderr.write(f"economy: inget sparades. {exc.message}")
            if hint := imports.cli_hint(exc):
                self.stderr.write(f"  {hint}")
            for msg in getattr(exc, "errors", {}).values():
                if msg != exc.message:
                    self.stderr.write(f"  {msg}")
            sys.exit(1)
        return message
