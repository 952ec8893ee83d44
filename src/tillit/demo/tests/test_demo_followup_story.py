"""Review findings P1-3, P1-4, P1-5 and P3-27 on the loaded demo: no report waits for a decision
for years, reports belong to assignments running in their period, the overdue question reaches
the chief who answers it, and meetings and yearly årshjul dates fall on weekdays."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tillit.assignments.models import FINAL_STATUSES
from tillit.decisions.models import Meeting
from tillit.followup import yearwheel
from tillit.followup.models import Report, ReportState
from tillit.followup.periods import period_parse
from tillit.followup.selectors import inbox_for

from .test_demo import demo, demo_loaded  # noqa: F401 - the module's demo, loaded once

pytestmark = pytest.mark.django_db


def test_no_report_waits_for_years_and_closing_decisions_decide_the_report(demo):  # noqa: F811
    municipality, _ = demo
    today = timezone.localdate()
    submitted = Report.objects.filter(municipality=municipality, state=ReportState.SUBMITTED)
    waiting = submitted.filter(decision_on__isnull=True).select_related("assignment")
    for report in waiting:
        assert report.assignment.status not in FINAL_STATUSES, report.assignment.title
        age = today - timezone.localtime(report.submitted_at).date()
        assert age < timedelta(days=120), (report.assignment.title, report.period)
    # KS decided every report of its IT review (the T1 2023 report waited since May 2023).
    it = submitted.filter(assignment__title__startswith="Översyn av IT-kostnader")
    assert it.count() == 3 and not it.filter(decision_on__isnull=True).exists()
    # A "reported, then completed" assignment of the seed: the closing § decides the report.
    digital = submitted.get(
        assignment__title="Digitalisering som frigör tid för skola och äldreomsorg"
    )
    assert digital.decision_on.decision.body.slug == "kf"


def test_reports_cover_a_period_the_assignment_ran_in(demo):  # noqa: F811
    municipality, _ = demo
    for report in Report.objects.filter(
        municipality=municipality, state=ReportState.SUBMITTED, period_end__year__gte=2025
    ).select_related("assignment"):
        a = report.assignment
        window = period_parse(report.period)
        assert a.issued_on <= window.end, (a.title, report.period)
        assert a.deadline is None or window.start <= a.deadline, (a.title, report.period)
        # "Enligt plan" for a period ending after the end date would contradict the deadline.
        if report.status == "on_track" and a.deadline:
            assert window.end <= a.deadline, (a.title, report.period)


def test_the_overdue_bun_question_is_on_the_chiefs_min_sida(demo, client):  # noqa: F811
    municipality, _ = demo
    chief = get_user_model().objects.get(username="forvaltningschef-bun")
    questions = inbox_for(user=chief, municipality=municipality).questions
    assert questions and any(q.due_on < timezone.localdate() for q in questions)
    client.force_login(chief)
    html = client.get("/vimmerby/min-sida/").content.decode()
    assert "Frågor att besvara" in html and questions[0].text[:30] in html


def test_meetings_and_yearly_dates_fall_on_weekdays(demo):  # noqa: F811
    municipality, _ = demo
    weekend = [
        (m.body.slug, m.date)
        for m in Meeting.objects.filter(body__municipality=municipality).select_related("body")
        if m.date.weekday() >= 5
    ]
    assert weekend == []
    for year in (2026, 2027):
        for o in yearwheel.year_events(municipality=municipality, year=year):
            if o.end is None:
                assert o.start.weekday() < 5, (o.title, o.start)
