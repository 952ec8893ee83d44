"""`tillit audit verify --municipality SLUG` and `tillit audit baseline --municipality SLUG`."""

from django.core.management.base import BaseCommand, CommandError

from tillit.organisation.models import Municipality


class Command(BaseCommand):
    help = (
        "verify: check the audit chain and that the data agrees with it (exit 1 naming each "
        "record changed outside Tillit); baseline: log rows from before the audit log existed"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "baseline"])
        parser.add_argument("--municipality", required=True, help="the municipality's slug")

    def handle(self, *args, action, municipality, **options):
        from tillit.audit.verify import baseline, verify

        m = Municipality.objects.filter(slug=municipality).first()
        if m is None:
            raise CommandError(f"Kommunen {municipality!r} finns inte.")
        if action == "baseline":
            n = baseline(m)
            self.stdout.write(f"{n} rader loggade som utgångsläge för {m.name}.")
            return
        problems = verify(m)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Granskningsloggen för {m.name}: {len(problems)} avvikelse(r) funna.", returncode=1
            )
        from tillit.audit.models import AuditHead

        head = AuditHead.objects.filter(municipality=m).first()
        self.stdout.write(
            f"Granskningsloggen för {m.name} är hel ({head.seq if head else 0} händelser) och "
            "stämmer med datat."
        )
