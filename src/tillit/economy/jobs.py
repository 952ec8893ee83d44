"""The economy's background jobs (tillit.jobs): the web SIE and CSV imports.

The upload is saved under VAR_DIR by the page (views.import_page / csv_import_page), named by its
SHA-256; the job reads it from there, so a job can be retried while the file is kept. The import
itself is the same atomic service the CLI calls: a worker killed mid-import stores nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.accounts.permissions import can_import_economy
from tillit.core.errors import TillitError
from tillit.jobs.services import job_kind

from . import imports

SIE_DIR = "sie-uploads"
CSV_DIR = "csv-uploads"


def upload_dir(name: str) -> Path:
    import tempfile

    folder = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_lock_key(municipality) -> str:
    """One economy import at a time per municipality: two at once could both find the period
    free and both store it."""
    return f"economy-import:{municipality.pk}"


def _missing_file():
    return TillitError(_("Den uppladdade filen finns inte längre. Ladda upp den igen."))


@job_kind("economy.sie_import", label=gettext_lazy("SIE-inläsning"), may_start=can_import_economy)
def sie_import_job(job, progress, *, token: str, file_name: str, replace: bool = False) -> dict:
    m = job.municipality
    path = upload_dir(SIE_DIR) / f"{token}.se"
    if not path.exists():
        raise _missing_file()
    size = path.stat().st_size
    progress.stage(_("Läser filen"), total=size)

    def read(done, total):
        progress.update(done, total)
        if done >= total:
            progress.stage(_("Sparar raderna"))

    result = imports.sie_file_import(
        municipality=m,
        path=path,
        replace=replace,
        actor=job.user,
        file_name=file_name,
        progress=read,
    )
    path.unlink(missing_ok=True)
    overview = reverse("economy:overview", kwargs={"municipality": m.slug})
    if result.status == "already_imported":
        return {"message": _("Filen är redan inläst; inget ändrades."), "url": overview}
    message = _("%(name)s är inläst: %(rows)s utfallsrader och %(budget)s budgetrader.") % {
        "name": file_name,
        "rows": result.rows,
        "budget": result.budget_rows,
    }
    if result.unmapped:
        progress.note(
            _("%(n)s objekt saknar koppling till ett organ. Koppla dem under Kopplingar.")
            % {"n": len(result.unmapped)}
        )
        url = reverse("economy:mappings", kwargs={"municipality": m.slug})
        return {"message": message, "url": url, "link": _("Koppla objekten")}
    return {
        "message": message,
        "url": overview,
        "link": _("Till ekonomiöversikten"),
        "rows": result.rows,
        "budget_rows": result.budget_rows,
        "batch": result.batch.pk if result.batch else None,
    }


@job_kind("economy.csv_import", label=gettext_lazy("CSV-inläsning"), may_start=can_import_economy)
def csv_import_job(
    job, progress, *, token: str, kind: str, file_name: str, replace: bool = False
) -> dict:
    m = job.municipality
    path = upload_dir(CSV_DIR) / f"{token}.csv"
    if not path.exists():
        raise _missing_file()
    progress.stage(_("Läser in filen"))
    try:
        result = imports.csv_file_import(
            actor=job.user,
            municipality=m,
            kind=kind,
            source=path.read_bytes(),
            file_name=file_name,
            replace=replace,
        )
    except imports.ValidationFailed as exc:
        for text in list(exc.errors.values())[:20]:
            progress.note(text)
        raise TillitError(_("Filen lästes inte in och inget sparades.")) from None
    path.unlink(missing_ok=True)
    url = reverse("economy:overview", kwargs={"municipality": m.slug})
    if result.year:
        url = f"{url}?ar={result.year}"
    if kind == imports.CsvKind.FRAMES:
        message = _("%(name)s är inläst: %(new)s nya ramar, %(same)s redan satta.") % {
            "name": file_name,
            "new": result.new,
            "same": len(result.frames) - result.new,
        }
    elif result.already:
        message = _("Filen är redan inläst; inget ändrades.")
    else:
        message = _("%(name)s är inläst: %(rows)s rader för %(start)s–%(end)s.") % {
            "name": file_name,
            "rows": result.batch.rows,
            "start": result.batch.period_start.strftime("%Y-%m"),
            "end": result.batch.period_end.strftime("%Y-%m"),
        }
    return {"message": message, "url": url, "link": _("Till ekonomiöversikten")}


def _jsonable(value):
    """The preview as JSON (Decimals and dates as text)."""
    import json

    return json.loads(json.dumps(value, default=str))


@job_kind(
    "economy.sie_preview",
    label=gettext_lazy("Förhandsgranskning av SIE-fil"),
    may_start=can_import_economy,
    refresh=True,
)
def sie_preview_job(job, progress, *, token: str, file_name: str) -> dict:
    """The upload's preview (a rolled-back import, imports.sie_import_preview). A broken file
    fails the job with its one error and is deleted; otherwise the import page shows the result
    and offers to confirm it (economy.sie_import)."""
    m = job.municipality
    path = upload_dir(SIE_DIR) / f"{token}.se"
    if not path.exists():
        raise _missing_file()
    progress.stage(_("Läser filen"), total=path.stat().st_size)

    def read(done, total):
        progress.update(done, total)
        if done >= total:
            progress.stage(_("Räknar fram det som skulle sparas"))

    preview = imports.sie_import_preview(
        municipality=m, path=path, file_name=file_name, progress=read
    )
    if preview.errors:
        path.unlink(missing_ok=True)  # refused: nothing to confirm
        raise TillitError(preview.errors[0])
    r = preview.result
    url = reverse("economy:import", kwargs={"municipality": m.slug})
    return {
        "message": _("Förhandsgranskningen är klar."),
        "url": f"{url}?jobb={job.pk}",
        "link": _("Visa förhandsgranskningen"),
        "token": token,
        "file_name": file_name,
        "conflict": preview.conflict,
        "preview": _jsonable(
            {
                "summary": r.summary,
                "rows": r.rows,
                "budget_rows": r.budget_rows,
                "unmapped": r.unmapped,
                "skipped": r.skipped,
                "per_object": r.per_object,
            }
        ),
    }


@job_kind(
    "economy.csv_preview",
    label=gettext_lazy("Förhandsgranskning av CSV-fil"),
    may_start=can_import_economy,
    refresh=True,
)
def csv_preview_job(job, progress, *, token: str, kind: str, file_name: str) -> dict:
    """The CSV upload's preview (a rolled-back import, imports.csv_import_preview). Row errors
    fail the job, one message per row (shown beside the upload form again)."""
    m = job.municipality
    path = upload_dir(CSV_DIR) / f"{token}.csv"
    if not path.exists():
        raise _missing_file()
    progress.stage(_("Läser filen"))
    preview = imports.csv_import_preview(
        actor=job.user, municipality=m, kind=kind, source=path.read_bytes(), file_name=file_name
    )
    if preview.result is None:
        for text in preview.errors[:50]:
            progress.note(text)
        raise TillitError(_("Filen lästes inte in och inget sparades. Rätta raderna nedan."))
    r = preview.result
    batch = r.batch
    url = reverse("economy:csv_import", kwargs={"municipality": m.slug})
    return {
        "message": _("Förhandsgranskningen är klar."),
        "url": f"{url}?jobb={job.pk}",
        "link": _("Visa förhandsgranskningen"),
        "token": token,
        "kind": kind,
        "file_name": file_name,
        "conflict": preview.conflict,
        "preview": _jsonable(
            {
                "kind": r.kind,
                "year": r.year,
                "frames": r.frames,
                "new": r.new,
                "already": r.already,
                "per_body": r.per_body,
                "batch": (
                    {
                        "period_start": batch.period_start,
                        "period_end": batch.period_end,
                        "rows": batch.rows,
                    }
                    if batch is not None
                    else None
                ),
                "replaced": [
                    {
                        "file_name": b.file_name,
                        "period_start": b.period_start,
                        "period_end": b.period_end,
                    }
                    for b in r.replaced
                ],
            }
        ),
    }
