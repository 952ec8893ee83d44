"""`tillit generate` — a reproducible synthetic national dataset (see tillit.demo.generate)."""

from django.core.management.base import BaseCommand, CommandError

from tillit.core.cliprogress import terminal_progress, wants_progress
from tillit.core.errors import TillitError
from tillit.demo.generate import dataset_fingerprint, generate


class Command(BaseCommand):
    help = (
        "Genererar en syntetisk nationell datamängd (kommun-0001 …, påhittade personer) för "
        "prestandamätning, deterministiskt utifrån --seed. Kräver PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=290)
        parser.add_argument("--assignments", type=int, default=300, help="per kommun")
        parser.add_argument("--years", type=int, default=8)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset", action="store_true", help="ta bort tidigare genererade kommuner först"
        )
        parser.add_argument(
            "--allow-sqlite", action="store_true", help="tillåt SQLite (små storlekar, tester)"
        )
        parser.add_argument(
            "--fingerprint", action="store_true", help="skriv ut datamängdens sha256 på slutet"
        )

    def handle(self, *args, **o):
        # On a terminal a progress bar; into a pipe or a log the lines as before.
        on_terminal = wants_progress(quiet=o["verbosity"] < 1, stdout=self.stdout)

        try:
            with terminal_progress(
                "Genererar kommuner", quiet=not on_terminal, stdout=self.stdout
            ) as bar:

                def progress(done, total, seconds):
                    if on_terminal:
                        bar(done, total)
                    elif o["verbosity"] >= 1:
                        self.stdout.write(f"  {done}/{total} kommuner ({seconds:.1f} s)")

                result = generate(
                    municipalities=o["municipalities"],
                    assignments=o["assignments"],
                    years=o["years"],
                    seed=o["seed"],
                    reset=o["reset"],
                    allow_sqlite=o["allow_sqlite"],
                    progress=progress,
                )
        except TillitError as exc:
            raise CommandError(exc.message) from exc
        counts = ", ".join(f"{k}={v}" for k, v in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Genererade {result.municipalities} kommuner på {result.seconds:.1f} s: {counts}; "
                f"{result.checked_pairs} uppdrag kontrollerade mot beslutskedjan."
            )
        )
        if o["fingerprint"]:
            self.stdout.write(f"fingerprint {dataset_fingerprint()}")
