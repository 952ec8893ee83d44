"""`tillit restore FILE`: replace the database's contents with a snapshot from `tillit backup`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tillit.core import backup


class Command(BaseCommand):
    help = "Replace the whole database with the snapshot FILE written by `tillit backup`."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            backup.restore(Path(file))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Databasen återställd från {file}. Kontrollera med `tillit audit verify`."
        )
