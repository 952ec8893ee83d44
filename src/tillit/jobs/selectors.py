"""Reading jobs: a user's own list ("Mina bakgrundsarbeten") and one job, checked by
accounts.permissions.can_view_job."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tillit.accounts.permissions import can_view_job
from tillit.core.errors import NotFound, PermissionDenied

from .models import Job, JobStatus
from .services import job_reap


def jobs_for_user(*, user, municipality, limit: int = 50) -> list[Job]:
    jobs = list(Job.objects.filter(municipality=municipality, user=user)[:limit])
    return [job_reap(j) if j.status == JobStatus.RUNNING else j for j in jobs]


def job_get(*, user, municipality, pk: int) -> Job:
    """The job, its state fresh (a job whose worker died reads as failed)."""
    job = Job.objects.filter(pk=pk, municipality=municipality).first()
    if job is None:
        raise NotFound(_("Jobbet finns inte."))
    if not can_view_job(user, job):
        raise PermissionDenied(_("Du får inte se det här jobbet."))
    return job_reap(job)


HAS_JOBS = "tillit_has_jobs"  # session key: the header links to the user's jobs only when set


def remember_has_jobs(sender=None, request=None, user=None, **kwargs) -> None:
    """At login (one query), and whenever the user sees one of their jobs: whether the header
    should show "Bakgrundsarbeten". Kept in the session, so no page reads it from the database."""
    if request is None or not hasattr(request, "session") or user is None:
        return
    if request.session.get(HAS_JOBS):
        return
    if Job.objects.filter(user=user).exists():
        request.session[HAS_JOBS] = True


def has_jobs_seen(request) -> None:
    """The user has seen one of her jobs: the header may link to them. Written once, so the
    progress fragment's polling does not save the session every second."""
    if not request.session.get(HAS_JOBS):
        request.session[HAS_JOBS] = True
