"""`tillit remind [--date YYYY-MM-DD] [--days N]` — the daily reminder job (idempotent)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tillit.core.validation import date_problem
from tillit.followup.services import reminders_run


class Command(BaseCommand):
    help = (
        "Send the day's follow-up reminders (inbox + e-mail): reports due soon to the chief, "
        "overdue reports to the body's secretary, overdue questions. Run daily; running twice "
        "sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (default today)")
        parser.add_argument(
            "--days", type=int, default=14, help="Remind this many days before a report is due"
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="hand the run to the background worker (tillit worker) and return at once",
        )

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(
                f"Ogiltigt datum {options['date']!r}: skriv ÅÅÅÅ-MM-DD.", returncode=2
            ) from None
        if problem := date_problem(day):  # 1900-01-01 – 2100-12-31
            raise CommandError(problem, returncode=2)
        if not 0 <= options["days"] <= 365:
            raise CommandError("--days ska vara 0–365.")
        if options["queue"]:
            from tillit.jobs.services import job_start

            job = job_start(
                actor=None,
                municipality=None,
                kind="followup.remind",
                params={"day": day.isoformat() if day else None, "days_before": options["days"]},
                lock_key=f"remind:{day.isoformat() if day else 'today'}",
            )
            self.stdout.write(f"Påminnelserna körs i bakgrunden (jobb {job.pk}).")
            return
        result = reminders_run(today=day, days_before=options["days"])
        self.stdout.write(
            f"{result.sent} påminnelser skickade ({result.checked} uppdrag kontrollerade)."
        )
