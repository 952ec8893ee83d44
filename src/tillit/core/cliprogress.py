"""Progress bars for commands that take more than a few seconds (rich).

Drawn on stderr only when both stdout and stderr are terminals and the command was not asked for
``--json``: piped, redirected, scripted or machine-read output stays exactly as it was.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager


def wants_progress(*, quiet: bool = False, stdout=None, stderr=None) -> bool:
    if quiet:
        return False
    for stream in (stdout or sys.stdout, stderr or sys.stderr):
        target = getattr(stream, "_out", stream)  # Django's OutputWrapper
        if not getattr(target, "isatty", lambda: False)():
            return False
    return True


class _Bar:
    """``bar(done, total)`` updates; ``bar.stage(text, total=None)`` starts a new line."""

    def __init__(self, progress) -> None:
        self._progress = progress
        self._task = None

    def stage(self, text: str, total: int | None = None) -> None:
        if self._progress is None:
            return
        if self._task is not None:
            task = self._progress.tasks[-1]
            if task.total is not None:
                self._progress.update(self._task, completed=task.total)
            self._progress.stop_task(self._task)
        self._task = self._progress.add_task(text, total=total)

    def __call__(self, done: int, total: int | None = None) -> None:
        if self._progress is None:
            return
        if self._task is None:
            self.stage("", total)
        kwargs = {"completed": done}
        if total is not None:
            kwargs["total"] = total
        self._progress.update(self._task, **kwargs)


@contextmanager
def terminal_progress(description: str = "", *, quiet: bool = False, stdout=None, stderr=None):
    """Yields a bar (see ``_Bar``); without a terminal (or with ``quiet``) it does nothing."""
    if not wants_progress(quiet=quiet, stdout=stdout, stderr=stderr):
        yield _Bar(None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
    )
    bar = _Bar(progress)
    with progress:
        if description:
            bar.stage(description)
        yield bar
