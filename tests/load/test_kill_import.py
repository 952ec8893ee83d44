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


IN_IMPORT = (
    # A transaction of another backend that has written (backend_xid) and works on the economy
    # tables: the import's atomic block, between its first write and its commit.
    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND xact_start IS NOT NULL "
    "AND backend_xid IS NOT NULL AND query ILIKE '%%economy_%%' AND pid <> pg_backend_pid()"
)


def _in_transaction(conn, dbname: str) -> bool:
    return conn.execute(IN_IMPORT, [dbname]).fetchone()[0] > 0


def test_sigkill_mid_import_is_all_or_nothing(pg_env, tmp_path):
    env, dbname = pg_env
    path = tmp_path / "stor.se"
    # Large enough that the import's transaction lasts long enough to be caught (many
    # aggregated rows), polled over one open connection without sleeping.
    generate_sie(path, transactions=120000, seed=11, objects=600, projects=80)
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
    import psycopg

    from .conftest import PG_BASE

    deadline = time.monotonic() + 240
    killed_mid = False
    with psycopg.connect(PG_BASE + "postgres", autocommit=True) as conn:
        while time.monotonic() < deadline and proc.poll() is None:
            if _in_transaction(conn, dbname):
                os.kill(proc.pid, signal.SIGKILL)
                killed_mid = True
                break
    proc.wait(timeout=30)
    assert killed_mid, "the import finished before it could be killed mid-transaction"
    state = tillit(["shell", "-v0", "-c", STATE], env, tmp_path).stdout.split()
    batches, lines = int(state[0]), int(state[1])
    assert (batches, lines) == (0, 0), "a killed import left a partial batch"
    # "After restart": the import runs again and lands completely, the audit chain is whole.
    again = tillit(["sie", "import", str(path), "--municipality", "testkommun"], env, tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    state = tillit(["shell", "-v0", "-c", STATE], env, tmp_path).stdout.split()
    assert int(state[0]) == 1 and int(state[1]) > 0
    verified = tillit(["audit", "verify", "--municipality", "testkommun"], env, tmp_path)
    assert verified.returncode == 0, verified.stderr[-3000:]
    assert proc.returncode == -signal.SIGKILL
