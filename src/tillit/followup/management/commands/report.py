"""`tillit report --municipality SLUG --body SLUG --period PERIOD --out FILE.pdf|FILE.docx`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tillit.core.errors import TillitError
from tillit.followup.documents import document_build, render_docx, render_pdf
from tillit.followup.periods import period_parse
from tillit.organisation.selectors import body_get, municipality_get


class Command(BaseCommand):
    help = "Write a body's follow-up report for a period as PDF (tagged, Swedish) or Word."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--body", required=True)
        parser.add_argument("--period", required=True, help="YYYY-T1, YYYY-DR, YYYY-AR, YYYY-MM")
        parser.add_argument("--out", required=True, help="FILE.pdf or FILE.docx")

    def handle(self, *args, **options):
        out = Path(options["out"])
        suffix = out.suffix.lower()
        if suffix not in (".pdf", ".docx"):
            raise CommandError("--out ska sluta på .pdf eller .docx.")
        try:
            m = municipality_get(slug=options["municipality"])
            body = body_get(municipality=m, slug=options["body"])
            period = period_parse(options["period"])
        except TillitError as exc:
            raise CommandError(exc.message) from None
        doc = document_build(municipality=m, body=body, period=period, today=timezone.localdate())
        data = render_pdf(doc) if suffix == ".pdf" else render_docx(doc)
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {out}: {exc.strerror}") from None
        self.stdout.write(f"{out}: {len(doc.items)} uppdrag, {doc.title}")
