"""Benchmark: public pages on the national dataset vs a bare Django view, same server, same run.

    TILLIT_NATIONAL_URL=postgres://postgres@127.0.0.1:5432/tillit_national \\
        python bench/bench_pages.py [--seconds 10] [--connections 32]

Needs the national dataset (``tillit generate --municipalities 290 ...``) and ``wrk`` (Debian
package ``wrk``). Starts the production server (``tillit serve``: gunicorn, gthread, default
workers) on a free loopback port against that database, then drives each URL with ``wrk`` and
``--connections`` concurrent clients (default 32):

* baseline: ``/ping`` (a bare view: ``HttpResponse("ok")``, no database, no template), measured
  before and after the pages; the baseline is the mean of the two;
* the public assignment list ``/<kommun>/uppdrag/``, one assignment's detail page (one with
  reports and history) and the barometer page when the barometer app serves one.

The server runs the production settings, so anonymous visitors get the public-page cache
(tillit.core.public_cache, 15 s); a second server with ``TILLIT_PUBLIC_CACHE_SECONDS=0`` measures
the same pages rendered on every request, reported as ``uncached_*`` beside the result.

ratio = page requests/s ÷ bare-view requests/s (target ≥ 0.25 per page); p50/p95/p99 latency
from wrk's own histogram (a small Lua ``done`` hook). Non-2xx answers are reported and make
the page fail its target.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NATIONAL = "postgres://postgres@127.0.0.1:5432/tillit_national"
TARGET = 0.25
MUNICIPALITY = "kommun-0145"

_LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %f, "p50_ms": %f, "p95_ms": %f, "p99_ms": %f, '
    .. '"errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, errors, summary.errors.status))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 - loopback only
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _wrk(url: str, seconds: int, connections: int, script: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON ") :])
    data["rps"] = data["requests"] / data["seconds"]
    return data


def _detail_pk(env: dict) -> int | None:
    code = (
        "import django;django.setup();"
        "from tillit.followup.models import Report;"
        f"r=Report.objects.filter(municipality__slug='{MUNICIPALITY}').order_by('id').first();"
        "print(r.assignment_id if r else '')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    ).stdout.strip()
    return int(out) if out.isdigit() else None


def _not_run(note: str) -> list[dict]:
    return [
        {
            "name": "page_throughput_vs_bare_view",
            "value": None,
            "unit": "req/s",
            "baseline": None,
            "ratio": None,
            "target": TARGET,
            "meets_target": False,
            "note": note,
        }
    ]


class _Server:
    """``tillit serve`` on a free loopback port, in its own process group."""

    def __init__(self, env: dict) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "tillit", "serve", "--host", "127.0.0.1"]
        self.proc = subprocess.Popen(
            [*cmd, "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(120):
            time.sleep(0.5)
            try:
                if _get(self.base + "/ping") == 200:
                    return
            except OSError:
                continue
        self.stop()
        raise RuntimeError("tillit serve did not answer on /ping")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def _measure(env: dict, pages: dict, seconds: int, connections: int, script: str):
    """(bare-view runs before and after, {page: wrk result}) on one server."""
    server = _Server(env)
    try:
        for path in pages.values():  # warm every worker's caches
            for _ in range(6):
                _get(server.base + path)
        bare = [_wrk(server.base + "/ping", seconds, connections, script)]
        measured = {
            name: _wrk(server.base + path, seconds, connections, script)
            for name, path in pages.items()
        }
        bare.append(_wrk(server.base + "/ping", seconds, connections, script))
    finally:
        server.stop()
    return bare, measured


def run(seconds: int = 10, connections: int = 32) -> list[dict]:
    if shutil.which("wrk") is None:
        return _not_run("not run: wrk is not installed (apt-get install wrk)")
    env = {
        **os.environ,
        "TILLIT_DATABASE_URL": os.environ.get("TILLIT_NATIONAL_URL", NATIONAL),
        "DJANGO_SETTINGS_MODULE": "tillit.config.settings.production",
        "TILLIT_DEBUG": "0",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("TILLIT_PUBLIC_CACHE_SECONDS", None)  # the production default
    pk = _detail_pk(env)
    if pk is None:
        return _not_run(f"not run: no generated data ({MUNICIPALITY}); run tillit generate")
    pages = {
        "assignment_list": f"/{MUNICIPALITY}/uppdrag/",
        "assignment_detail": f"/{MUNICIPALITY}/uppdrag/{pk}/",
    }
    probe = _Server(env)
    try:
        barometer = next(
            (
                c
                for c in (f"/{MUNICIPALITY}/barometer/", f"/{MUNICIPALITY}/styrbarometer/")
                if _get(probe.base + c) == 200
            ),
            None,
        )
    finally:
        probe.stop()
    if barometer:
        pages["barometer"] = barometer
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_LUA)
        script = fh.name
    try:
        bare, measured = _measure(env, pages, seconds, connections, script)
        # The same pages rendered every time (public-page cache off), for the record.
        off = {**env, "TILLIT_PUBLIC_CACHE_SECONDS": "0"}
        bare_off, uncached = _measure(off, pages, max(seconds // 2, 3), connections, script)
    finally:
        os.unlink(script)
    bare_rps = sum(b["rps"] for b in bare) / len(bare)
    bare_off_rps = sum(b["rps"] for b in bare_off) / len(bare_off)
    results = []
    for name, m in measured.items():
        ratio = m["rps"] / bare_rps
        u = uncached[name]
        results.append(
            {
                "name": "page_throughput_vs_bare_view",
                "page": name,
                "url": pages[name],
                "value": round(m["rps"], 1),
                "unit": "req/s",
                "baseline": round(bare_rps, 1),
                "ratio": round(ratio, 3),
                "target": TARGET,
                "meets_target": ratio >= TARGET and m["non2xx"] == 0 and m["errors"] == 0,
                "p50_ms": round(m["p50_ms"], 1),
                "p95_ms": round(m["p95_ms"], 1),
                "p99_ms": round(m["p99_ms"], 1),
                "errors": m["errors"],
                "non2xx": m["non2xx"],
                "bare_rps_before_after": [round(b["rps"], 1) for b in bare],
                "bare_p50_ms": round(bare[0]["p50_ms"], 1),
                "uncached_rps": round(u["rps"], 1),
                "uncached_ratio": round(u["rps"] / bare_off_rps, 4),
                "uncached_p50_p95_p99_ms": [
                    round(u["p50_ms"], 1),
                    round(u["p95_ms"], 1),
                    round(u["p99_ms"], 1),
                ],
                "uncached_bare_rps": round(bare_off_rps, 1),
                "connections": connections,
                "seconds": seconds,
                "server": "tillit serve (gunicorn gthread, 3 workers x 4 threads), production "
                "settings: public-page cache 15 s for anonymous visitors",
            }
        )
    if not barometer:
        results.extend(_not_run("barometer: not run, no barometer page is served yet"))
        results[-1]["page"] = "barometer"
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    print(json.dumps(run(args.seconds, args.connections), indent=2))
