"""The budget document as a background job (tillit.jobs): compiling a PDF of many pages takes
seconds of CPU, which a web worker should not spend (issue 18). The file is kept with the job and
downloaded from it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.accounts.models import RoleKind
from tillit.accounts.permissions import has_role
from tillit.jobs.services import job_file_save, job_kind


def may_compile(user, municipality) -> bool:
    """Anyone with a role in the municipality (the document itself is public)."""
    return has_role(user, municipality, *RoleKind.values)


@job_kind(
    "budget.document", label=gettext_lazy("Mål och budget som dokument"), may_start=may_compile
)
def budget_document_job(job, progress, *, year: int, fmt: str = "pdf") -> dict:
    from . import documents

    progress.stage(_("Sammanställer budgeten"), total=2)
    doc = documents.document_build(
        municipality=job.municipality, year=year, today=timezone.localdate()
    )
    progress.update(1)
    progress.stage(_("Skapar filen"), total=2)
    data = documents.render_docx(doc) if fmt == "docx" else documents.render_pdf(doc)
    name = job_file_save(job, f"mal-och-budget-{job.municipality.slug}-{year}.{fmt}", data)
    progress.update(2)
    return {
        "message": _("Mål och budget %(year)s är klar att hämta.") % {"year": year},
        "file": name,
        "url": reverse("jobs:file", kwargs={"municipality": job.municipality.slug, "pk": job.pk}),
        "link": _("Hämta dokumentet"),
    }
