"""`tillit arshjul list --municipality SLUG [--year Y] [--json]` and
`tillit arshjul add --municipality SLUG --kind KIND --month M --day D [--title T]
[--end-month M --end-day D] [--only-year Y] [--body SLUG] [--remind-days N]`.

Thin adapters over followup.yearwheel (docs/arshjul.md). Bad input exits with status 2, a plain
Swedish message and nothing stored. The CLI is a trusted caller (whoever runs it has the
server), like `tillit demo`."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tillit.core.errors import TillitError, ValidationFailed
from tillit.followup import yearwheel
from tillit.followup.models import YearEventKind
from tillit.organisation.models import Body
from tillit.organisation.selectors import municipality_get

FIELDS = {
    "kind": "--kind",
    "title": "--title",
    "month": "--month",
    "day": "--day",
    "end_month": "--end-month",
    "end_day": "--end-day",
    "year": "--only-year",
    "body": "--body",
    "remind_days_before": "--remind-days",
}


class Command(BaseCommand):
    help = "Årshjul: list the governance year's events, or add one (docs/arshjul.md)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "add"], help="list | add")
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--year", help="list: the year (default this year)")
        parser.add_argument("--json", action="store_true", help="list: as JSON")
        parser.add_argument("--kind", help="add: " + " | ".join(YearEventKind.values))
        parser.add_argument("--title", default="", help="add: empty = the kind's usual title")
        parser.add_argument("--month", help="add: 1–12")
        parser.add_argument("--day", help="add: day of the month")
        parser.add_argument("--end-month", dest="end_month", help="add: a span's last month")
        parser.add_argument("--end-day", dest="end_day", help="add: a span's last day")
        parser.add_argument("--only-year", dest="only_year", help="add: only this year")
        parser.add_argument("--body", help="add: the body's slug, e.g. kf")
        parser.add_argument("--remind-days", dest="remind_days", default="14", help="add: 0–120")

    def handle(self, *args, **options):
        try:
            m = municipality_get(slug=options["municipality"])
        except TillitError as exc:
            raise CommandError(exc.message, returncode=2) from None
        if options["action"] == "list":
            return self._list(m, options)
        return self._add(m, options)

    def _list(self, m, options):
        raw = options["year"] or str(timezone.localdate().year)
        if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
            raise CommandError(f"Ogiltigt år {raw!r}: skriv ÅÅÅÅ.", returncode=2)
        year = int(raw)
        events = yearwheel.year_events(municipality=m, year=year)
        if options["json"]:
            items = [
                {
                    "id": o.event_id,
                    "kind": o.kind,
                    "title": o.title,
                    "start": o.start.isoformat(),
                    "end": o.end.isoformat() if o.end else None,
                    "body": o.body.slug if o.body else None,
                    "remind_days_before": o.remind_days_before,
                }
                for o in events
            ]
            self.stdout.write(
                json.dumps(
                    {
                        "year": year,
                        "configured": yearwheel.is_configured(m),
                        "items": items,
                        "count": len(items),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not yearwheel.is_configured(m):
            self.stdout.write(f"{m.name} {year}: Tillits standardårshjul (inte kommunens egna).")
        for n, o in enumerate(events, start=1):
            body = f" ({o.body.name})" if o.body else ""
            start = o.start.isoformat()
            span = f"{start} – {o.end.isoformat()}" if o.end else start
            self.stdout.write(f"{n:>2}. {span}  {o.title}{body}  [{o.kind}]")

    def _add(self, m, options):
        body = None
        if options["body"]:
            body = Body.objects.filter(municipality=m, slug=options["body"]).first()
            if body is None:
                raise CommandError(
                    f"Organet {options['body']!r} finns inte i {m.name}.", returncode=2
                )
        data = {
            "kind": options["kind"] or "",
            "title": options["title"],
            "month": options["month"],
            "day": options["day"],
            "end_month": options["end_month"],
            "end_day": options["end_day"],
            "year": options["only_year"],
            "body": body,
            "remind_days_before": options["remind_days"],
        }
        try:
            event = yearwheel.year_event_save(actor=None, municipality=m, **data)
        except ValidationFailed as exc:
            lines = [f"{FIELDS.get(k, k)}: {msg}" for k, msg in exc.errors.items()]
            raise CommandError(
                "Händelsen sparades inte.\n" + "\n".join(lines), returncode=2
            ) from None
        except TillitError as exc:
            raise CommandError(exc.message, returncode=2) from None
        self.stdout.write(f"Sparad: {event.title} (id {event.pk}).")
