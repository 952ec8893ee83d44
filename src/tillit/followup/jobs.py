"""The daily reminders and e-mail digest as a background job (tillit.jobs): `tillit remind
--queue` (what the timer may run) hands them to the worker, where mail-server waits do not hold a
timer's process, and each run is kept with its outcome."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.jobs.services import job_kind


@job_kind("followup.remind", label=gettext_lazy("Dagens påminnelser"))  # system job only
def remind_job(job, progress, *, day: str | None = None, days_before: int = 14) -> dict:
    from .services import reminders_run

    progress.stage(_("Skickar påminnelser"))
    result = reminders_run(
        today=date.fromisoformat(day) if day else None,
        days_before=days_before,
        municipality=job.municipality,
    )
    return {
        "message": _("%(sent)s påminnelser skickade (%(checked)s uppdrag kontrollerade).")
        % {"sent": result.sent, "checked": result.checked},
        "sent": result.sent,
        "checked": result.checked,
    }


def _may_compile(user, municipality) -> bool:
    from tillit.accounts.models import RoleKind
    from tillit.accounts.permissions import has_role

    return has_role(user, municipality, *RoleKind.values)


@job_kind(
    "followup.compiled",
    label=gettext_lazy("Hela kommunens uppföljningsrapport"),
    may_start=_may_compile,
)
def compiled_job(job, progress, *, period: str, fmt: str = "pdf") -> dict:
    """The municipality-wide delårsrapport/årsredovisning as PDF or Word (issue 13 item 5):
    compiled by the worker, kept with the job, downloaded from its page."""
    from django.urls import reverse
    from django.utils import timezone

    from tillit.jobs.services import job_file_save

    from .documents import compiled_build, render_compiled_docx, render_compiled_pdf
    from .periods import period_parse

    found = period_parse(period)
    progress.stage(_("Sammanställer nämndernas uppföljning"), total=2)
    doc = compiled_build(municipality=job.municipality, period=found, today=timezone.localdate())
    progress.update(1)
    progress.stage(_("Skapar filen"), total=2)
    data = render_compiled_docx(doc) if fmt == "docx" else render_compiled_pdf(doc)
    name = job_file_save(job, f"{job.municipality.slug}-{found.code.lower()}.{fmt}", data)
    progress.update(2)
    return {
        "message": _("%(label)s för hela kommunen är klar att hämta.") % {"label": found.label},
        "file": name,
        "url": reverse("jobs:file", kwargs={"municipality": job.municipality.slug, "pk": job.pk}),
        "link": _("Hämta dokumentet"),
    }
