"""`make screenshots`: each role's journey through the Vimmerby demo at 1280 and 390 px.

Loads the demo into a throw-away SQLite database under var/screenshots/, serves it on a free port,
drives Debian's Chromium through Playwright and writes one full-page PNG per role, page and width
to var/screenshots/. It also lists every page that scrolls sideways at 390 px (issue 14 item 9),
so the pictures and the list can be looked at together. Exit status 0 even when pages scroll:
the list is for people; the browser tests pin what must hold.

    python scripts/screenshots.py [--only ROLE] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
M = "vimmerby"
PASSWORD = "tillit-demo"  # demo.data.DEMO_PASSWORD

# (role, username or None for the public, [(name, path)])
JOURNEYS: list[tuple[str, str | None, list[tuple[str, str]]]] = [
    (
        "medborgare",
        None,
        [
            ("start", f"/{M}/"),
            ("uppdrag", f"/{M}/uppdrag/"),
            ("beslut", f"/{M}/beslut/"),
            ("barometer", f"/{M}/barometer/"),
            ("barometer-definitioner", f"/{M}/barometer/definitioner/"),
            ("ekonomi", f"/{M}/ekonomi/"),
            ("budget", f"/{M}/budget/"),
            ("organisation", f"/{M}/organisation/"),
            ("rapporter", f"/{M}/rapporter/"),
            ("oppna-data", f"/{M}/oppna-data/"),
            ("arshjul", f"/{M}/uppfoljning/arshjul/"),
        ],
    ),
    (
        "politiker-ks",
        "politiker-ks",
        [
            ("min-sida", f"/{M}/min-sida/"),
            ("budget", f"/{M}/budget/"),
            ("barometer", f"/{M}/barometer/"),
        ],
    ),
    (
        "politiker-bun",
        "politiker-bun",
        [("min-sida", f"/{M}/min-sida/"), ("uppdrag", f"/{M}/uppdrag/")],
    ),
    (
        "sekreterare-ks",
        "sekreterare-ks",
        [
            ("min-sida", f"/{M}/min-sida/"),
            ("registrera-beslut", f"/{M}/beslut/registrera/"),
            ("protokoll", f"/{M}/protokoll/"),
            ("sammantrade", f"/{M}/protokoll/sammantraden/"),
        ],
    ),
    (
        "sekreterare-kf",
        "sekreterare-kf",
        [("min-sida", f"/{M}/min-sida/"), ("budget-nytt", f"/{M}/budget/nytt/")],
    ),
    (
        "kommundirektor",
        "kommundirektor",
        [("min-sida", f"/{M}/min-sida/"), ("inkorg", f"/{M}/uppfoljning/inkorg/")],
    ),
    (
        "forvaltningschef-bun",
        "forvaltningschef-bun",
        [
            ("min-sida", f"/{M}/min-sida/"),
            ("ekonomi", f"/{M}/ekonomi/"),
            ("verksamhetsplan", f"/{M}/budget/verksamhetsplan/bun/"),
        ],
    ),
    (
        "admin",
        "admin",
        [
            ("min-sida", f"/{M}/min-sida/"),
            ("ekonomi-import", f"/{M}/ekonomi/import/"),
            ("jobb", f"/{M}/jobb/"),
        ],
    ),
    ("revisor", "revisor", [("min-sida", f"/{M}/min-sida/"), ("granskning", f"/{M}/granskning/")]),
]
WIDTHS = (1280, 390)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one role (see JOURNEYS)")
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.sqlite3"
    if db.exists():
        db.unlink()
    env = {
        **os.environ,
        "TILLIT_DATABASE_URL": f"sqlite:///{db}",
        "TILLIT_DEBUG": "0",
        "TILLIT_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TILLIT_FRAGMENT_CACHE": "0",
    }
    for cmd in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["demo"]):
        subprocess.run([str(BIN / "tillit"), *cmd], env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "tillit"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    sideways: list[str] = []
    shots = 0
    try:
        _wait(base + "/ping")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            for role, username, pages in JOURNEYS:
                if args.only and role != args.only:
                    continue
                for width in WIDTHS:
                    # A Swedish browser, as a Vimmerby user has (dates, number formats).
                    context = browser.new_context(
                        locale="sv-SE",
                        timezone_id="Europe/Stockholm",
                        viewport={"width": width, "height": 900},
                    )
                    page = context.new_page()
                    if username:
                        page.goto(base + "/konto/logga-in/")
                        page.fill("input[name=username]", username)
                        page.fill("input[name=password]", PASSWORD)
                        page.click(".tl-login form button[type=submit]")
                        page.wait_for_load_state()
                    for name, path in pages:
                        response = page.goto(base + path)
                        status = response.status if response else 0
                        file = out / f"{role}--{name}--{width}.png"
                        page.screenshot(path=str(file), full_page=True)
                        shots += 1
                        scroll = page.evaluate("document.documentElement.scrollWidth")
                        note = f"{status} {file.name}"
                        if width == 390 and scroll > width:
                            sideways.append(f"{path} as {role}: scrollWidth {scroll} px")
                            note += f"  (scrolls sideways: {scroll} px)"
                        print(note)
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"\n{shots} screenshots in {out}")
    if sideways:
        print("Pages wider than a 390 px phone:")
        for line in sideways:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
