"""Reading jobs: a user's own list ("Mina jobb") and one job, checked by
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
