"""Jobs: start long work in the background (``job_start``), run it in `tillit worker`
(``job_run``, called by the django-tasks task ``tasks.run_job``), retry a failed one.

A job kind is a function registered with ``@job_kind``::

    @job_kind("economy.sie_import", label=_("SIE-inläsning"), may_start=can_import_economy)
    def sie_import(job, progress, *, path, replace):
        progress.stage("Läser filen", total=size)
        ...
        return {"message": "…är inläst", "url": "/vimmerby/ekonomi/"}

It gets the Job and a ``progress.Progress`` and its ``params`` as keyword arguments; it returns a
JSON-able dict (``message`` is shown, ``url`` is where the user continues) or raises a
TillitError, whose Swedish message becomes the job's error. Any other exception fails the job
with a general message (the details go to the log).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tillit.core.errors import Conflict, NotFound, PermissionDenied, TillitError

from .models import OPEN_STATUSES, Job, JobStatus
from .progress import Progress

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    run: Callable[..., dict]
    may_start: Callable | None  # (user, municipality) -> bool; None: system jobs only
    # The page that polls the job reloads when it ends: it shows the outcome itself (a preview).
    refresh: bool = False


KINDS: dict[str, JobKind] = {}


def job_kind(name: str, *, label, may_start: Callable | None = None, refresh: bool = False):
    """Register the decorated function as the job kind ``name``."""

    def register(fn):
        KINDS[name] = JobKind(name=name, label=label, run=fn, may_start=may_start, refresh=refresh)
        return fn

    return register


def _kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise NotFound(_("Okänt slags jobb: %(name)s") % {"name": name}) from None


# ---------------------------------------------------------------------------------------------
# Starting


def job_start(
    *,
    actor,
    municipality,
    kind: str,
    params: dict | None = None,
    title: str = "",
    lock_key: str = "",
    retry_of: Job | None = None,
) -> Job:
    """Queue a job of ``kind`` for ``actor`` (None: the system) in ``municipality`` and return it
    at once. With ``lock_key``, a second job with the same key is refused (Conflict) while the
    first is queued or running. ``params`` must be JSON-able; they are the kind function's
    keyword arguments."""
    spec = _kind(kind)
    if actor is not None and (spec.may_start is None or not spec.may_start(actor, municipality)):
        raise PermissionDenied(_("Du får inte starta det här jobbet."))
    from .tasks import run_job

    if lock_key:
        for open_job in Job.objects.filter(lock_key=lock_key, status__in=OPEN_STATUSES):
            job_reap(open_job)  # a job whose worker died no longer holds the key
    try:
        with transaction.atomic():
            job = Job.objects.create(
                municipality=municipality,
                user=actor,
                kind=kind,
                title=(title or str(spec.label))[:300],
                params=params or {},
                lock_key=lock_key[:200],
                retry_of=retry_of,
            )
    except IntegrityError:
        running = Job.objects.filter(lock_key=lock_key, status__in=OPEN_STATUSES).first()
        raise Conflict(
            _("Samma arbete pågår redan (%(title)s). Vänta tills det är klart.")
            % {"title": running.title if running else spec.label},
            extra={"job": running.pk if running else None},
        ) from None
    # Enqueued after the Job row is committed, so the worker always finds it. The database
    # backend stores the task in the same database; another backend works the same way.
    result = run_job.enqueue(job.pk)
    if result.id and not job.task_id:
        Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_retry(*, actor, job: Job) -> Job:
    """Start a failed job again, with the same parameters."""
    from tillit.accounts.permissions import can_view_job

    if not can_view_job(actor, job):
        raise PermissionDenied(_("Du får inte se det här jobbet."))
    job_reap(job)
    if job.status != JobStatus.FAILED:
        raise Conflict(_("Bara ett misslyckat jobb kan startas igen."))
    return job_start(
        actor=actor,
        municipality=job.municipality,
        kind=job.kind,
        params=job.params,
        title=job.title,
        lock_key=job.lock_key,
        retry_of=job,
    )


# ---------------------------------------------------------------------------------------------
# Running (in the worker)


def job_run(job_id: int) -> None:
    """Run a queued job to its end: done with its result, or failed with a Swedish error."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        worker_host=socket.gethostname()[:200],
        worker_pid=os.getpid(),
    )
    if not claimed:  # gone, or already run (a task delivered twice)
        return
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    try:
        spec = _kind(job.kind)
        with override(settings.LANGUAGE_CODE):
            result = spec.run(job, progress, **job.params)
    except TillitError as exc:
        _finish(job, progress, JobStatus.FAILED, error=exc.message)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            progress,
            JobStatus.FAILED,
            error=_(
                "Ett oväntat fel inträffade och inget sparades. Försök igen eller kontakta "
                "administratören."
            ),
        )
    else:
        _finish(job, progress, JobStatus.DONE, result=result or {})
    finally:
        progress.close()


def _finish(job: Job, progress: Progress, status: str, *, result=None, error: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        result=result,
        error=str(error),
        stage=progress.stage_text[:200],
        done=progress.done,
        total=progress.total,
        messages=progress.messages,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


# ---------------------------------------------------------------------------------------------
# A worker that died


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child not yet waited for is a zombie: dead all the same
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def job_reap(job: Job) -> Job:
    """Mark a running job failed when its worker is gone: on this host, its process no longer
    exists; elsewhere, no sign of life for TILLIT_JOB_STALE_SECONDS. Its work was rolled back
    with the worker's transaction, so the job can simply be retried."""
    if job.status != JobStatus.RUNNING:
        return job
    dead = False
    if job.worker_host == socket.gethostname() and job.worker_pid:
        dead = not _pid_alive(job.worker_pid)
    else:
        stale = timedelta(seconds=getattr(settings, "TILLIT_JOB_STALE_SECONDS", 900))
        dead = job.heartbeat_at is not None and job.heartbeat_at < timezone.now() - stale
    if dead:
        error = _(
            "Jobbet avbröts eftersom processen som körde det stoppades. Inget sparades. "
            "Starta det igen."
        )
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, error=error, finished_at=timezone.now()
        )
        job.refresh_from_db()
    return job


def jobs_reap_all() -> int:
    """Reap every running job (the worker does this when it starts)."""
    count = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        if job_reap(job).status == JobStatus.FAILED:
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Files a job produces (compiled documents): kept under VAR_DIR/jobs/<id>/, served by
# views.job_file to whoever may see the job.

FILE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def job_file_dir(job: Job):
    return settings.VAR_DIR / "jobs" / str(job.pk)


def job_file_save(job: Job, name: str, data: bytes) -> str:
    """Store a file the job produced; its name for the job's result (``file``)."""
    safe = os.path.basename(name)
    if os.path.splitext(safe)[1].lower() not in FILE_TYPES or safe != name:
        raise ValueError(f"not a job file name: {name!r}")
    folder = job_file_dir(job)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / safe
    tmp = folder / (safe + ".part")
    tmp.write_bytes(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)  # a reader never sees half a file
    return safe


def job_file_open(job: Job):
    """(path, name, content type) of the job's finished file, or NotFound."""
    name = (job.result or {}).get("file") if job.status == JobStatus.DONE else None
    if not name or os.path.basename(name) != name:
        raise NotFound(_("Jobbet har ingen fil."))
    path = job_file_dir(job) / name
    kind = FILE_TYPES.get(os.path.splitext(name)[1].lower())
    if kind is None or not path.is_file():
        raise NotFound(_("Filen finns inte längre. Starta jobbet igen."))
    return path, name, kind
