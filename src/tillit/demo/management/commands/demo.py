"""`tillit demo [--reset]` — load the Vimmerby demo and print its logins."""

from django.core.management.base import BaseCommand, CommandError

from tillit.core.errors import TillitError
from tillit.demo import data
from tillit.demo.loader import demo_load, demo_logins


class Command(BaseCommand):
    help = (
        "Läser in Vimmerby-demot (uppdiktade uppdrag på offentliga fakta) genom de vanliga "
        "tjänsterna och skriver ut demots inloggningar. Gör inget om demot redan är inläst."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Ta bort Vimmerby-demots data och demoanvändare och läs in demot på nytt.",
        )

    def handle(self, *args, reset: bool = False, **options):
        try:
            result = demo_load(reset=reset)
        except TillitError as exc:
            raise CommandError(f"Demot lästes inte in (inget sparades): {exc.message}") from exc
        counts = result.counts
        name = result.municipality.name
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demot för {name} är inläst: {counts['bodies']} organ, {counts['offices']} "
                    f"befattningar, {counts['persons']} personer, {counts['decisions']} beslut och "
                    f"{counts['assignments']} uppdrag."
                )
            )
        else:
            self.stdout.write(
                f"Demot för {name} är redan inläst ({counts['assignments']} uppdrag); inget "
                "ändrades. Kör `tillit demo --reset` för att läsa in det på nytt."
            )
        self.stdout.write("")
        self.stdout.write(f"Inloggningar (demokonton, lösenord för alla: {data.DEMO_PASSWORD}):")
        logins = demo_logins()
        width = max(len(username) for username, _, _ in logins)
        for username, password, role in logins:
            self.stdout.write(f"  {username:<{width}}  {password}  {role}")
        self.stdout.write("")
        self.stdout.write(f"Öppna {data.DEMO_URL}")
