"""`tillit minutes parse|import` — read protocols, register them.

    tillit minutes parse FILE [--json] [--municipality SLUG]
    tillit minutes import DIR --municipality SLUG [--dry-run]

``parse`` needs no database unless ``--municipality`` asks for recipient matching. Exit status 2
for a file that is not readable minutes (the Swedish message says why).
"""

import sys

from django.core.management.base import BaseCommand

from tillit.minutes.reader import cli as reader_cli


class Command(BaseCommand):
    help = "Läs sammanträdesprotokoll (PDF, Word, text) och registrera deras beslut."
    requires_system_checks = []  # parsing a file needs no database

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reader_cli.add_arguments(sub.add_parser("parse", help="Read one protocol"))
        try:
            from tillit.minutes import importcli
        except ImportError:  # the registration side is not installed yet
            return
        importcli.add_arguments(sub.add_parser("import", help="Register a folder of protocols"))

    def handle(self, *args, action, **options):
        if action == "parse":
            organisation = None
            if options.get("municipality"):
                organisation = self.organisation(options["municipality"])
                if organisation is None:
                    self.stderr.write(f"minutes parse: okänd kommun: {options['municipality']}")
                    sys.exit(2)
            status = reader_cli.handle(options, self.stdout, self.stderr, organisation)
        else:
            from tillit.minutes import importcli

            status = importcli.handle_import(options, stdout=self.stdout, stderr=self.stderr)
        if status:
            sys.exit(status)

    def organisation(self, slug):
        from tillit.minutes.organisation import organisation_names
        from tillit.organisation.models import Municipality

        municipality = Municipality.objects.filter(slug=slug).first()
        return organisation_names(municipality) if municipality else None
