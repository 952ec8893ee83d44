"""Kolada fetches as background jobs (tillit.jobs): a fetch of many indicators and years waits on
api.kolada.se for a long time. `tillit kolada fetch --queue` hands it to the worker."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.accounts.permissions import can_configure
from tillit.core.errors import TillitError
from tillit.jobs.services import job_kind


@job_kind(
    "portal.kolada_fetch", label=gettext_lazy("Hämtning från Kolada"), may_start=can_configure
)
def kolada_fetch_job(job, progress, *, municipality_code: str, kpis: list, years: list) -> dict:
    from .indicators import kolada_fetch
    from .kolada import KoladaError

    progress.stage(_("Hämtar nyckeltal från Kolada"), total=len(kpis))
    written = 0
    try:
        # One indicator at a time, so the page can show how far the fetch has come.
        for i, kpi in enumerate(kpis, 1):
            written += kolada_fetch(municipality_code=municipality_code, kpis=[kpi], years=years)
            progress.update(i)
    except KoladaError as exc:
        raise TillitError(_("Kolada svarade inte som väntat: %(e)s") % {"e": exc}) from None
    return {
        "message": _("%(n)s värden hämtade från Kolada för %(kpis)s.")
        % {"n": written, "kpis": ", ".join(kpis)},
        "written": written,
    }
