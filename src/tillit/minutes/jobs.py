"""The minutes' background job (tillit.jobs): reading a large uploaded protocol.

A small upload is read in the request. A large one (over TILLIT_MINUTES_JOB_BYTES, default 2 MB —
long PDFs take seconds to read) is saved under VAR_DIR named by its SHA-256 and read by `tillit
worker`; the job's page links to the review screen when it is done. The reading and storing are
the same functions the page calls (reader.parse_minutes, services.protocol_store).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.accounts.permissions import can_register_any
from tillit.core.errors import TillitError
from tillit.jobs.services import job_kind

from .models import ProtocolSource
from .organisation import organisation_names
from .reader import MinutesUnreadable, parse_minutes
from .services import protocol_store

UPLOAD_DIR = "minutes-uploads"
EXTENSIONS = (".pdf", ".docx", ".txt")


def upload_dir() -> Path:
    folder = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def job_threshold() -> int:
    return int(getattr(settings, "TILLIT_MINUTES_JOB_BYTES", 2 * 1024 * 1024))


@job_kind(
    "minutes.read_protocol",
    label=gettext_lazy("Inläsning av protokoll"),
    may_start=can_register_any,
)
def read_protocol_job(job, progress, *, token: str, ext: str, file_name: str) -> dict:
    if len(token) != 64 or ext not in EXTENSIONS:
        raise TillitError(_("Okänd uppladdning."))
    path = upload_dir() / f"{token}{ext}"
    if not path.exists():
        raise TillitError(_("Den uppladdade filen finns inte längre. Ladda upp den igen."))
    m = job.municipality
    progress.stage(_("Läser protokollet"))
    try:
        minutes = parse_minutes(path, filename=file_name, organisation=organisation_names(m))
        progress.stage(_("Sparar det som lästes"))
        protocol = protocol_store(
            actor=job.user,
            municipality=m,
            meeting=minutes.to_dict(),
            file_name=file_name,
            sha256=token,
            source=ProtocolSource.WEB,
        )
    except MinutesUnreadable as exc:
        path.unlink(missing_ok=True)  # unreadable: nothing to retry with, nothing stored
        raise TillitError(exc.message) from None
    path.unlink(missing_ok=True)
    return {
        "message": _("Protokollet är läst: %(n)s paragrafer.") % {"n": len(minutes.paragraphs)},
        "url": reverse("minutes:review", kwargs={"municipality": m.slug, "pk": protocol.pk}),
        "link": _("Granska protokollet"),
        "protocol_id": protocol.pk,
    }
