"""The SQLite file and the backups hold password hashes and TOTP secrets: they are created
readable by their owner only (0600), whatever the umask (issue 19, item 11), and the systemd
units set UMask=0077 for everything else the service writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.fixture
def open_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_sqlite_database_file_is_0600(tmp_path, open_umask, django_db_blocker):
    from django.db.utils import ConnectionHandler

    path = tmp_path / "tillit.sqlite3"
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    )
    try:
        with django_db_blocker.unblock(), handler["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE t (x)")
            cursor.execute("INSERT INTO t VALUES (1)")
        assert _mode(path) == 0o600
        for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if side.exists():
                assert _mode(side) == 0o600, side
    finally:
        handler.close_all()


def test_existing_world_readable_database_is_tightened(tmp_path, open_umask, django_db_blocker):
    from django.db.utils import ConnectionHandler

    path = tmp_path / "old.sqlite3"
    path.touch(mode=0o644)
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    )
    try:
        with django_db_blocker.unblock():
            handler["default"].ensure_connection()
        assert _mode(path) == 0o600
    finally:
        handler.close_all()


@pytest.mark.django_db
def test_backup_file_is_0600(tmp_path, open_umask):
    from django.db import connection

    from tillit.core import backup

    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL backup (pg_dump) is covered by test_data_safety")
    out = backup.backup(tmp_path / "backup" / "tillit.backup")
    assert _mode(out) == 0o600
    assert _mode(out.parent) == 0o700


@pytest.mark.parametrize("unit", sorted(p.name for p in DEPLOY.glob("*.service")))
def test_units_set_umask_0077(unit):
    text = (DEPLOY / unit).read_text()
    assert "\nUMask=0077\n" in text
