"""`tillit sie summary|import` — check an SIE 4 file, then import it.

    tillit sie summary FILE [--dim 1] [--json]
    tillit sie import FILE --municipality SLUG [--mapping CSV] [--dry-run] [--replace] [--json]

Exit status: 0 done (or already imported), 1 unreadable file / refused (period already
imported, unknown municipality, invalid mapping), 2 broken SIE file (line number and content
printed; nothing stored).
"""

import sys

from django.core.management.base import BaseCommand

from tillit.economy.sie import cli


class Command(BaseCommand):
    help = "Work with SIE 4 files from the accounting system."
    requires_system_checks = []  # reading a file needs no database

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cli.add_arguments(sub.add_parser("summary", help="Summarise a file before import"))
        imp = sub.add_parser("import", help="Import actuals and #PBUDGET budget from a file")
        imp.add_argument("file", metavar="FILE", help="SIE 4 file (.se/.si)")
        imp.add_argument("--municipality", required=True, metavar="SLUG")
        imp.add_argument("--mapping", metavar="CSV", help="object mapping CSV applied first")
        imp.add_argument("--dry-run", action="store_true", help="check and report; store nothing")
        imp.add_argument(
            "--replace", action="store_true", help="supersede imports of the same period"
        )
        imp.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="print the result as JSON",
        )

    def handle(self, *args, action, **options):
        if action == "summary":
            status = cli.handle_summary(
                options["file"], options["dim"], options["as_json"], self.stdout, self.stderr
            )
        else:
            from tillit.economy.importcli import handle_import

            status = handle_import(
                options["file"],
                municipality=options["municipality"],
                mapping=options["mapping"],
                dry_run=options["dry_run"],
                replace=options["replace"],
                as_json=options["as_json"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
        if status:
            sys.exit(status)
