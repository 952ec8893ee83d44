"""The `tillit sie import` adapter: calls imports.sie_file_import and prints the outcome."""

from __future__ import annotations

import os
import sys
import time

from tillit.core.errors import TillitError

from .imports import SieImportError, sie_file_import
from .sie.parser import excerpt


class _Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        share = done / total if total else 1
        bar = "#" * int(share * 30)
        self.stream.write(f"\r  läser [{bar:<30}] {share:6.1%}")
        self.stream.flush()
        if done >= total:
            self.stream.write("\n")


def _isatty(stream) -> bool:
    target = getattr(stream, "_out", stream)
    return bool(getattr(target, "isatty", lambda: False)())


def handle_import(path, *, municipality, mapping, dry_run, replace, stdout, stderr) -> int:
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
    progress = _Progress(sys.stderr) if _isatty(stderr) and sys.stderr.isatty() else None
    try:
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
        for key, msg in getattr(exc, "errors", {}).items():
            if msg != exc.message:
                stderr.write(f"  {key}: {msg}\n")
        return 1
    except OSError as exc:
        stderr.write(f"sie import: kan inte läsa {path}: {exc.strerror or exc}\n")
        return 1
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
