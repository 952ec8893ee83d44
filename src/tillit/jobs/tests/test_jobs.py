"""Jobs: start, progress, result and errors, refusal of a second run, who sees what, a worker
that died. The tests run the real task in-process (test settings: django-tasks' immediate
backend), so what a job stores is what the worker would store."""

from __future__ import annotations

import subprocess

import pytest
from django.db import transaction

from tillit.accounts.permissions import can_manage_economy
from tillit.core.errors import Conflict, PermissionDenied, TillitError
from tillit.jobs.models import Job, JobStatus
from tillit.jobs.services import job_kind, job_reap, job_retry, job_run, job_start

SEEN: list[dict] = []


@job_kind("test.count", label="Räkna", may_start=can_manage_economy)
def _count(job, progress, *, n: int, fail: str = "") -> dict:
    progress.stage("Räknar", total=n)
    for i in range(n):
        progress.update(i + 1)
    progress.note("Halvvägs var bra.")
    SEEN.append({"stage": progress.stage_text, "done": progress.done, "total": progress.total})
    if fail == "tillit":
        raise TillitError("Det gick inte: filen är trasig.")
    if fail == "bug":
        raise RuntimeError("internal detail that must not be shown")
    return {"message": f"Räknade till {n}.", "url": "/testkommun/"}


def test_a_job_runs_and_keeps_its_progress_and_result(kommun):
    job = job_start(
        actor=kommun.users["sekreterare-kf"],
        municipality=kommun.municipality,
        kind="test.count",
        params={"n": 5},
        title="Räkna till fem",
    )
    assert job.status == JobStatus.DONE and job.result["message"] == "Räknade till 5."
    assert (job.stage, job.done, job.total, job.percent) == ("Räknar", 5, 5, 100)
    assert job.messages == ["Halvvägs var bra."] and job.task_id
    assert job.user == kommun.users["sekreterare-kf"] and job.worker_pid


def test_errors_become_a_failed_job_with_a_swedish_message(kommun):
    args = {"actor": None, "municipality": kommun.municipality, "kind": "test.count"}
    job = job_start(**args, params={"n": 2, "fail": "tillit"})
    assert job.status == JobStatus.FAILED and job.error == "Det gick inte: filen är trasig."
    job = job_start(**args, params={"n": 2, "fail": "bug"})
    assert job.status == JobStatus.FAILED and "oväntat fel" in job.error
    assert "internal detail" not in job.error


def test_who_may_start_it(kommun):
    with pytest.raises(PermissionDenied):
        job_start(
            actor=kommun.users["sekreterare-bun"],
            municipality=kommun.municipality,
            kind="test.count",
            params={"n": 1},
        )
    assert not Job.objects.exists()


def test_the_same_key_is_refused_while_a_job_is_open(kommun):
    m = kommun.municipality
    Job.objects.create(
        municipality=m, kind="test.count", title="Pågår", lock_key="k", status="queued"
    )
    with pytest.raises(Conflict) as exc, transaction.atomic():
        job_start(actor=None, municipality=m, kind="test.count", params={"n": 1}, lock_key="k")
    assert "pågår redan" in exc.value.message
    assert Job.objects.filter(lock_key="k").count() == 1
    # Another key, or the same key once the first is done, runs.
    assert (
        job_start(actor=None, municipality=m, kind="test.count", params={"n": 1}).is_open is False
    )
    Job.objects.filter(lock_key="k").update(status=JobStatus.DONE)
    again = job_start(actor=None, municipality=m, kind="test.count", params={"n": 1}, lock_key="k")
    assert again.status == JobStatus.DONE


def test_a_job_whose_worker_died_is_failed_and_can_be_retried(kommun):
    m = kommun.municipality
    user = kommun.users["sekreterare-kf"]
    dead = subprocess.Popen(["true"])
    dead.wait()
    import socket

    job = Job.objects.create(
        municipality=m,
        user=user,
        kind="test.count",
        title="Avbrutet",
        params={"n": 3},
        lock_key="import",
        status=JobStatus.RUNNING,
        worker_host=socket.gethostname(),
        worker_pid=dead.pid,
    )
    # The key is free again: the dead job no longer holds it.
    job = job_reap(job)
    assert job.status == JobStatus.FAILED and "stoppades" in job.error
    with pytest.raises(PermissionDenied):
        job_retry(actor=kommun.users["sekreterare-bun"], job=job)
    again = job_retry(actor=user, job=job)
    assert again.status == JobStatus.DONE and again.retry_of == job and again.lock_key == "import"
    with pytest.raises(Conflict):  # only a failed job is retried
        job_retry(actor=user, job=again)


def test_a_job_is_run_once(kommun):
    job = job_start(
        actor=None, municipality=kommun.municipality, kind="test.count", params={"n": 1}
    )
    finished = job.finished_at
    job_run(job.pk)  # delivered twice: nothing happens
    job.refresh_from_db()
    assert job.finished_at == finished


# ---------------------------------------------------------------------------------------------
# Pages


def _job(kommun, status=JobStatus.RUNNING, user="sekreterare-kf", **extra):
    import os
    import socket

    return Job.objects.create(
        municipality=kommun.municipality,
        user=kommun.users[user],
        kind="test.count",
        title="Inläsning av jan.se",
        status=status,
        worker_host=socket.gethostname(),
        worker_pid=os.getpid(),
        **extra,
    )


def test_progress_fragment_is_an_accessible_progress_bar_polled_while_running(client, kommun):
    job = _job(kommun, stage="Läser filen", done=250, total=1000)
    client.force_login(kommun.users["sekreterare-kf"])
    r = client.get(f"/testkommun/jobb/{job.pk}/framsteg/")
    html = r.content.decode()
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    assert 'role="progressbar"' in html and 'aria-valuenow="25"' in html
    assert 'aria-valuemin="0"' in html and 'aria-valuemax="100"' in html
    assert 'aria-valuetext="25 procent klart"' in html and "Läser filen" in html
    assert 'hx-trigger="every 1s"' in html and f"/testkommun/jobb/{job.pk}/framsteg/" in html
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, result={"message": "Klart: 10 rader.", "url": "/testkommun/ekonomi/"}
    )
    html = client.get(f"/testkommun/jobb/{job.pk}/framsteg/").content.decode()
    assert "Klart: 10 rader." in html and "hx-trigger" not in html
    assert 'href="/testkommun/ekonomi/"' in html
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="Trasig fil.")
    html = client.get(f"/testkommun/jobb/{job.pk}/").content.decode()
    assert 'role="alert"' in html and "Trasig fil." in html and "Försök igen" in html


def test_jobs_are_seen_by_their_user_and_admins_only(client, kommun):
    mine = _job(kommun)
    other = _job(kommun, user="sekreterare-bun", status=JobStatus.DONE)
    client.force_login(kommun.users["sekreterare-kf"])
    html = client.get("/testkommun/jobb/").content.decode()
    assert "Mina bakgrundsarbeten" in html and f"/testkommun/jobb/{mine.pk}/" in html
    assert f"/testkommun/jobb/{other.pk}/" not in html
    assert client.get(f"/testkommun/jobb/{other.pk}/").status_code == 403
    assert client.get(f"/testkommun/jobb/{other.pk}/framsteg/").status_code == 403
    assert client.post(f"/testkommun/jobb/{other.pk}/forsok-igen/").status_code == 403
    assert client.get("/testkommun/jobb/987654/").status_code == 404
    client.force_login(kommun.users["admin"])
    assert client.get(f"/testkommun/jobb/{other.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/testkommun/jobb/{mine.pk}/").status_code == 302  # to the login


def test_a_second_import_is_refused_while_one_runs(client, kommun, settings, tmp_path):
    """The web confirmation of an SIE import while another economy import of the municipality is
    open: a Swedish refusal (409), nothing queued or stored."""
    import os
    import socket

    from tillit.economy.jobs import import_lock_key
    from tillit.economy.models import ImportBatch

    settings.VAR_DIR = tmp_path
    m = kommun.municipality
    running = Job.objects.create(
        municipality=m,
        user=kommun.users["admin"],
        kind="economy.sie_import",
        title="Inläsning av först.se",
        lock_key=import_lock_key(m),
        status=JobStatus.RUNNING,
        worker_host=socket.gethostname(),
        worker_pid=os.getpid(),  # alive: this process
    )
    token = "c" * 64
    (tmp_path / "sie-uploads").mkdir()
    (tmp_path / "sie-uploads" / f"{token}.se").write_bytes(b"#FLAGGA 0\n")
    client.force_login(kommun.users["sekreterare-kf"])
    r = client.post("/testkommun/ekonomi/import/", {"token": token, "file_name": "andra.se"})
    html = r.content.decode()
    assert r.status_code == 409 and "pågår redan (Inläsning av först.se)" in html
    assert list(Job.objects.all()) == [running] and not ImportBatch.objects.exists()
    assert (tmp_path / "sie-uploads" / f"{token}.se").exists()  # kept: try again later


def test_header_links_to_background_work_only_for_users_who_have_some(client, kommun):
    """Review P3-16: "Mina jobb" in every header read as employment to a politician. The link is
    now "Bakgrundsarbeten", and only for a user who has started one (known at login)."""
    client.force_login(kommun.users["sekreterare-bun"])
    html = client.get("/testkommun/").content.decode()
    assert 'href="/testkommun/jobb/"' not in html and "Mina jobb" not in html
    _job(kommun, user="sekreterare-kf", status=JobStatus.DONE)
    client.force_login(kommun.users["sekreterare-kf"])
    html = client.get("/testkommun/").content.decode()
    assert '<a class="ds-link" href="/testkommun/jobb/">Bakgrundsarbeten</a>' in html
