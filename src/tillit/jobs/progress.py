"""How a running job reports its progress: ``progress.stage(...)``, ``progress.update(...)``,
``progress.note(...)``.

Updates are throttled (at most a few writes a second) and written so other processes see them at
once: through the job's own connection when it is in autocommit, and through a second connection
of its own while the work holds a transaction open (an atomic import), so the progress is
committed while the import's rows are not. On SQLite a write that finds the database locked by
the import is skipped (the next one tries again); on PostgreSQL it never waits, because the work
never writes the Job row inside its transaction.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend
from django.utils import timezone

from .models import Job

logger = logging.getLogger(__name__)

MIN_INTERVAL = 0.4  # seconds between two progress writes
MAX_MESSAGES = 50


class Progress:
    """Given to a job's function. Also usable without a job (``Progress(None)``): then it only
    calls ``on_change`` — the CLI's progress bar uses the same calls."""

    def __init__(self, job: Job | None, on_change=None) -> None:
        self.job = job
        self.on_change = on_change
        self.stage_text = ""
        self.done = 0
        self.total: int | None = None
        self.messages: list[str] = list(job.messages) if job else []
        self._last = 0.0
        self._side = None
        self._messages_dirty = False

    # -- the calls a job makes ---------------------------------------------------------------

    def stage(self, text: str, total: int | None = None) -> None:
        """A new stage (Swedish, shown to the user), optionally with its number of steps."""
        self.stage_text = str(text)
        self.done = 0
        self.total = total
        self._changed(force=True)

    def update(self, done: int, total: int | None = None) -> None:
        self.done = int(done)
        if total is not None:
            self.total = int(total)
        self._changed()

    def advance(self, n: int = 1) -> None:
        self.update(self.done + n)

    def note(self, text: str) -> None:
        """A message kept with the job (Swedish, shown under the progress bar)."""
        self.messages = [*self.messages, str(text)][-MAX_MESSAGES:]
        self._messages_dirty = True
        self._changed(force=True)

    def callback(self):
        """A ``(done, total)`` callable for library code that reports progress that way."""
        return lambda done, total=None: self.update(done, total)

    # -- writing ----------------------------------------------------------------------------

    def _changed(self, force: bool = False) -> None:
        if self.on_change is not None:
            self.on_change(self)
        if self.job is None:
            return
        now = time.monotonic()
        if not force and now - self._last < MIN_INTERVAL:
            return
        self._last = now
        self.flush()

    def flush(self) -> None:
        if self.job is None:
            return
        fields = {
            "stage": self.stage_text[:200],
            "done": self.done,
            "total": self.total,
            "heartbeat_at": timezone.now(),
        }
        if connection.in_atomic_block and getattr(settings, "TILLIT_JOBS_SIDE_CONNECTION", True):
            self._side_write(fields)
            return
        if self._messages_dirty:
            fields["messages"] = self.messages
            self._messages_dirty = False
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def _side_write(self, fields: dict) -> None:
        try:
            side = self._side_connection()
            ops = side.ops
            table = side.ops.quote_name(Job._meta.db_table)
            with side.cursor() as cur:
                cur.execute(
                    f"UPDATE {table} SET stage = %s, done = %s, total = %s, heartbeat_at = %s "
                    "WHERE id = %s",
                    [
                        fields["stage"],
                        fields["done"],
                        fields["total"],
                        ops.adapt_datetimefield_value(fields["heartbeat_at"]),
                        self.job.pk,
                    ],
                )
        except Exception as exc:  # a locked SQLite file: the next write tries again
            logger.debug("progress of job %s not written: %s", self.job.pk, exc)

    def _side_connection(self):
        if self._side is None:
            params = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
            if params["ENGINE"].endswith("sqlite3"):
                # Never wait long for the import's write lock: progress is best effort there.
                params["OPTIONS"] = {**params.get("OPTIONS", {}), "timeout": 0.05}
                params["OPTIONS"].pop("init_command", None)
            backend = load_backend(params["ENGINE"])
            self._side = backend.DatabaseWrapper(params, "jobs-progress")
        return self._side

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
