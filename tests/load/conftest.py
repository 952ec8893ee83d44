"""A PostgreSQL database of its own (the server under test is another process, so it cannot see
the test transaction), migrated and holding the test municipality."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

PG_BASE = os.environ.get("TILLIT_LOAD_PG", "postgres://postgres@127.0.0.1:5432/")


def tillit(args, env, cwd, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "tillit", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=kwargs.pop("timeout", 300),
        **kwargs,
    )


@pytest.fixture
def pg_env(tmp_path):
    import psycopg

    name = f"tillit_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_BASE + "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tillit.config.settings.production",
        "TILLIT_DATABASE_URL": PG_BASE + name,
        "TILLIT_VAR_DIR": str(tmp_path),
        "TILLIT_SECRET_KEY": "load-" + "x" * 50,
        "TILLIT_API_ANON_RATE": "1000000/min",
        "TILLIT_API_AUTH_RATE": "1000000/min",
        "TILLIT_AXES_ENABLED": "0",
    }
    migrated = tillit(["migrate", "-v0"], env, tmp_path)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    built = tillit(
        [
            "shell",
            "-v0",
            "-c",
            "from tillit.core.testing import build_testkommun; build_testkommun()",
        ],
        env,
        tmp_path,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    try:
        yield env, name
    finally:
        with psycopg.connect(PG_BASE + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
