"""`tillit budget document --municipality SLUG --year Y --out FILE.pdf|FILE.docx` and
`tillit budget verksamhetsplan --municipality SLUG --year Y --body SLUG --out FILE.pdf|FILE.docx`.
Thin adapters over budget.documents and budget.selectors; bad input exits with status 2 and
writes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tillit.budget.documents import document_build, plan_docx, plan_pdf, render_docx, render_pdf
from tillit.budget.selectors import operational_plan_view
from tillit.core.errors import TillitError
from tillit.organisation.selectors import body_get, municipality_get


class Command(BaseCommand):
    help = (
        "Mål och budget: write the adopted budget of a year (document) or a body's "
        "verksamhetsplan as PDF (tagged, Swedish) or Word."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=["document", "verksamhetsplan"], help="document | verksamhetsplan"
        )
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--year", required=True, help="The budget year, e.g. 2027")
        parser.add_argument("--body", help="The body's slug (verksamhetsplan), e.g. sn")
        parser.add_argument("--out", required=True, help="FILE.pdf or FILE.docx")

    def handle(self, *args, **options):
        out = Path(options["out"])
        suffix = out.suffix.lower()
        if suffix not in (".pdf", ".docx"):
            raise CommandError("--out ska sluta på .pdf eller .docx.", returncode=2)
        raw = options["year"]
        if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
            raise CommandError(f"Ogiltigt år {raw!r}: skriv ÅÅÅÅ.", returncode=2)
        year = int(raw)
        if options["action"] == "verksamhetsplan" and not options["body"]:
            raise CommandError("Ange organet med --body, t.ex. --body sn.", returncode=2)
        try:
            m = municipality_get(slug=options["municipality"])
            if options["action"] == "document":
                doc = document_build(municipality=m, year=year, today=timezone.localdate())
                data = render_pdf(doc) if suffix == ".pdf" else render_docx(doc)
                summary = f"{doc.title}, {len(doc.sections)} organ"
            else:
                body = body_get(municipality=m, slug=options["body"])
                view = operational_plan_view(municipality=m, body=body, year=year)
                if not view.rows:
                    raise CommandError(
                        f"Det finns ingen antagen budget för {year} med uppdrag till "
                        f"{body.name}; ingen verksamhetsplan att skriva.",
                        returncode=2,
                    )
                data = plan_pdf(m, view) if suffix == ".pdf" else plan_docx(m, view)
                written = sum(1 for _a, item in view.rows if item and item.activities)
                summary = (
                    f"Verksamhetsplan {year}: {body.name}, {len(view.rows)} uppdrag "
                    f"({written} med aktiviteter)"
                )
        except TillitError as exc:
            raise CommandError(exc.message, returncode=2) from None
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(f"{out}: {summary}")
