"""Årshjul: defaults, configuration, the page and the reminders it drives (docs/arshjul.md)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tillit.core.errors import PermissionDenied, ValidationFailed
from tillit.followup import yearwheel
from tillit.followup.models import Notification, NotificationKind, YearEvent
from tillit.followup.services import reminders_run

pytestmark = pytest.mark.django_db


def _save(tk, **data):
    base = {
        "kind": "budget_directives",
        "title": "",
        "month": "3",
        "day": "10",
        "end_month": "",
        "end_day": "",
        "year": "",
        "body": tk.ks,
        "remind_days_before": "14",
        "enabled": True,
    }
    base.update(data)
    return yearwheel.year_event_save(actor=tk.users["admin"], municipality=tk.municipality, **base)


def test_defaults_without_configuration(testkommun):
    events = yearwheel.year_events(municipality=testkommun.municipality, year=2027)
    kinds = [e.kind for e in events]
    assert len(events) == len(yearwheel.DEFAULT_EVENTS)
    assert {"budget_directives", "budget_decision", "kf_dr", "kf_ar"} <= set(kinds)
    assert [e.start for e in events] == sorted(e.start for e in events)
    by_kind = {e.kind: e for e in events}
    assert by_kind["budget_directives"].start.month == 2
    assert by_kind["budget_dialogue"].end > by_kind["budget_dialogue"].start
    assert by_kind["kf_dr"].body == testkommun.kf
    assert by_kind["budget_directives"].body == testkommun.ks
    assert all(e.event_id is None for e in events)
    assert not YearEvent.objects.filter(municipality=testkommun.municipality).exists()


def test_next_events_cross_the_new_year(testkommun):
    upcoming = yearwheel.next_events(
        municipality=testkommun.municipality, today=date(2026, 12, 1), count=2
    )
    assert [o.start.year for o in upcoming] == [2027, 2027]
    assert upcoming[0].kind == "budget_directives"


def test_first_change_keeps_the_other_defaults(testkommun):
    event = _save(testkommun, kind="other", title="Bokslutsdialog", month="1", day="20")
    rows = YearEvent.objects.filter(municipality=testkommun.municipality)
    assert rows.count() == len(yearwheel.DEFAULT_EVENTS) + 1
    events = yearwheel.year_events(municipality=testkommun.municipality, year=2027)
    assert events[0].title == "Bokslutsdialog" and events[0].event_id == event.pk
    assert events[0].start == date(2027, 1, 20)


def test_change_an_event_and_a_one_off_year(testkommun):
    rows = yearwheel.year_wheel_customise(
        actor=testkommun.users["admin"], municipality=testkommun.municipality
    )
    decision = next(r for r in rows if r.kind == "budget_decision")
    yearwheel.year_event_save(
        actor=testkommun.users["admin"],
        municipality=testkommun.municipality,
        event=decision,
        kind="budget_decision",
        title="",
        month="6",
        day="17",
        end_month="",
        end_day="",
        year="2027",
        body=testkommun.kf,
        remind_days_before="21",
        enabled=True,
    )
    in_2027 = {
        e.kind: e for e in yearwheel.year_events(municipality=testkommun.municipality, year=2027)
    }
    in_2028 = {
        e.kind for e in yearwheel.year_events(municipality=testkommun.municipality, year=2028)
    }
    assert in_2027["budget_decision"].start == date(2027, 6, 17)
    assert in_2027["budget_decision"].title.startswith("Kommunfullmäktige beslutar")
    assert "budget_decision" not in in_2028


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({"month": "13"}, "month", "månad"),
        ({"day": "31", "month": "4"}, "day", "April har inte 31 dagar"),
        ({"day": "29", "month": "2"}, "day", "varje år"),
        ({"day": "x"}, "day", "1–31"),
        ({"end_month": "2", "end_day": "1"}, "end_day", "efter början"),
        ({"end_month": "5"}, "end_day", "både slutmånad och slutdag"),
        ({"year": "1800"}, "year", "mellan 1990 och 2100"),
        ({"remind_days_before": "400"}, "remind_days_before", "0–120"),
        ({"kind": "party"}, "kind", "sorts händelse"),
        ({"kind": "other", "title": ""}, "title", "rubrik"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_stored(testkommun, data, field, words):
    with pytest.raises(ValidationFailed) as exc:
        _save(testkommun, **data)
    assert words in exc.value.errors[field]
    assert not YearEvent.objects.filter(municipality=testkommun.municipality).exists()


def test_29_february_of_a_given_leap_year_is_fine(testkommun):
    event = _save(testkommun, kind="other", title="Skottdag", month="2", day="29", year="2028")
    assert event.year == 2028


def test_only_the_admin_may_configure(testkommun):
    with pytest.raises(PermissionDenied):
        yearwheel.year_event_save(
            actor=testkommun.users["sekreterare-ks"],
            municipality=testkommun.municipality,
            kind="other",
            title="X",
            month="1",
            day="1",
            remind_days_before="1",
        )
    assert not YearEvent.objects.exists()


def test_page_shows_chart_and_table(client, testkommun):
    url = reverse("followup:yearwheel", kwargs={"municipality": testkommun.municipality.slug})
    response = client.get(url + "?ar=2027")
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    rows = re.findall(r"<tr[ >]", html[html.index("<tbody>") :])
    markers = re.findall(r"<circle [^>]*r=\"10\"", svg)
    assert len(rows) == len(markers) == len(yearwheel.DEFAULT_EVENTS)
    assert "Budgetdirektiv till nämnderna" in html and "standard" in html
    # The kind is a column of its own, not glued to the title (review P3-26).
    assert "<td>Budgetdirektiv till nämnderna</td>" in html
    assert '<th scope="col">Typ</th>' in html
    # Phone-friendly: the SVG scales (viewBox, no fixed width) and the table stacks.
    assert "viewBox" in svg and "width=" not in svg.split(">")[0]
    assert "tl-stack-table" in html
    assert client.get(url + "?ar=abc").status_code == 200


def test_settings_pages_need_the_admin(client, testkommun, login):
    slug = testkommun.municipality.slug
    settings_url = reverse("followup:yearwheel_settings", kwargs={"municipality": slug})
    new_url = reverse("followup:yearwheel_new", kwargs={"municipality": slug})
    login("sekreterare-ks")
    assert client.get(settings_url).status_code == 403
    assert client.post(new_url, {"kind": "other"}).status_code == 403
    login("admin")
    assert client.get(settings_url).status_code == 200
    bad = client.post(
        new_url,
        {"kind": "other", "title": "Dialog", "month": "4", "day": "31", "remind_days_before": "7"},
    )
    assert bad.status_code == 400
    assert "April har inte 31 dagar" in bad.content.decode()
    assert not YearEvent.objects.exists()
    good = client.post(
        new_url,
        {
            "kind": "other",
            "title": "Dialog",
            "month": "4",
            "day": "30",
            "body": "ks",
            "remind_days_before": "7",
            "enabled": "on",
        },
    )
    assert good.status_code == 302
    event = YearEvent.objects.get(title="Dialog")
    assert event.body == testkommun.ks and event.remind_days_before == 7
    edit = reverse("followup:yearwheel_event", kwargs={"municipality": slug, "pk": event.pk})
    assert 'value="Dialog"' in client.get(edit).content.decode()


def test_reminders_come_from_the_calendar_once(testkommun):
    m = testkommun.municipality
    # The default budget directives are on 15 February in KS, reminded 14 days ahead.
    reminders_run(today=date(2027, 1, 31), municipality=m)
    assert not Notification.objects.filter(kind=NotificationKind.YEAR_EVENT).exists()
    reminders_run(today=date(2027, 2, 5), municipality=m)
    notes = Notification.objects.filter(kind=NotificationKind.YEAR_EVENT)
    assert {n.user.pk for n in notes} == {testkommun.users["sekreterare-ks"].pk}
    assert [n.title for n in notes] == [
        "Årshjulet: Budgetdirektiv till nämnderna 15 februari (om 10 dagar)"
    ]
    reminders_run(today=date(2027, 2, 6), municipality=m)
    assert Notification.objects.filter(kind=NotificationKind.YEAR_EVENT).count() == 1


def test_a_configured_kf_date_reminds_kf_and_ks_secretaries(testkommun):
    m = testkommun.municipality
    _save(
        testkommun,
        kind="kf_dr",
        title="KF behandlar delårsrapporten",
        month="10",
        day="28",
        body=testkommun.kf,
        remind_days_before="10",
    )
    assert reminders_run(today=date(2027, 10, 17), municipality=m) is not None
    none_yet = Notification.objects.filter(
        kind=NotificationKind.YEAR_EVENT, title__contains="KF behandlar"
    )
    assert not none_yet.exists()  # 11 days before: outside the 10 days
    reminders_run(today=date(2027, 10, 18), municipality=m)
    notes = Notification.objects.filter(
        kind=NotificationKind.YEAR_EVENT, title__contains="KF behandlar"
    )
    secretaries = {n.user.pk for n in notes}
    assert secretaries == {
        testkommun.users["sekreterare-kf"].pk,
        testkommun.users["sekreterare-ks"].pk,
    }
    assert all("om 10 dagar" in n.title for n in notes)
    reminders_run(today=date(2027, 10, 20), municipality=m)
    assert (
        Notification.objects.filter(
            kind=NotificationKind.YEAR_EVENT, title__contains="KF behandlar"
        ).count()
        == 2
    )


def test_demo_calendar_is_configured_once(testkommun):
    from tillit.followup.demo import _year_wheel_demo

    _year_wheel_demo(testkommun.municipality)
    _year_wheel_demo(testkommun.municipality)
    rows = YearEvent.objects.filter(municipality=testkommun.municipality)
    assert rows.count() == len(yearwheel.DEFAULT_EVENTS) + 1
    m = testkommun.municipality
    events = {e.kind: e for e in yearwheel.year_events(municipality=m, year=2026)}
    assert events["budget_decision"].start == date(2026, 11, 23)
    assert events["other"].body == testkommun.ks
