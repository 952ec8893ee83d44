"""`tillit serve`: gunicorn in production, Django's development server when TILLIT_DEBUG=1.

With ``--with-worker`` (what `make run` uses) it also runs `tillit worker` as a child process, so
one command serves the pages and runs the background jobs; stopping the server (Ctrl-C) stops
the worker too. In production the worker is a service of its own (deploy/tillit-worker.service).
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise CommandError(f"--port must be a number, got {value!r}") from None
    if not 1 <= port <= 65535:
        raise CommandError(f"--port must be between 1 and 65535, got {port}")
    return port


class Command(BaseCommand):
    help = "Serve Tillit over HTTP."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("TILLIT_WORKERS", "3")),
            help="gunicorn worker processes (default 3, or TILLIT_WORKERS)",
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run the background-job worker (tillit worker) as a child process",
        )

    def handle(self, *args, host, port, workers, with_worker=False, **options):
        port = _port(port)
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        if not with_worker:
            self._serve(host, port, workers)
            return
        worker = _start_worker()
        self.stdout.write(f"Background worker started (pid {worker.pid}).")
        try:
            self._serve(host, port, workers)
        finally:
            _stop_worker(worker)

    def _serve(self, host, port, workers):
        if settings.DEBUG:
            self.stdout.write("TILLIT_DEBUG is on: using Django's development server.")
            call_command("runserver", f"{host}:{port}", use_reloader=False)
            return
        from gunicorn.app.base import BaseApplication

        from tillit.config.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("threads", 4)
                self.cfg.set("accesslog", "-")
                self.cfg.set("timeout", 60)

            def load(self):
                return application

        self.stdout.write(f"Tillit serving on http://{host}:{port}/ (gunicorn, {workers} workers)")
        self.stdout.flush()
        Server().run()


def _die_with_parent():  # pragma: no cover - runs in the child between fork and exec
    """Linux: the worker gets SIGTERM if `tillit serve` dies without cleaning up (kill -9)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tillit", "worker"],
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
    )


def _stop_worker(worker: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 10 s. A second signal stops a running job at once; its
    transaction is rolled back and the job reads as failed (retry from the page)."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
