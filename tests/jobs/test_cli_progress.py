"""CLI progress bars (rich): drawn on a terminal (a pseudo-terminal here), never with --json and
never into a pipe, so scripts read exactly what they read before."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from tillit.economy.sie.generate import generate_sie
from tillit.jobs.testing import separate_database, tillit


def _on_pty(args, env, cwd) -> tuple[int, str]:
    """Run ``tillit ARGS`` with stdout and stderr on a pseudo-terminal; returns (status, text)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tillit", *args],
        env={**env, "TERM": "xterm-256color", "COLUMNS": "120"},
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory):
    var = tmp_path_factory.mktemp("cli-progress")
    path = var / "ar.se"
    generate_sie(path, transactions=200000, seed=5, objects=30, projects=5)
    with separate_database(var, "sqlite") as (env, _name):
        yield env, var, path


def test_sie_import_shows_a_progress_bar_on_a_terminal(sqlite_env):
    env, var, path = sqlite_env
    args = ["sie", "import", str(path), "--municipality", "testkommun", "--dry-run"]
    status, out = _on_pty(args, env, var)
    assert status == 0, out[-2000:]
    assert "Läser filen" in out and "100%" in out and "━" in out  # rich's bar
    assert "Provkörning: inget sparades." in out


def test_no_progress_bar_with_json_or_into_a_pipe(sqlite_env):
    env, var, path = sqlite_env
    args = ["sie", "import", str(path), "--municipality", "testkommun", "--dry-run"]
    status, out = _on_pty([*args, "--json"], env, var)
    assert status == 0, out[-2000:]
    assert "Läser filen" not in out and "━" not in out
    result = json.loads(out.replace("\r\n", "\n").strip())
    assert result["status"] == "dry_run" and result["rows"] > 0
    piped = tillit(args, env, var)
    assert piped.returncode == 0, piped.stderr[-2000:]
    assert "Provkörning: inget sparades." in piped.stdout
    assert "Läser filen" not in piped.stderr + piped.stdout and "━" not in piped.stderr
