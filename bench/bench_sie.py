"""Benchmark: ``sie summary`` on a generated SIE 4 file vs plain line splitting.

    python bench/bench_sie.py [--transactions N] [--seed S] [--rounds R]

Generates (and caches, by size and seed) a SIE 4 file in the temp directory, then
measures in the same run, interleaved, best of ``rounds``:

* baseline: read the file as text in its encoding (cp437) and ``str.split()`` every line;
* ``summarize(path)`` from ``tillit.economy.sie.summary``.

``scanner`` in the results tells which fast path ran: ``"c"`` (the ``_fastscan`` extension)
or ``"python"`` (not built, or ``TILLIT_SIE_SCANNER=python``).

ratio = baseline_time / summary_time (target >= 0.33). Peak memory is the maximum RSS
of a fresh Python process that imports the module and runs ``summarize`` once (so it
includes the interpreter itself, ~10-20 MB).

``sie_summary_vs_pysie`` times PyPI ``pysie-accounting`` (``PySIE().open``) in a subprocess of
a separate virtualenv (var/bench-pysie-venv, created on first use with pandas, which it imports
without declaring) on a UTF-8 copy whose ``#VER`` lines have the quoted shape its regular
expression needs, against ``summarize`` on the same file; it is reported as not met when pysie
does not find the file's vouchers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from tillit.economy.sie.generate import generate_sie  # noqa: E402
from tillit.economy.sie.summary import SCANNER, summarize  # noqa: E402

TARGET_RATIO = 0.33
TARGET_PYSIE = 10.0
MEMORY_LIMIT_MB = 300


def sie_file(transactions: int, seed: int = 1, encoding: str = "cp437") -> Path:
    """The generated file for this size and seed, created once and cached."""
    folder = Path(tempfile.gettempdir()) / "tillit-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"sie4_{transactions}_{seed}_{encoding}.se"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        generate_sie(tmp, transactions=transactions, seed=seed, encoding=encoding)
        os.replace(tmp, path)
    return path


def baseline_split(path: Path, encoding: str = "cp437") -> int:
    n = 0
    with open(path, encoding=encoding) as fh:
        for line in fh:
            line.split()
            n += 1
    return n


def _timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


_PEAK_SCRIPT = """
import resource, sys
sys.path.insert(0, {src!r})
from tillit.economy.sie.summary import summarize
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
summarize({path!r})
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, after)
"""


def peak_memory_mb(path: Path) -> tuple[float, float]:
    """(peak RSS of the whole process, RSS before summarize) in MB, in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK_SCRIPT.format(src=str(SRC), path=str(path))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    before_kb, after_kb = int(out[0]), int(out[1])
    return after_kb / 1024, before_kb / 1024


def run(transactions: int = 1_000_000, *, seed: int = 1, rounds: int = 5) -> list[dict]:
    path = sie_file(transactions, seed)
    summarize(path)  # warm the page cache and imports
    base_times, sum_times = [], []
    for _ in range(rounds):
        base_times.append(_timed(baseline_split, path))
        sum_times.append(_timed(summarize, path))
    base, summ = min(base_times), min(sum_times)
    peak, interp = peak_memory_mb(path)
    # Independent of file size: the same measurement on a file a tenth the size.
    small = max(1, transactions // 10)
    peak_small, _ = peak_memory_mb(sie_file(small, seed))
    ratio = base / summ
    results = [
        {
            "name": "sie_summary_vs_line_split",
            "value": round(summ, 4),
            "unit": "s",
            "baseline": round(base, 4),
            "ratio": round(ratio, 3),
            "target": TARGET_RATIO,
            "meets_target": ratio >= TARGET_RATIO and peak < MEMORY_LIMIT_MB,
            "peak_memory_mb": round(peak, 1),
            "interpreter_rss_mb": round(interp, 1),
            f"peak_memory_mb_{small}_transactions": round(peak_small, 1),
            "transactions": transactions,
            "rows_per_second": round(transactions / summ),
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "rounds": rounds,
            "baseline_method": "text mode (cp437) + str.split() per line",
            "scanner": SCANNER,
        }
    ]
    results.append(_vs_pysie(transactions, seed, summ))
    return results


PYSIE_VENV = Path(__file__).resolve().parent.parent / "var" / "bench-pysie-venv"

# Run inside the separate virtualenv: pysie-accounting imports pandas without declaring it and
# installs a top-level ``test`` package that shadows the stdlib's, so it never enters .venv.
_PYSIE_SCRIPT = """
import json, sys, time
import pandas as pd
from pysie_accounting.pysie import PySIE
sie = PySIE()
sie.dftrans = pd.DataFrame(columns=["SRU", "Ink2"])  # it merges with an SRU table at the end
t0 = time.perf_counter()
try:
    sie.open(sys.argv[1])
    note = "pysie open() completed"
except Exception as exc:
    note = f"pysie open() raised {type(exc).__name__}: {exc}"[:300]
seconds = time.perf_counter() - t0
verifikat = getattr(sie, "verifikat", {}) or {}
print(json.dumps({"seconds": seconds, "note": note, "vouchers": len(verifikat)}))
"""


def _pysie_python() -> Path:
    """The separate virtualenv's python, created (pysie-accounting + pandas) when missing."""
    python = PYSIE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PYSIE_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "pysie-accounting", "pandas"],
            check=True,
        )
    return python


def pysie_file(transactions: int, seed: int) -> Path:
    """A UTF-8 copy pysie can read: its #VER pattern needs quoted series and number and a
    regdatum (``#VER "A" "1" 20230102 "text" 20230102``), which SIE allows."""
    src = sie_file(transactions, seed, encoding="utf-8")
    path = src.with_name(src.stem + "_pysie.se")
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with open(src, encoding="utf-8") as fin, open(tmp, "w", encoding="utf-8") as fout:
            for line in fin:
                if line.startswith("#VER "):
                    _tag, serie, nr, day, rest = line.rstrip("\n").split(" ", 4)
                    last = rest.rsplit(" ", 1)[-1]
                    if not (last.isdigit() and len(last) == 8):
                        rest = f"{rest} {day}"  # regdatum, which pysie's pattern requires
                    line = f'#VER "{serie}" "{nr}" {day} {rest}\n'
                fout.write(line)
        os.replace(tmp, path)
    return path


def _vs_pysie(transactions: int, seed: int, summary_seconds: float) -> dict:
    entry = {
        "name": "sie_summary_vs_pysie",
        "value": round(summary_seconds, 4),
        "unit": "s",
        "baseline": None,
        "ratio": None,
        "target": TARGET_PYSIE,
        "meets_target": False,
        "transactions": transactions,
        "scanner": SCANNER,
    }
    try:
        python = _pysie_python()
    except (OSError, subprocess.CalledProcessError) as exc:
        entry["note"] = f"not run: could not create {PYSIE_VENV} with pysie-accounting ({exc})"
        return entry
    path = pysie_file(transactions, seed)
    ours = summarize(path)
    t_ours = min(_timed(summarize, path) for _ in range(2))
    proc = subprocess.run(
        [str(python), "-c", _PYSIE_SCRIPT, str(path)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        entry["note"] = "pysie failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:300]
        return entry
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    t_pysie = got["seconds"]
    ratio = t_pysie / t_ours
    parsed = got["vouchers"] == ours["vouchers"]
    note = got["note"] + f"; pysie found {got['vouchers']} of {ours['vouchers']} vouchers"
    if not parsed:
        note += " (it could not parse this file, so the target is not met)"
    entry.update(
        value=round(t_ours, 4),
        baseline=round(t_pysie, 4),
        ratio=round(ratio, 2),
        meets_target=parsed and ratio >= TARGET_PYSIE,
        note=note,
        file="UTF-8, #VER with quoted series/number and regdatum (pysie's pattern)",
        isolation=f"pysie runs in its own virtualenv ({PYSIE_VENV.name}) in a subprocess",
    )
    return entry


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--transactions", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    results = run(args.transactions, seed=args.seed, rounds=args.rounds)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(f"{r['name']}:")
        for k, v in r.items():
            if k != "name":
                print(f"  {k:20} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
