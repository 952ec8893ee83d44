"""The `tillit` command end to end, as an administrator runs it: fresh SQLite database in a
temporary directory, real subprocesses, the production WSGI server."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tillit.accounts.services import api_token_authenticate


def tillit(*args, env, check=True, timeout=120):
    result = subprocess.run(
        [sys.executable, "-m", "tillit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"tillit {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def clean_env(var, **settings) -> dict:
    """This process's environment without Tillit's or Django's settings, plus these."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TILLIT_", "DJANGO_"))
    }
    env.update(TILLIT_VAR_DIR=str(var), TILLIT_SECRET_KEY="x" * 50, **settings)
    return env


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = clean_env(var)
    tillit("migrate", "--noinput", "-v0", env=env)
    return env, var


def test_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "tillit", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("serve", "demo", "migrate", "token create", "check"):
        assert command in result.stdout


def test_migrate_creates_the_sqlite_file_under_var(fresh_env):
    _, var = fresh_env
    assert (Path(var) / "tillit.sqlite3").stat().st_size > 0


def test_check_passes_and_deploy_check_flags_a_weak_key(fresh_env):
    env, _ = fresh_env
    assert "no issues" in tillit("check", env=env).stdout
    weak = dict(env, TILLIT_SECRET_KEY="short")
    result = tillit("check", "--deploy", env=weak, check=False)
    assert result.returncode != 0
    assert "tillit.E001" in result.stderr


def test_token_create_prints_token_last(fresh_env):
    env, _ = fresh_env
    created = dict(env, DJANGO_SUPERUSER_PASSWORD="ett-langt-losenord-99")
    tillit(
        "createsuperuser", "--noinput", "--username", "it-admin", "--email", "a@b.se", env=created
    )
    result = tillit("token", "create", "it-admin", env=env)
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("tillit_") and len(last) > 40
    missing = tillit("token", "create", "finns-inte", env=env, check=False)
    assert missing.returncode != 0
    assert "finns-inte" in missing.stderr
    assert "Traceback" not in missing.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_gunicorn_and_answers(fresh_env):
    env, _ = fresh_env
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tillit", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    server = r.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None, "server did not answer"
        assert '"ok"' in body
        assert "gunicorn" in server.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_rejects_a_bad_port(fresh_env):
    env, _ = fresh_env
    result = tillit("serve", "--port", "99999", env=env, check=False)
    assert result.returncode != 0
    assert "between 1 and 65535" in result.stderr


@pytest.mark.django_db
def test_token_command_in_process(kommun, capsys):
    call_command("token", "create", "sekreterare-ks", "--name", "diariet")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert api_token_authenticate(raw) == kommun.users["sekreterare-ks"]
    call_command("token", "list", "sekreterare-ks")
    listing = capsys.readouterr().out
    assert "active" in listing and raw not in listing  # the secret is never shown again
    prefix = listing.split("…")[0].strip()
    call_command("token", "revoke", prefix)
    assert api_token_authenticate(raw) is None
    with pytest.raises(CommandError):
        call_command("token", "create", "sekreterare-ks", "--expires-days", "0")


def test_a_command_on_a_database_that_was_never_migrated_says_what_to_do(tmp_path):
    env = clean_env(tmp_path)
    result = tillit("arshjul", "list", "--municipality", "vimmerby", env=env, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "tillit migrate" in result.stderr and "no Tillit tables" in result.stderr


def test_a_command_on_an_unreachable_database_names_the_setting(tmp_path):
    env = clean_env(tmp_path, TILLIT_DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    result = tillit("arshjul", "list", "--municipality", "vimmerby", env=env, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "TILLIT_DATABASE_URL" in result.stderr
