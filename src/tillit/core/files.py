"""Files that hold secrets (the SQLite database with password hashes and TOTP keys, backups)
are readable by their owner only: 0600, whatever the process umask. The systemd units in
deploy/ also set UMask=0077 (docs/deployment.md)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE = 0o600
SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def make_private(path: Path | str) -> None:
    """chmod 0600 when group or others may read or write the file."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    if mode & 0o077:
        os.chmod(path, PRIVATE)


def create_private(path: Path | str) -> None:
    """Create `path` empty with mode 0600 (or make an existing file private), so that what is
    written into it afterwards is never readable by others, not even for a moment."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    os.close(fd)
    make_private(path)


def sqlite_file(settings_dict: dict) -> Path | None:
    """The database file of an SQLite connection, or None (in memory, another database)."""
    if not settings_dict.get("ENGINE", "").endswith("sqlite3"):
        return None
    name = str(settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def precreate_sqlite_file(settings_dict: dict) -> None:
    """Before the first connection: create a missing database file 0600 (SQLite would create it
    0644 under the usual umask; its -wal and -shm files copy the database file's mode)."""
    path = sqlite_file(settings_dict)
    if path is not None and not path.exists() and path.parent.is_dir():
        create_private(path)


def sqlite_connection_created(sender, connection, **kwargs) -> None:
    """connection_created receiver: an SQLite file (and its side files) made 0600 if it is not."""
    path = sqlite_file(connection.settings_dict)
    if path is None:
        return
    for suffix in SQLITE_SIDE_FILES:
        make_private(f"{path}{suffix}")
