"""`tillit serve`: gunicorn in production, Django's development server when TILLIT_DEBUG=1."""

import os

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

    def handle(self, *args, host, port, workers, **options):
        port = _port(port)
        if workers < 1:
            raise CommandError("--workers must be at least 1")
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
