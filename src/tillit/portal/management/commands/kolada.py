"""`tillit kolada fetch --municipality 0884 --kpi N15428,U21468 --years 2019-2025`
`tillit kolada bundle` loads the offline demo bundle (same parser and import)."""

from django.core.management.base import BaseCommand, CommandError

from tillit.portal.indicators import kolada_bundle_load, kolada_fetch
from tillit.portal.kolada import KoladaError, parse_years


class Command(BaseCommand):
    help = "Fetch KPI values from Kolada (API v3) or load the offline bundle."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        fetch = sub.add_parser("fetch", help="fetch values from api.kolada.se")
        fetch.add_argument("--municipality", required=True, help="municipality code, e.g. 0884")
        fetch.add_argument("--kpi", required=True, help="comma-separated KPI ids")
        fetch.add_argument("--years", required=True, help="e.g. 2019-2025 or 2021,2023")
        fetch.add_argument(
            "--queue",
            action="store_true",
            help="hand the fetch to the background worker (tillit worker) and return at once",
        )
        sub.add_parser("bundle", help="load the offline demo bundle (no network)")

    def handle(self, *args, action, **options):
        try:
            if action == "bundle":
                n = kolada_bundle_load()
                self.stdout.write(f"{n} värden inlästa från paketet.")
                return
            code = options["municipality"].strip()
            if not (code.isdigit() and len(code) == 4):
                raise CommandError(
                    "--municipality ska vara en kommunkod med fyra siffror, t.ex. 0884."
                )
            kpis = [k.strip().upper() for k in options["kpi"].split(",") if k.strip()]
            if not kpis:
                raise CommandError("--kpi saknar nyckeltal.")
            try:
                years = parse_years(options["years"])
            except ValueError as exc:
                raise CommandError(f"--years: {exc}. Skriv t.ex. 2019-2025.") from None
            if options.get("queue"):
                from tillit.jobs.services import job_start
                from tillit.organisation.models import Municipality

                job = job_start(
                    actor=None,
                    municipality=Municipality.objects.filter(code=code).first(),
                    kind="portal.kolada_fetch",
                    params={"municipality_code": code, "kpis": kpis, "years": years},
                    lock_key=f"kolada:{code}",
                )
                self.stdout.write(f"Hämtningen körs i bakgrunden (jobb {job.pk}).")
                return
            n = kolada_fetch(municipality_code=code, kpis=kpis, years=years)
            self.stdout.write(f"{n} värden hämtade från Kolada för {', '.join(kpis)}.")
        except KoladaError as exc:
            raise CommandError(str(exc)) from None
