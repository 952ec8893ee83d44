"""Benchmark: the governance barometer for 1 and for all generated municipalities.

    TILLIT_NATIONAL_URL=postgres://postgres@127.0.0.1:5432/tillit_national \\
        python bench/bench_barometer.py

Needs the national dataset (``tillit generate --municipalities 290 ...`` on that database).
Counts the SQL queries of ``barometer_compute`` (tillit.barometer.metrics) with
``CaptureQueriesContext`` for one municipality and for all of them over the generated years;
target: the same number (the query count must not grow with the number of municipalities).
value = the time for all municipalities (best of ``rounds``), baseline = the time for one.
Runs in a subprocess of its own so that its Django settings never mix with other benchmarks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
NATIONAL = "postgres://postgres@127.0.0.1:5432/tillit_national"
NAME = "barometer_national_queries_constant"


def _not_run(note: str) -> dict:
    return {
        "name": NAME,
        "value": None,
        "unit": "s",
        "baseline": None,
        "ratio": None,
        "target": "queries(290) == queries(1)",
        "meets_target": False,
        "note": note,
    }


def measure(rounds: int = 3) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tillit.config.settings.production")
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        from tillit.barometer.metrics import barometer_compute
    except ImportError as exc:
        return _not_run(f"not run: barometer_compute not importable ({exc})")
    from tillit.demo.generate import END_YEAR, generated_municipalities

    munis = list(generated_municipalities().order_by("slug"))
    if not munis:
        return _not_run("not run: no generated municipalities (run tillit generate)")
    start, end, today = date(END_YEAR, 1, 1), date(END_YEAR, 12, 31), date(END_YEAR + 1, 1, 15)

    def run(selection):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            barometer_compute(municipalities=selection, start=start, end=end, today=today)
            seconds = time.perf_counter() - t0
        return len(ctx.captured_queries), seconds

    run(munis[:1])  # warm-up (connection, imports)
    one = [run(munis[:1]) for _ in range(rounds)]
    everyone = [run(munis) for _ in range(rounds)]
    q1, qn = one[0][0], everyone[0][0]
    t1, tn = min(s for _, s in one), min(s for _, s in everyone)
    return {
        "name": NAME,
        "value": round(tn, 4),
        "unit": "s",
        "baseline": round(t1, 4),
        "ratio": round(qn / q1, 3),
        "target": "queries(290) == queries(1)",
        "meets_target": qn == q1,
        "queries_1": q1,
        f"queries_{len(munis)}": qn,
        "municipalities": len(munis),
        "period": f"{start}..{end}",
        "rounds": rounds,
        "ratio_meaning": "queries for all / queries for one (1.0 = constant)",
    }


def run() -> list[dict]:
    env = {**os.environ, "TILLIT_DATABASE_URL": os.environ.get("TILLIT_NATIONAL_URL", NATIONAL)}
    proc = subprocess.run(
        [sys.executable, __file__, "--json"], env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        return [_not_run(f"not run: {tail[0][:300]}")]
    return [json.loads(proc.stdout.strip().splitlines()[-1])]


if __name__ == "__main__":
    if "--json" in sys.argv:
        print(json.dumps(measure()))
    else:
        print(json.dumps(run(), indent=2))
