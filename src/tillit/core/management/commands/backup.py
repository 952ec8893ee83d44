"""`tillit backup --out FILE`: a consistent snapshot of the whole database.

SQLite: the online backup API (consistent even while the web server writes). PostgreSQL:
pg_dump in its custom format (one transaction, so consistent as well). Restore with
`tillit restore FILE`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tillit.core import backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database to FILE (restore with `tillit restore`)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args, out, **options):
        try:
            path = backup.backup(Path(out))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Säkerhetskopia skriven: {path} ({path.stat().st_size} byte).")
