"""`tillit sie summary FILE [--dim 1] [--json]` — a controller's check of an SIE 4 file."""

import sys

from django.core.management.base import BaseCommand

from tillit.economy.sie import cli


class Command(BaseCommand):
    help = "Work with SIE 4 files from the accounting system."
    requires_system_checks = []  # reading a file needs no database

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cli.add_arguments(sub.add_parser("summary", help="Summarise a file before import"))

    def handle(self, *args, action, **options):
        if action == "summary":
            status = cli.handle_summary(
                options["file"], options["dim"], options["as_json"], self.stdout, self.stderr
            )
            if status:
                sys.exit(status)
