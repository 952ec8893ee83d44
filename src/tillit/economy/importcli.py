"""The `tillit sie import` adapter: calls imports.sie_file_import and prints the outcome."""

from __future__ import annotations

import json
import os

from tillit.core.cliprogress import terminal_progress
from tillit.core.errors import TillitError

from .imports import SieImportError, cli_hint, sie_file_import
from .sie.parser import excerpt


def _json_result(result) -> str:
    b = result.batch
    return json.dumps(
        {
            "status": result.status,
            "batch": b.pk if b is not None and b.pk else None,
            "rows": result.rows,
            "budget_rows": result.budget_rows,
            "unmapped": result.unmapped,
            "skipped": result.skipped,
            "replaced": [r.pk for r in result.replaced],
            "summary": result.summary,
        },
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )


def handle_import(
    path, *, municipality, mapping, dry_run, replace, stdout, stderr, as_json=False
) -> int:
    from tillit.organisation.models import Municipality

    m = Municipality.objects.filter(slug=municipality).first()
    if m is None:
        stderr.write(f"sie import: kommunen {municipality!r} finns inte.\n")
        return 1
    if not os.path.isfile(path):
        stderr.write(f"sie import: filen finns inte: {path}\n")
        return 1
    if mapping and not os.path.isfile(mapping):
        stderr.write(f"sie import: kopplingsfilen finns inte: {mapping}\n")
        return 1
    try:
        # A progress bar on a terminal only (never with --json or into a pipe).
        with terminal_progress("Läser filen", quiet=as_json, stdout=stdout, stderr=stderr) as bar:

            def progress(done, total):
                bar(done, total)
                if done >= total:
                    bar.stage("Sparar raderna")

            result = sie_file_import(
                municipality=m,
                path=path,
                mapping=mapping,
                dry_run=dry_run,
                replace=replace,
                progress=progress,
            )
    except SieImportError as exc:
        stderr.write(f"sie import: {path}: {exc.message}\n")
        return 2
    except TillitError as exc:
        stderr.write(f"sie import: {exc.message}\n")
        if hint := cli_hint(exc):
            stderr.write(f"  {hint}\n")
        for key, msg in getattr(exc, "errors", {}).items():
            if msg != exc.message:
                stderr.write(f"  {key}: {msg}\n")
        return 1
    except OSError as exc:
        stderr.write(f"sie import: kan inte läsa {path}: {exc.strerror or exc}\n")
        return 1
    if as_json:
        stdout.write(_json_result(result) + "\n")
        return 0
    if result.status == "already_imported":
        b = result.batch
        stdout.write(
            f"Filen är redan inläst ({b.file_name}, {b.created_at:%Y-%m-%d %H:%M}); "
            "inget ändrades.\n"
        )
        return 0
    s = result.summary
    verb = "Skulle läsa in" if dry_run else "Inläst"
    # text from the file is printed with its control characters escaped (no terminal sequences)
    company = excerpt(s["company"], 200) or "(inget #FNAMN)"
    stdout.write(
        f"{verb}: {company}, räkenskapsår "
        f"{s['fiscal_year']['start'] or '?'}–{s['fiscal_year']['end'] or '?'}: "
        f"{s['vouchers']} verifikationer, {s['transactions']} transaktioner → "
        f"{result.rows} utfallsrader och {result.budget_rows} budgetrader.\n"
    )
    if s["warnings"] or result.skipped["rows"]:
        stdout.write("Varningar (filen läses ändå in):\n")
        for w in s["warnings"]:
            where = f"rad {w['line']}: " if w["line"] else ""
            stdout.write(f"  {where}{w['message']}\n")
        if result.skipped["rows"]:
            stdout.write(
                f"  {result.skipped['rows']} rader utanför räkenskapsåret (månaderna "
                f"{', '.join(result.skipped['months'])}) läses inte in.\n"
            )
    for b in result.replaced:
        stdout.write(f"Ersätter tidigare import: {b.file_name} ({b.period_start:%Y-%m}).\n")
    if result.unmapped:
        stdout.write(
            f"{len(result.unmapped)} objekt saknar koppling till ett organ och ligger som "
            "”ej kopplade” tills de kopplas:\n"
        )
        for u in result.unmapped:
            obj = excerpt(u["object_id"], 40) or "—"
            stdout.write(f"  {obj:<12} {excerpt(u['name'], 60):<30} {u['amount']:>16}\n")
    if dry_run:
        stdout.write("Provkörning: inget sparades.\n")
    return 0
