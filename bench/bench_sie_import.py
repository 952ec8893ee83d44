"""Benchmark: `sie_file_import` of a generated SIE 4 file into PostgreSQL vs a plain COPY.

    TILLIT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tillit \\
        python bench/bench_sie_import.py [--transactions N] [--rounds R]

Creates a throw-away test database (Django's test-database machinery, ``test_<name>``), then
measures in the same run, best of ``rounds``:

* baseline: ``COPY ... FROM STDIN`` (psycopg ``cursor.copy``) of the file's counted
  transactions — one row each (voucher month, object of dim 1, object of dim 6, account, amount)
  — prepared in memory beforehand (not timed), into an unindexed table;
* ``sie_file_import(municipality=..., path=..., replace=True)``: hashing, streaming parse,
  aggregation per month × object × project × account class, and the insert of the aggregated
  rows, all in one transaction.

ratio = baseline_time / import_time (target >= 0.5). The import writes far fewer rows than
COPY because it aggregates while streaming; that is the design, and what the ratio measures.
``scanner`` tells which SIE fast path ran (``"c"`` or ``"python"``, see
``tillit.economy.sie.summary.SCANNER``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
BENCH = Path(__file__).resolve().parent
for p in (SRC, BENCH):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

TARGET = 0.5
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/tillit"


def _django():
    os.environ.setdefault("TILLIT_DATABASE_URL", DEFAULT_PG)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tillit.config.settings.test")
    import django

    django.setup()


def _copy_rows(path) -> bytes:
    """TSV of the counted transactions (not timed)."""
    from tillit.economy.sie.parser import SieReader, Voucher, format_ore

    out = io.StringIO()
    for rec in SieReader(path):
        if isinstance(rec, Voucher):
            month = f"{rec.date.year:04d}-{rec.date.month:02d}-01"
            for t in rec.transactions:
                obj = (t.object_for("1") or "").replace("\t", " ")
                proj = (t.object_for("6") or "").replace("\t", " ")
                out.write(f"{month}\t{obj}\t{proj}\t{t.account}\t{format_ore(t.amount_ore)}\n")
    return out.getvalue().encode()


def run(transactions: int = 1_000_000, *, seed: int = 1, rounds: int = 3) -> list[dict]:
    _django()
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        return [
            {
                "name": "sie_import_vs_copy",
                "value": None,
                "unit": "s",
                "baseline": None,
                "ratio": None,
                "target": TARGET,
                "meets_target": False,
                "note": "not run: TILLIT_DATABASE_URL is not PostgreSQL",
                "scanner": None,
            }
        ]
    from bench_sie import sie_file

    from tillit.economy.sie.summary import SCANNER

    path = sie_file(transactions, seed)
    old_name = connection.settings_dict["NAME"]
    # A name of its own, so a concurrent test run on test_<name> is never touched.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_bench_sie_import"
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from tillit.economy.imports import sie_file_import
        from tillit.organisation.services import municipality_create

        municipality = municipality_create(slug="bench", name="Bench", code="9998")
        data = _copy_rows(path)
        with connection.cursor() as cur:
            cur.execute(
                "CREATE TABLE bench_copy (month date, object text, project text, "
                "account text, amount numeric(16,2))"
            )
        copy_times, import_times = [], []
        stored_rows = 0
        for _ in range(rounds):
            with connection.cursor() as cur:
                cur.execute("TRUNCATE bench_copy")
            t0 = time.perf_counter()
            with (
                transaction.atomic(),
                connection.cursor() as cur,
                cur.copy("COPY bench_copy FROM STDIN") as copy,
            ):
                for start in range(0, len(data), 1 << 20):
                    copy.write(data[start : start + (1 << 20)])
            copy_times.append(time.perf_counter() - t0)
            from tillit.economy.models import ActualLine, BudgetLine, ImportBatch

            ActualLine.objects.all().delete()
            BudgetLine.objects.all().delete()
            ImportBatch.objects.update(replaced_by=None)
            ImportBatch.objects.all().delete()
            t0 = time.perf_counter()
            result = sie_file_import(municipality=municipality, path=path)
            import_times.append(time.perf_counter() - t0)
            stored_rows = result.rows + result.budget_rows
            with connection.cursor() as cur:
                cur.execute("SELECT count(*) FROM bench_copy")
                copied = cur.fetchone()[0]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    base, imp = min(copy_times), min(import_times)
    ratio = base / imp
    return [
        {
            "name": "sie_import_vs_copy",
            "value": round(imp, 4),
            "unit": "s",
            "baseline": round(base, 4),
            "ratio": round(ratio, 3),
            "target": TARGET,
            "meets_target": ratio >= TARGET,
            "transactions": transactions,
            "copied_rows": copied,
            "import_stored_rows": stored_rows,
            "rounds": rounds,
            "database": test_name,
            "baseline_method": "psycopg cursor.copy of the counted transactions (prepared TSV)",
            "scanner": SCANNER,
        }
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--transactions", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.transactions, seed=args.seed, rounds=args.rounds), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
