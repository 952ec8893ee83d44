"""The one django-tasks task: run a Job. Apps register job kinds (services.job_kind) instead of
tasks of their own, so every background run gets the same progress, errors and safety."""

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from .services import job_run

    job_run(job_id)
