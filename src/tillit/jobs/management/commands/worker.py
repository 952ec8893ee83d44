"""`tillit worker`: run background jobs (docs/jobs.md). A thin front over django-tasks-db's
``db_worker``; first fails the jobs a killed worker left running, so they can be retried."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tillit.jobs.services import jobs_reap_all


class Command(BaseCommand):
    help = "Run background jobs (imports, reports, reminders) until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=0.25, help="seconds between looks for work"
        )
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args, interval, batch, max_tasks, **options):
        from django_tasks import task_backends
        from django_tasks_db import DatabaseBackend

        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "TASKS['default'] is not the database backend; run that backend's own worker."
            )
        reaped = jobs_reap_all()
        if reaped and options["verbosity"]:
            self.stdout.write(f"{reaped} job(s) left running by a stopped worker marked failed.")
        kwargs = {"interval": interval, "batch": batch, "reload": False, "startup_delay": False}
        if max_tasks:
            kwargs["max_tasks"] = max_tasks
        call_command("db_worker", verbosity=options["verbosity"], **kwargs)
