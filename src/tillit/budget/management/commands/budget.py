"""`tillit budget document --municipality SLUG --year Y --out FILE.pdf|FILE.docx`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tillit.budget.documents import document_build, render_docx, render_pdf
from tillit.core.errors import TillitError
from tillit.organisation.selectors import municipality_get


class Command(BaseCommand):
    help = "Mål och budget: write the adopted budget of a year as PDF (tagged, Swedish) or Word."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["document"], help="document")
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--year", required=True, help="The budget year, e.g. 2027")
        parser.add_argument("--out", required=True, help="FILE.pdf or FILE.docx")

    def handle(self, *args, **options):
        out = Path(options["out"])
        suffix = out.suffix.lower()
        if suffix not in (".pdf", ".docx"):
            raise CommandError("--out ska sluta på .pdf eller .docx.", returncode=2)
        raw = options["year"]
        if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
            raise CommandError(f"Ogiltigt år {raw!r}: skriv ÅÅÅÅ.", returncode=2)
        try:
            m = municipality_get(slug=options["municipality"])
            doc = document_build(municipality=m, year=int(raw), today=timezone.localdate())
        except TillitError as exc:
            raise CommandError(exc.message, returncode=2) from None
        data = render_pdf(doc) if suffix == ".pdf" else render_docx(doc)
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(f"{out}: {doc.title}, {len(doc.sections)} organ")
