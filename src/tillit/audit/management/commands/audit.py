"""`tillit audit verify|baseline --municipality SLUG` and `… --installation` (the chain of the
rows of no municipality: users, API tokens, two-factor devices)."""

from django.core.management.base import BaseCommand, CommandError

from tillit.organisation.models import Municipality


class Command(BaseCommand):
    help = (
        "verify: check the audit chain and that the data agrees with it (exit 1 naming each "
        "record changed outside Tillit); baseline: log rows from before the audit log (or its "
        "coverage of their table) existed"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "baseline"])
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--municipality", help="the municipality's slug")
        which.add_argument(
            "--installation",
            action="store_true",
            help="the installation's chain: users, API tokens, two-factor devices",
        )

    def handle(self, *args, action, municipality, installation, **options):
        from tillit.audit.verify import baseline, verify

        if installation:
            m, name = None, "installationen"
        else:
            m = Municipality.objects.filter(slug=municipality).first()
            if m is None:
                raise CommandError(f"Kommunen {municipality!r} finns inte.")
            name = m.name
        if action == "baseline":
            n = baseline(m)
            self.stdout.write(f"{n} rader loggade som utgångsläge för {name}.")
            return
        problems = verify(m)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Granskningsloggen för {name}: {len(problems)} avvikelse(r) funna.", returncode=1
            )
        from tillit.audit.models import AuditHead

        head = AuditHead.objects.filter(municipality=m).first()
        seq, last = (head.seq, head.last_hash) if head else (0, "")
        self.stdout.write(
            f"Granskningsloggen för {name} är hel ({seq} händelser) och stämmer med datat. "
            f"Huvud: #{seq} {last}"
        )
