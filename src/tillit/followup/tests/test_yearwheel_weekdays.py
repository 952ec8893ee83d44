"""Review finding P3-27: a yearly årshjul date never falls on a weekend (the Friday before),
and a date set for one year only is kept as written."""

from datetime import date

import pytest

from tillit.followup import yearwheel

pytestmark = pytest.mark.django_db


def test_weekday_on_or_before():
    assert yearwheel.weekday_on_or_before(date(2026, 4, 25)) == date(2026, 4, 24)  # Sat
    assert yearwheel.weekday_on_or_before(date(2026, 9, 20)) == date(2026, 9, 18)  # Sun
    assert yearwheel.weekday_on_or_before(date(2026, 11, 23)) == date(2026, 11, 23)  # Mon


def test_yearly_events_fall_on_weekdays_and_a_one_off_date_is_kept(testkommun):
    for year in (2025, 2026, 2027):
        events = yearwheel.year_events(municipality=testkommun.municipality, year=year)
        for e in events:
            if e.end is None:
                assert e.start.weekday() < 5, (e.kind, e.start)
    by_kind = {
        e.kind: e for e in yearwheel.year_events(municipality=testkommun.municipality, year=2026)
    }
    assert by_kind["kf_ar"].start == date(2026, 4, 24)  # 25 April 2026 is a Saturday
    assert by_kind["dr"].start == date(2026, 9, 18)  # 20 September 2026 is a Sunday
    # A date the municipality set for one year only is its own choice: kept as written.
    rows = yearwheel.year_wheel_customise(
        actor=testkommun.users["admin"], municipality=testkommun.municipality
    )
    row = next(r for r in rows if r.kind == "kf_ar")
    fields = ("kind", "title", "month", "end_month", "end_day", "body", "enabled")
    yearwheel.year_event_save(
        actor=testkommun.users["admin"],
        municipality=testkommun.municipality,
        event=row,
        **{f: getattr(row, f) for f in fields},
        day=25,
        year=2026,
        remind_days_before=14,
    )
    by_kind = {
        e.kind: e for e in yearwheel.year_events(municipality=testkommun.municipality, year=2026)
    }
    assert by_kind["kf_ar"].start == date(2026, 4, 25)
