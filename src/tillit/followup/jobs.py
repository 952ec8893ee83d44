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
