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
(tillit.core.public_cache, 15 s); a second server with ``TILLIT_PUBLIC_CACHE_SECONDS=0`` and
``TILLIT_FRAGMENT_CACHE=0`` measures the same pages rendered on every request, reported as
``uncached_*`` beside the result.

ratio = page requests/s ÷ bare-view requests/s (target ≥ 0.25 per page); p50/p95/p99 latency
from wrk's own histogram (a small Lua ``done`` hook). Non-2xx answers are reported and make
the page fail its target.

``page_signed_in_vs_bare_view`` (issue 16): the pages people who work in Tillit use, requested
by a signed-in user (a session cookie made for one of the generated users, plus a CSRF cookie as
a browser sends it) on the server with the public-page cache off (a session never gets it anyway):
the assignment list, an assignment, the barometer, a body's economy page (KS), the inbox and the
decision list. Each is driven at 8 and at 32 concurrent clients; the ratio at each is page
requests/s ÷ ``/ping`` requests/s at the same concurrency on the same server. The load of a
shared machine swings within seconds, so each page runs in three short runs interleaved with
runs of the bare view (bare, page, bare, page, bare, page, bare) and is compared with those;
p50/p95/p99 are the request-weighted means of the three runs'. Target ≥ 0.05 at both. Every
page is checked first to answer 200 with the user's name in the header (a redirect to the login
page would otherwise look like a fast page to wrk, which counts only 4xx/5xx as errors). The
pages keep their rendered content until the municipality's data changes
(tillit.core.fragments); ``cold`` beside each result is the same page on a third server with
that off (``TILLIT_FRAGMENT_CACHE=0``, 32 clients): what the first view after every change
costs.
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
SIGNED_IN_TARGET = 0.05
SIGNED_IN_CONNECTIONS = (8, 32)
COLD_CONNECTIONS = 32
MUNICIPALITY = "kommun-0145"
# The generated users (tillit generate): the KF secretary sees every page below; the inbox
# is the secretary's too (reports awaiting decision and overdue reports: the longest inbox).
SIGNED_IN_USER = f"{MUNICIPALITY}-sekreterare"
# A CSRF cookie as a browser keeps it (a 32-character secret).
CSRF_COOKIE = "benchcsrfbenchcsrfbenchcsrfbench"

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


def _wrk(url: str, seconds: int, connections: int, script: str, cookie: str = "") -> dict:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script]
        + headers
        + [url],
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


def _signed_in_setup(env: dict) -> dict | None:
    """A session for SIGNED_IN_USER in the server's session store, and the slug of KS:
    {"session": key, "cookie_name": ..., "csrf_cookie_name": ..., "body": slug}."""
    code = f"""
import json, django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from importlib import import_module
from tillit.organisation.models import Body
user = get_user_model().objects.filter(username={SIGNED_IN_USER!r}).first()
body = Body.objects.filter(municipality__slug={MUNICIPALITY!r}, slug="ks").first()
if user is None or body is None:
    print("{{}}")
else:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    print(json.dumps({{"session": store.session_key, "cookie_name": settings.SESSION_COOKIE_NAME,
                      "csrf_cookie_name": settings.CSRF_COOKIE_NAME, "body": body.slug}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    ).stdout.strip()
    found = json.loads(out.splitlines()[-1]) if out else {}
    return found or None


def _signed_in_check(base: str, path: str, cookie: str) -> str | None:
    """None when the page answers 200 to the signed-in user, else what went wrong."""
    req = urllib.request.Request(base + path, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310 - loopback only
            body = resp.read().decode("utf-8", "replace")
            if resp.status != 200 or resp.url != base + path:
                return f"answered {resp.status} at {resp.url}"
    except urllib.error.HTTPError as exc:
        return f"answered {exc.code}"
    if SIGNED_IN_USER not in body:
        return "the page does not show the signed-in user"
    return None


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


def _combined(runs: list[dict]) -> dict:
    """Several short wrk runs as one: requests/s over their total time; the latency
    percentiles as the request-weighted mean of each run's (wrk cannot merge histograms)."""
    requests = sum(r["requests"] for r in runs)
    out = {
        "requests": requests,
        "seconds": sum(r["seconds"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "non2xx": sum(r["non2xx"] for r in runs),
    }
    out["rps"] = requests / out["seconds"]
    for key in ("p50_ms", "p95_ms", "p99_ms"):
        out[key] = sum(r[key] * r["requests"] for r in runs) / max(requests, 1)
    return out


def _measure_signed_in(
    env: dict, pages: dict, cookie: str, seconds: int, script: str, connections=None, rounds=3
):
    """On one server (public-page cache off), per number of clients and page: ``rounds`` short
    runs of the page, each between two short runs of the bare view (bare, page, bare, page, …,
    bare). The load of a shared machine swings within seconds; interleaving compares each part
    of the page's time with the bare view measured right next to it. Returns
    ({connections: {page: combined bare runs}}, {connections: {page: combined page runs}},
    {page: what went wrong} for pages that failed their check)."""
    server = _Server(env)
    page_seconds = max(-(-seconds // rounds), 3)
    bare_seconds = 2
    try:
        failed = {n: e for n, p in pages.items() if (e := _signed_in_check(server.base, p, cookie))}
        for path in pages.values():  # warm every worker
            for _ in range(6):
                _signed_in_check(server.base, path, cookie)
        bare, measured = {}, {}
        for conns in connections or SIGNED_IN_CONNECTIONS:
            bare[conns], measured[conns] = {}, {}
            for name, path in pages.items():
                if name in failed:
                    continue
                bares = [_wrk(server.base + "/ping", bare_seconds, conns, script)]
                runs = []
                for _ in range(rounds):
                    runs.append(_wrk(server.base + path, page_seconds, conns, script, cookie))
                    bares.append(_wrk(server.base + "/ping", bare_seconds, conns, script))
                bare[conns][name] = _combined(bares)
                measured[conns][name] = _combined(runs)
    finally:
        server.stop()
    return bare, measured, failed


def _signed_in_results(pages, bare, measured, failed, seconds, cold=None) -> list[dict]:
    results = []
    for name, path in pages.items():
        entry = {
            "name": "page_signed_in_vs_bare_view",
            "page": name,
            "url": path,
            "user": SIGNED_IN_USER,
            "unit": "req/s",
            "target": SIGNED_IN_TARGET,
            "server": "tillit serve (gunicorn gthread, 3 workers x 4 threads), production "
            "settings, public-page cache off (TILLIT_PUBLIC_CACHE_SECONDS=0); signed in by a "
            "session cookie",
        }
        if name in failed:
            entry.update(value=None, ratio=None, meets_target=False, note=failed[name])
            results.append(entry)
            continue
        ok = True
        for conns in SIGNED_IN_CONNECTIONS:
            m = measured[conns][name]
            bare_rps = bare[conns][name]["rps"]
            ratio = m["rps"] / bare_rps
            ok = ok and ratio >= SIGNED_IN_TARGET and m["non2xx"] == 0 and m["errors"] == 0
            entry[f"c{conns}"] = {
                "rps": round(m["rps"], 1),
                "bare_rps": round(bare_rps, 1),
                "seconds": round(m["seconds"], 1),
                "ratio": round(ratio, 4),
                "p50_ms": round(m["p50_ms"], 1),
                "p95_ms": round(m["p95_ms"], 1),
                "p99_ms": round(m["p99_ms"], 1),
                "errors": m["errors"],
                "non2xx": m["non2xx"],
            }
        if cold is not None and name in cold[1].get(COLD_CONNECTIONS, {}):
            # For the record: the same page with the stored copies off (TILLIT_FRAGMENT_CACHE=0),
            # i.e. what the first view after every change costs.
            c = cold[1][COLD_CONNECTIONS][name]
            cold_bare = cold[0][COLD_CONNECTIONS][name]["rps"]
            entry["cold"] = {
                "connections": COLD_CONNECTIONS,
                "rps": round(c["rps"], 1),
                "bare_rps": round(cold_bare, 1),
                "ratio": round(c["rps"] / cold_bare, 4),
                "p50_ms": round(c["p50_ms"], 1),
                "p95_ms": round(c["p95_ms"], 1),
                "non2xx": c["non2xx"],
            }
        main = entry[f"c{SIGNED_IN_CONNECTIONS[-1]}"]  # the table shows 32 clients
        entry.update(
            value=main["rps"],
            baseline=main["bare_rps"],
            ratio=min(entry[f"c{c}"]["ratio"] for c in SIGNED_IN_CONNECTIONS),
            meets_target=ok,
        )
        results.append(entry)
    return results


def run(seconds: int = 10, connections: int = 32, signed_in_only: bool = False) -> list[dict]:
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
    off = {**env, "TILLIT_PUBLIC_CACHE_SECONDS": "0"}
    signed_in = _signed_in_setup(env)
    signed_pages = {}
    if signed_in:
        signed_pages = {
            "assignment_list": pages["assignment_list"],
            "assignment_detail": pages["assignment_detail"],
            "barometer": barometer or f"/{MUNICIPALITY}/barometer/",
            "economy_body": f"/{MUNICIPALITY}/ekonomi/organ/{signed_in['body']}/",
            "inbox": f"/{MUNICIPALITY}/uppfoljning/inkorg/",
            "decision_list": f"/{MUNICIPALITY}/beslut/",
        }
        cookie = (
            f"{signed_in['cookie_name']}={signed_in['session']}; "
            f"{signed_in['csrf_cookie_name']}={CSRF_COOKIE}"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_LUA)
        script = fh.name
    try:
        if signed_pages:
            signed = _measure_signed_in(off, signed_pages, cookie, seconds, script)
            cold_env = {**off, "TILLIT_FRAGMENT_CACHE": "0"}
            half = max(seconds // 2, 3)
            cold = _measure_signed_in(
                cold_env, signed_pages, cookie, half, script, (COLD_CONNECTIONS,), rounds=2
            )[:2]
        if signed_in_only:
            if not signed_pages:
                return []
            return _signed_in_results(signed_pages, *signed, seconds, cold)
        bare, measured = _measure(env, pages, seconds, connections, script)
        # The same pages rendered every time (public-page cache off, and the stored page
        # contents of tillit.core.fragments too), for the record.
        rendered = {**off, "TILLIT_FRAGMENT_CACHE": "0"}
        bare_off, uncached = _measure(rendered, pages, max(seconds // 2, 3), connections, script)
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
    if signed_pages:
        results.extend(_signed_in_results(signed_pages, *signed, seconds, cold))
    else:
        results.extend(_not_run(f"not run: no generated user {SIGNED_IN_USER} or body ks"))
        results[-1].update(name="page_signed_in_vs_bare_view", target=SIGNED_IN_TARGET)
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--signed-in-only", action="store_true", help="only the signed-in pages")
    args = ap.parse_args()
    print(json.dumps(run(args.seconds, args.connections, args.signed_in_only), indent=2))
