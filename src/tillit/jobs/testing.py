"""Helpers for tests that run the real `tillit worker` (and web server) as other processes: a
database of their own (an SQLite file or a fresh PostgreSQL database), which those processes can
see (they cannot see a test transaction)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

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


def shell(code: str, env, cwd) -> str:
    done = tillit(["shell", "-v0", "-c", code], env, cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def _base_env(var_dir, url) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tillit.config.settings.production",
        "TILLIT_DATABASE_URL": url,
        "TILLIT_VAR_DIR": str(var_dir),
        "TILLIT_SECRET_KEY": "jobs-" + "x" * 50,
        "TILLIT_AXES_ENABLED": "0",
        "TILLIT_API_ANON_RATE": "1000000/min",
        "TILLIT_API_AUTH_RATE": "1000000/min",
    }


@contextlib.contextmanager
def separate_database(var_dir: Path, vendor: str):
    """Yields (env, database name or None): migrated, holding the test municipality."""
    name = None
    if vendor == "sqlite":
        env = _base_env(var_dir, f"sqlite:///{var_dir / 'tillit.sqlite3'}")
    else:
        import psycopg

        name = f"tillit_jobs_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_BASE + "postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env = _base_env(var_dir, PG_BASE + name)
    try:
        migrated = tillit(["migrate", "-v0"], env, var_dir)
        assert migrated.returncode == 0, migrated.stderr[-2000:]
        shell("from tillit.core.testing import build_testkommun; build_testkommun()", env, var_dir)
        yield env, name
    finally:
        if name:
            import psycopg

            with psycopg.connect(PG_BASE + "postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stage_upload(src, var_dir) -> str:
    """Put an SIE file where the import page saves uploads; returns its token (SHA-256)."""
    token = hashlib.sha256(Path(src).read_bytes()).hexdigest()
    folder = Path(var_dir) / "sie-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(src, folder / f"{token}.se")
    return token


def start_worker(env, cwd, *extra) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tillit", "worker", "--interval", "0.1", *extra],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
