"""Consistent snapshots of the database (SQLite backup API, pg_dump/pg_restore).

A backup holds password hashes and TOTP secrets: the file is created 0600 before anything is
written into it, and a backup folder that `backup` creates is 0700 (core.files)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections

from .files import create_private

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    pass


def _pg_env_args() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    args = []
    if s.get("HOST"):
        args += ["-h", s["HOST"]]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", s["USER"]]
    return env, args


def _run(cmd: list[str], env: dict) -> None:
    try:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{cmd[0]} saknas: installera PostgreSQL-klienten.") from exc
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} misslyckades: {result.stderr.strip()[:2000]}")


def backup(out: Path) -> Path:
    out = out.resolve()
    out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    create_private(tmp)  # pg_dump and SQLite write into the existing file and keep its mode
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(tmp)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_args()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *args,
                "-f",
                str(tmp),
                connection.settings_dict["NAME"],
            ],
            env,
        )
    else:  # pragma: no cover
        raise BackupError(f"Databasen {connection.vendor} stöds inte.")
    os.replace(tmp, out)
    return out


def restore(file: Path) -> None:
    if not file.is_file():
        raise BackupError(f"Filen {file} finns inte.")
    head = file.read_bytes()[:16]
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{file} är ingen SQLite-säkerhetskopia från `tillit backup`.")
        connection.ensure_connection()
        source = sqlite3.connect(file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError(f"{file} är ingen PostgreSQL-säkerhetskopia från `tillit backup`.")
        name = connection.settings_dict["NAME"]
        connections.close_all()
        env, args = _pg_env_args()
        # --clean drops what the snapshot contains first; one transaction: all or nothing.
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                "-d",
                name,
                str(file),
            ],
            env,
        )
    else:  # pragma: no cover
        raise BackupError(f"Databasen {connection.vendor} stöds inte.")
