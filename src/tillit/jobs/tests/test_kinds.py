"""The job kinds beyond the economy imports: audit verification from the web, Kolada fetches and
the daily reminders handed to the worker. Run in-process (the test settings' immediate backend)."""

from __future__ import annotations

import httpx
import respx
from django.core.management import call_command
from django.db import connection

from tillit.jobs.models import Job, JobStatus
from tillit.portal.kolada import data_url
from tillit.portal.models import KoladaValue, PortalSettings


def test_audit_verify_from_the_web_runs_as_a_job(client, testkommun):
    client.force_login(testkommun.users["sekreterare-bun"])
    assert client.post("/testkommun/granskning/kontrollera/").status_code == 403
    assert not Job.objects.exists()
    client.force_login(testkommun.users["admin"])
    page = client.get("/testkommun/granskning/").content.decode()
    assert "Kontrollera loggen nu" in page
    r = client.post("/testkommun/granskning/kontrollera/")
    assert r.status_code == 302 and "/testkommun/granskning/?jobb=" in r["Location"]
    html = client.get(r["Location"]).content.decode()
    assert 'data-status="done"' in html and "Granskningsloggen är hel" in html
    # A change beside Tillit (raw SQL, not logged) is found, and named.
    body = testkommun.bun
    with connection.cursor() as cur:
        table = body._meta.db_table
        cur.execute(f"UPDATE {table} SET name = %s WHERE id = %s", ["Ändrad i smyg", body.pk])
    r = client.post("/testkommun/granskning/kontrollera/")
    html = client.get(r["Location"]).content.decode()
    assert 'data-status="failed"' in html and "avvikelse" in html
    assert "organisation.Body" in html  # the problem listed under the error


KOLADA = "https://api.kolada.se/v3"
VALUES = {
    "count": 1,
    "next_url": None,
    "previous_url": None,
    "values": [
        {
            "kpi": "N15428",
            "municipality": "0884",
            "period": 2023,
            "values": [{"count": 1, "gender": "T", "status": "", "value": 71.2}],
        }
    ],
}


@respx.mock
def test_kolada_fetch_queued_runs_in_the_worker(testkommun, settings):
    settings.TILLIT_KOLADA_URL = KOLADA
    settings.TILLIT_KOLADA_CACHE_DIR = None
    m = testkommun.municipality
    m.code = "0884"
    m.save()
    PortalSettings.objects.create(municipality=m)
    url = data_url(KOLADA, ["N15428"], ["0884", "0000"], [2023])
    route = respx.get(url).mock(return_value=httpx.Response(200, json=VALUES))
    call_command(
        "kolada", "fetch", "--municipality", "0884", "--kpi", "N15428", "--years", "2023", "--queue"
    )
    job = Job.objects.get(kind="portal.kolada_fetch")
    assert job.status == JobStatus.DONE, job.error
    assert job.municipality == m and job.user is None and route.called
    assert KoladaValue.objects.count() == 1 and "1 värden hämtade" in job.result["message"]


def test_reminders_queued_run_in_the_worker(testkommun, capsys):
    call_command("remind", "--date", "2025-01-10", "--queue")
    assert "körs i bakgrunden" in capsys.readouterr().out
    job = Job.objects.get(kind="followup.remind")
    assert job.status == JobStatus.DONE, job.error
    assert "påminnelser skickade" in job.result["message"]
    assert job.lock_key == "remind:2025-01-10" and job.params["days_before"] == 14
