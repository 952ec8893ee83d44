import pytest
from django.utils import timezone

MARKER = "HEMLIGMARKOR7Q"


@pytest.fixture
def secrets_planted(testkommun):
    """Testkommun with one submitted report and, marked with MARKER, a draft report, an internal
    note and (when the barometer app is installed) a confidential deviation reporter."""
    from tillit.assignments.models import AssignmentEvent, EventKind
    from tillit.followup import services as fs

    tk = testkommun
    chief = tk.users["kommundirektor"]
    submitted = fs.report_save_draft(
        actor=chief,
        assignment=tk.assignment_ks,
        period="2023-T1",
        status="on_track",
        narrative="Publicerad rapport: skolorna har fått nya datorer.",
        resources_suffice=True,
    )
    fs.report_submit(actor=chief, report=submitted)
    draft = fs.report_save_draft(
        actor=chief,
        assignment=tk.assignment_ks,
        period="2023-DR",
        status="risk",
        narrative=f"Utkast {MARKER} om skolan",
        forecast=f"Prognos {MARKER}",
    )
    a = tk.assignment_ks
    AssignmentEvent.objects.create(
        municipality=tk.municipality,
        assignment=a,
        kind=EventKind.NOTE,
        occurred_at=timezone.now(),
        version=a.version,
        snapshot={},
        note=f"Intern anteckning {MARKER}",
        source_label=f"Intern {MARKER}",
    )
    _plant_deviation(tk)
    tk.report_submitted, tk.report_draft = submitted, draft
    return tk


def _plant_deviation(tk):
    try:
        from tillit.barometer import services as bs
    except ImportError:
        return
    from django.contrib.auth import get_user_model

    reporter = get_user_model().objects.create_user(
        username=f"tipsare{MARKER.lower()}",
        first_name=MARKER,
        last_name=MARKER,
        email=f"{MARKER.lower()}@example.org",
    )
    bs.deviation_report(
        actor=None,
        system=True,  # the trusted caller; the reporter below stays confidential
        municipality=tk.municipality,
        occurred_on=timezone.localdate(),
        from_role="kommunstyrelsens ordförande",
        content="Flytta cykelställen vid skolan.",
        to_role="enhetschef gata/park",
        body=tk.ks,
        reporter=reporter,
    )
