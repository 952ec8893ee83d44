"""An SIE import started in the browser runs in a real `tillit worker` process: the page shows
the progress bar while it runs and then the result (issue 18). The web server (gunicorn) and the
worker are processes of their own on a PostgreSQL database of their own, as in production."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from tillit.core.testing import TEST_PASSWORD
from tillit.economy.sie.generate import generate_sie
from tillit.jobs.testing import PG_BASE, separate_database, shell, start_worker, stop

pytestmark = pytest.mark.browser


SNAPSHOT = """() => {
  const job = document.querySelector(".tl-job");
  const bar = job && job.querySelector("[role=progressbar]");
  return [job && job.dataset.status, bar && bar.getAttribute("aria-valuenow"),
          bar && bar.getAttribute("aria-valuetext")];
}"""
COUNT = "from tillit.economy.models import ImportBatch; print(ImportBatch.objects.count())"


STATUS = re.compile(r'class="tl-job"[^>]*data-status="(\w+)"')
VALUE = re.compile(r'aria-valuenow="(\d+)"\s+aria-valuetext="([^"]*)"')


def _fragment(page, url) -> tuple[str | None, str | None, str | None]:
    html = page.request.get(url).text()
    status, value = STATUS.search(html), VALUE.search(html)
    return (
        status.group(1) if status else None,
        value.group(1) if value else None,
        value.group(2) if value else None,
    )


def _watch(page) -> set[int]:
    """Follow the job until it is no longer open; the percentages it showed. Two views of the
    same fragment: the page's (HTMX swaps it in once a second) and the fragment itself, fetched
    with the page's session every 50 ms — on a quiet machine a 700 000-transaction import can
    finish between two of the page's polls, and the test must not depend on the machine's load."""
    seen = set()
    job = re.search(r"jobb=(\d+)", page.url)
    fragment = f"{page.url.split('/testkommun/')[0]}/testkommun/jobb/{job.group(1)}/framsteg/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        # One snapshot of the page's fragment (HTMX swaps it while we look).
        try:
            status, value, text = page.evaluate(SNAPSHOT)
        except PlaywrightError:  # the page reloads (HX-Refresh) under our feet
            page.wait_for_timeout(50)
            continue
        if value is not None and status in ("queued", "running"):
            seen.add(int(value))
            assert text == f"{value} procent klart"
        f_status, f_value, f_text = _fragment(page, fragment)
        if f_status in ("queued", "running") and f_value is not None:
            seen.add(int(f_value))
            assert f_text == f"{f_value} procent klart"
        if status not in ("queued", "running") and f_status not in ("queued", "running"):
            return seen
        page.wait_for_timeout(50)
    raise AssertionError("the job did not finish")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def _vendor() -> str:
    """PostgreSQL, where the import's progress is live while it stores its rows (on SQLite the
    import holds the write lock, so the bar can only move while the file is read — too short a
    moment for a test to catch reliably on a fast machine, as a CI run showed)."""
    import os

    import psycopg

    try:
        with psycopg.connect(PG_BASE + "postgres", connect_timeout=3):
            return "postgres"
    except psycopg.Error:
        message = "PostgreSQL at 127.0.0.1:5432 is needed to watch an import's progress"
        if os.environ.get("TILLIT_REQUIRE_POSTGRES"):
            pytest.fail(message + " (TILLIT_REQUIRE_POSTGRES is set)")
        pytest.skip(message)


def test_sie_import_runs_in_the_worker_with_visible_progress(page, tmp_path, artifacts):
    vendor = _vendor()
    path = tmp_path / "ar2023.se"
    # Large enough that reading and storing take a few seconds: the page polls once a second.
    generate_sie(path, transactions=700000, seed=3, objects=40, projects=10)
    with separate_database(tmp_path, vendor) as (env, _name):
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "tillit", "serve", "--port", str(port), "--workers", "1"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        worker = None
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base + "/healthz", server)
            page.goto(f"{base}/konto/logga-in/?next=/testkommun/ekonomi/import/")
            page.get_by_label("Användarnamn").fill("admin")
            page.get_by_label("Lösenord").fill(TEST_PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_url("**/testkommun/ekonomi/import/")
            page.get_by_label("SIE-fil").set_input_files(str(path))
            page.get_by_role("button", name="Förhandsgranska").click()

            # The upload answers at once; no worker runs yet, so the preview waits in the queue.
            page.wait_for_url("**/testkommun/ekonomi/import/?jobb=*")
            bar = page.get_by_role("progressbar")
            bar.wait_for()
            assert bar.get_attribute("aria-valuemin") == "0"
            assert bar.get_attribute("aria-valuemax") == "100"
            assert "Väntar på att starta" in page.locator(".tl-job").inner_text()

            # The worker starts; HTMX polling shows the preview's progress, then the preview.
            worker = start_worker(env, tmp_path)
            seen = _watch(page)
            page.get_by_text("Förhandsgranskning – inget är sparat ännu").wait_for(timeout=60000)
            assert shell(COUNT, env, tmp_path) == "0"

            page.get_by_role("button", name="Läs in", exact=True).click()
            page.wait_for_url("**/testkommun/ekonomi/import/?jobb=*")
            seen |= _watch(page)
            page.screenshot(path=str(artifacts / "background-import.png"), full_page=True)
            assert page.locator(".tl-job").get_attribute("data-status") == "done"
            result = page.get_by_role("status").filter(has_text="är inläst")
            assert "ar2023.se är inläst" in result.inner_text()
            assert seen, "no progress was shown while the import ran"
            assert all(0 <= v <= 100 for v in seen)
            page.get_by_role("link", name="Koppla objekten").click()
            page.wait_for_url("**/testkommun/ekonomi/kopplingar/")

            # Mina bakgrundsarbeten lists it with its result.
            page.goto(f"{base}/testkommun/jobb/")
            row = page.get_by_role("row").filter(has_text="Inläsning av ar2023.se")
            assert "Klart" in row.inner_text() and "är inläst" in row.inner_text()
        finally:
            if worker is not None:
                stop(worker)
            stop(server)
