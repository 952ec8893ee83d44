"""SIGKILL of `tillit worker` in the middle of a web SIE import: nothing is stored, the job reads
as failed, and its retry imports the file completely. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import time

from tillit.economy.sie.generate import generate_sie
from tillit.jobs.testing import PG_BASE, shell, stage_upload, start_worker, tillit

START = """
from django.contrib.auth import get_user_model
from tillit.organisation.models import Municipality
from tillit.economy.jobs import import_lock_key
from tillit.jobs.services import job_start
m = Municipality.objects.get(slug="testkommun")
job = job_start(actor=get_user_model().objects.get(username="admin"), municipality=m,
    kind="economy.sie_import", params={"token": "%s", "file_name": "stor.se"},
    lock_key=import_lock_key(m))
print(job.pk)
"""

STATE = """
from tillit.economy.models import ImportBatch, ActualLine, BudgetLine
from tillit.jobs.models import Job
from tillit.jobs.selectors import job_get
from django.contrib.auth import get_user_model
job = Job.objects.order_by("pk").first()
raw = job.status
job = job_get(user=get_user_model().objects.get(username="admin"), municipality=job.municipality,
    pk=job.pk)
print(ImportBatch.objects.count(), ActualLine.objects.count(), BudgetLine.objects.count(), raw,
    job.status)
print(job.error)
"""

RETRY = """
from django.contrib.auth import get_user_model
from tillit.jobs.models import Job
from tillit.jobs.services import job_retry
print(job_retry(actor=get_user_model().objects.get(username="admin"),
    job=Job.objects.order_by("pk").first()).pk)
"""

AFTER = """
from tillit.economy.models import ImportBatch, ActualLine
from tillit.jobs.models import Job
print(ImportBatch.objects.count(), ActualLine.objects.count() > 0,
    *Job.objects.order_by("pk").values_list("status", flat=True))
"""

PG_IN_IMPORT = (
    # Another backend's transaction that has written (backend_xid) and works on the economy
    # tables: the import's atomic block, between its first write and its commit.
    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND xact_start IS NOT NULL "
    "AND backend_xid IS NOT NULL AND query ILIKE '%%economy_%%' AND pid <> pg_backend_pid()"
)


def _sqlite_in_import(path) -> bool:
    """The import holds SQLite's write lock while its job says it is storing rows."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        stage = conn.execute("SELECT stage, status FROM jobs_job ORDER BY id LIMIT 1").fetchone()
        if not stage or stage != ("Sparar raderna", "running"):
            return False
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # database is locked: the import is writing
            return True
        conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()


def test_sigkill_of_the_worker_mid_import_stores_nothing_and_fails_the_job(worker_env, tmp_path):
    env, vendor, dbname = worker_env
    src = tmp_path / "stor.se"
    # Enough aggregated rows that storing them takes a moment to be caught in.
    generate_sie(src, transactions=120000, seed=11, objects=600, projects=80)
    token = stage_upload(src, tmp_path)
    shell(START % token, env, tmp_path)
    worker = start_worker(env, tmp_path)
    killed_mid = False
    deadline = time.monotonic() + 240
    if vendor == "postgres":
        import psycopg

        with psycopg.connect(PG_BASE + "postgres", autocommit=True) as conn:
            while time.monotonic() < deadline and worker.poll() is None:
                if conn.execute(PG_IN_IMPORT, [dbname]).fetchone()[0] > 0:
                    os.kill(worker.pid, signal.SIGKILL)
                    killed_mid = True
                    break
    else:
        db = tmp_path / "tillit.sqlite3"
        while time.monotonic() < deadline and worker.poll() is None:
            if _sqlite_in_import(db):
                os.kill(worker.pid, signal.SIGKILL)
                killed_mid = True
                break
            time.sleep(0.002)
    worker.wait(timeout=30)
    assert killed_mid, "the import finished before the worker could be killed mid-transaction"
    assert worker.returncode == -signal.SIGKILL

    counts, error = shell(STATE, env, tmp_path).splitlines()
    batches, lines, budget, raw, status = counts.split()
    assert (batches, lines, budget) == ("0", "0", "0"), "a killed import left rows behind"
    assert raw == "running"  # killed before it could say anything
    assert status == "failed" and "Inget sparades" in error
    assert (tmp_path / "sie-uploads" / f"{token}.se").exists()  # kept for the retry

    shell(RETRY, env, tmp_path)
    batch = start_worker(env, tmp_path, "--batch")
    batch.wait(timeout=300)
    assert batch.returncode == 0, batch.stderr.read().decode()[-2000:]
    assert shell(AFTER, env, tmp_path).split() == ["1", "True", "failed", "done"]
    verified = tillit(["audit", "verify", "--municipality", "testkommun"], env, tmp_path)
    assert verified.returncode == 0, verified.stderr[-3000:]
