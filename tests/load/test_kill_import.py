"""SIGKILL in the middle of an SIE import leaves it fully present or fully absent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tillit.economy.sie.generate import generate_sie

from .conftest import tillit

pytestmark = pytest.mark.postgres

STATE = (
    "from tillit.economy.models import ImportBatch, ActualLine; "
    "b = list(ImportBatch.objects.values_list('id', flat=True)); "
    "print(len(b), ActualLine.objects.count())"
)


def _in_transaction(dbname: str) -> bool:
    import psycopg

    from .conftest import PG_BASE

    with psycopg.connect(PG_BASE + "postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND xact_start IS NOT NULL "
            "AND query ILIKE '%%economy_%%' AND pid <> pg_backend_pid()",
            [dbname],
        ).fetchone()
    return row[0] > 0


def test_sigkill_mid_import_is_all_or_nothing(pg_env, tmp_path):
    env, dbname = pg_env
    path = tmp_path / "stor.se"
    generate_sie(path, transactions=30000, seed=11, objects=300, projects=40)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tillit",
            "sie",
            "import",
            str(path),
            "--municipality",
            "testkommun",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    killed_mid = False
    while time.monotonic() < deadline and proc.poll() is None:
        if _in_transaction(dbname):
            os.kill(proc.pid, signal.SIGKILL)
            killed_mid = True
            break
        time.sleep(0.02)
    proc.wait(timeout=30)
    state = tillit(["shell", "-v0", "-c", STATE], env, tmp_path).stdout.split()
    batches, lines = int(state[0]), int(state[1])
    if killed_mid:
        assert (batches, lines) == (0, 0), "a killed import left a partial batch"
    # "After restart": the import runs again and lands completely, the audit chain is whole.
    again = tillit(["sie", "import", str(path), "--municipality", "testkommun"], env, tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    state = tillit(["shell", "-v0", "-c", STATE], env, tmp_path).stdout.split()
    assert int(state[0]) == 1 and int(state[1]) > 0
    verified = tillit(["audit", "verify", "--municipality", "testkommun"], env, tmp_path)
    assert verified.returncode == 0, verified.stderr[-3000:]
    assert killed_mid or proc.returncode == 0
