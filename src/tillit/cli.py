"""The `tillit` command (also `python -m tillit`).

A thin front over Django's management commands, so every command is also `manage.py <cmd>` and
shares the services with the web and the API. `tillit` without arguments lists Tillit's own
commands; Django's built-in ones (migrate, check, createsuperuser, ...) work too.
"""

from __future__ import annotations

import os
import sys

USAGE = """\
usage: tillit <command> [options]

Tillit — governance system for Swedish municipalities.

commands:
  serve [--host 127.0.0.1] [--port 8000] [--with-worker]
                                           serve the web app (gunicorn unless TILLIT_DEBUG=1);
                                           --with-worker also runs the job worker
  worker [--batch]                         run background jobs (imports, reports) until stopped
  demo [--reset]                           load the Vimmerby demo and print its logins
  migrate                                  create or update the database tables
  token create USER                        print a new API token for USER (last line)
  check [--deploy]                         check the configuration
  sie summary FILE [--dim 1] [--json]      summarise an SIE 4 file before import
  remind [--date YYYY-MM-DD] [--days 14]   send the day's follow-up reminders (run daily)
  arshjul list --municipality SLUG [--year Y] [--json]
  arshjul add --municipality SLUG --kind KIND --month M --day D [--title T] [--body SLUG]
                                           the governance year (årshjul): list or add events
  report --municipality SLUG [--body SLUG] --period 2025-DR --out FILE.pdf|FILE.docx
                                           the body's follow-up report (PDF/UA or Word); without
                                           --body and with Y-DR|Y-AR the whole municipality's
                                           delårsrapport/årsredovisning
  budget document --municipality SLUG --year 2027 --out FILE.pdf|FILE.docx
                                           Mål och budget: the adopted budget (PDF/UA or Word)
  budget verksamhetsplan --municipality SLUG --year 2027 --body SLUG --out FILE.pdf|FILE.docx
                                           a body's verksamhetsplan (the administration's answer)
  sie import FILE --municipality SLUG [--mapping CSV] [--dry-run] [--replace]
                                           import actuals and budget from an SIE 4 file
  economy import-frames|import-budget|import-actuals|import-mapping CSV --municipality SLUG
                                           import economy CSV files (docs/economy-csv.md)
  analyse [TEXT] [--file F] [--json]       "vad, inte hur" check of directive texts
  analyse --backfill --municipality SLUG   store analyses of existing decisions/assignments
  barometer --municipality SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--body SLUG] [--json]
                                           governance metrics per body and period
  kolada fetch --municipality 0884 --kpi N15428,U21468 --years 2019-2025
                                           fetch indicator values from Kolada (API v3)
  kolada bundle                            load the offline Kolada demo bundle
  minutes parse FILE [--json] [--municipality SLUG]
                                           read a protocol (PDF/DOCX/TXT): meeting, §, assignments
  minutes import DIR --municipality SLUG [--user USERNAME] [--accept-deviations] [--dry-run]
                                           register a folder of protocols (PDF/DOCX/TXT) in
                                           date order; report what needs a human, barometer
  generate --municipalities 290 --assignments 300 --years 8 --seed 1 [--reset]
                                           synthetic national dataset (PostgreSQL; benchmarks)
  createsuperuser, shell, ...              any Django management command

environment:
  TILLIT_DATABASE_URL   default sqlite:///./var/tillit.sqlite3 (postgres://... for production)
  TILLIT_SECRET_KEY     default: generated once into ./var/secret_key
  TILLIT_DEBUG          1 for development (default 0)
  TILLIT_ALLOWED_HOSTS  comma-separated host names (default 127.0.0.1,localhost)
"""


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "?"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    if args[0] == "--version":
        from tillit import __version__

        print(__version__)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tillit.config.settings.production")
    from django.core.management import execute_from_command_line

    from tillit.audit.context import set_actor

    set_actor(f"cli:{args[0]}:{_os_user()}")

    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(["tillit", *args])
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    except (OperationalError, ProgrammingError) as exc:
        # A database that was never migrated (or cannot be reached) is the administrator's next
        # step, not a bug: say which, plainly, instead of a traceback.
        print(f"tillit {args[0]}: {_database_problem(exc)}", file=sys.stderr)
        return 2
    return 0


def _database_problem(exc: Exception) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "no such table" in message or ("relation" in message and "does not exist" in message):
        return (
            f"the database has no Tillit tables yet ({message}). Run `tillit migrate` first "
            "(`make run` does it), then the command again."
        )
    return f"the database could not be used: {message}. Check TILLIT_DATABASE_URL."
