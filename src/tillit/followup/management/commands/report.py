"""`tillit report --municipality SLUG [--body SLUG] --period PERIOD --out FILE.pdf|FILE.docx`.

With --body: that body's follow-up report. Without: the municipality-wide delårsrapport (Y-DR)
or årsredovisning (Y-AR), verksamhetsberättelse part (documents.compiled_build).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tillit.core.errors import TillitError
from tillit.followup.documents import (
    compiled_build,
    document_build,
    render_compiled_docx,
    render_compiled_pdf,
    render_docx,
    render_pdf,
)
from tillit.followup.periods import period_parse
from tillit.organisation.selectors import body_get, municipality_get


class Command(BaseCommand):
    help = (
        "Write a body's follow-up report for a period, or without --body the municipality-wide "
        "delårsrapport/årsredovisning (YYYY-DR, YYYY-AR), as PDF (tagged, Swedish) or Word."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--body", help="without it: the compiled municipality-wide report")
        parser.add_argument("--period", required=True, help="YYYY-T1, YYYY-DR, YYYY-AR, YYYY-MM")
        parser.add_argument("--out", required=True, help="FILE.pdf or FILE.docx")

    def handle(self, *args, **options):
        out = Path(options["out"])
        suffix = out.suffix.lower()
        if suffix not in (".pdf", ".docx"):
            raise CommandError("--out ska sluta på .pdf eller .docx.", returncode=2)
        today = timezone.localdate()
        try:
            m = municipality_get(slug=options["municipality"])
            period = period_parse(options["period"])
            if options["body"]:
                body = body_get(municipality=m, slug=options["body"])
                doc = document_build(municipality=m, body=body, period=period, today=today)
            else:
                doc = compiled_build(municipality=m, period=period, today=today)
        except TillitError as exc:
            raise CommandError(exc.message, returncode=2) from None
        if options["body"]:
            data = render_pdf(doc) if suffix == ".pdf" else render_docx(doc)
            summary = f"{len(doc.items)} uppdrag"
        else:
            data = render_compiled_pdf(doc) if suffix == ".pdf" else render_compiled_docx(doc)
            summary = f"{len(doc.bodies)} nämnder, {doc.totals['assignments']} uppdrag"
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {out}: {exc.strerror}") from None
        self.stdout.write(f"{out}: {summary}, {doc.title}")
