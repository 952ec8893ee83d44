"""Run every benchmark (bench/bench_*.py, each exposing `run() -> list[dict]`), write
bench/results.json and print a table.

Machines here are shared and noisy, so each benchmark reports a ratio against a baseline measured
in the same run; absolute numbers are context only.

    python bench/run.py                 # all benchmarks
    python bench/run.py analyse sie     # only modules whose name contains one of the words

A partial run keeps the other benchmarks' entries from the previous results.json, each marked
with the date of the run that measured it (``measured``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import platform
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))


def machine() -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    try:
        info["loadavg"] = [round(x, 2) for x in os.getloadavg()]
        with open("/proc/meminfo") as f:
            info["memory_gb"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def table(results: list[dict]) -> str:
    cols = ["name", "value", "unit", "baseline", "ratio", "target", "meets_target"]
    rows = [[_fmt(r.get(c)) for c in cols] for r in results]
    for row, r in zip(rows, results, strict=True):
        if r.get("page"):  # one benchmark, several pages
            row[0] = f"{row[0]} [{r['page']}]"
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)]
    line = " | ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))
    out = [line, "-|-".join("-" * w for w in widths)]
    out += [" | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(out)


def _earlier(results: list[dict], modules: list[str]) -> list[dict]:
    """The previous results.json's entries of the benchmarks this run did not measure."""
    path = HERE / "results.json"
    if not path.exists():
        return []
    old = json.loads(path.read_text())
    names = {r["name"] for r in results}
    when = old.get("machine", {}).get("date")
    return [
        {**r, "measured": r.get("measured", when)}
        for r in old.get("benchmarks", [])
        if r["name"] not in names and r.get("module") not in modules
    ]


def main(argv: list[str]) -> int:
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        modules = [m for m in modules if any(word in m for word in argv)]
    results, failed = [], []
    for name in modules:
        print(f"== {name}", flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            results.extend({**r, "module": name} for r in module.run())
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
            results.append({"name": name, "module": name, "error": "failed; see output"})
    if argv:
        results.extend(_earlier(results, modules))
    report = {"machine": machine(), "benchmarks": results}
    (HERE / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(table([r for r in results if "error" not in r]))
    print(f"\nmachine: {json.dumps(report['machine'])}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
