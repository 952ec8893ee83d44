"""Årshjul: the municipality's governance year as a calendar (docs/arshjul.md).

Budget directives, budget dialogue, KF's budget decision, T1, DR, AR and the council meetings
that treat them. A municipality without its own rows gets ``DEFAULT_EVENTS`` (common Swedish
practice, not law); the first change an admin makes copies the defaults into ``YearEvent`` rows,
so changing one event never loses the others. The same calendar drives `tillit remind`
(``year_events_remind``): the secretaries of the event's body and of kommunstyrelsen are told
``remind_days_before`` days ahead, once per event and date.

It lives in follow-up because follow-up owns the report cycles (T1/DR/AR) and the reminders.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tillit.accounts.permissions import can_configure
from tillit.core.errors import PermissionDenied, ValidationFailed
from tillit.organisation.models import Body, BodyKind

from .models import NotificationKind, YearEvent, YearEventKind
from .periods import MAX_YEAR, MIN_YEAR, MONTHS_SV

COUNCIL, BOARD = BodyKind.COUNCIL, BodyKind.EXECUTIVE_BOARD
MAX_REMIND_DAYS = 120


@dataclass(frozen=True)
class DefaultEvent:
    kind: str
    month: int
    day: int
    body_kind: str
    end_month: int | None = None
    end_day: int | None = None
    remind_days_before: int = 14


# Common practice in Swedish municipalities — a starting point each municipality changes to its
# own meeting plan, not law. The law only sets outer limits (e.g. kommunallagen 11 kap.: the
# budget set before the end of November); the dates below are defaults.
DEFAULT_EVENTS: tuple[DefaultEvent, ...] = (
    DefaultEvent(YearEventKind.BUDGET_DIRECTIVES, 2, 15, BOARD),
    DefaultEvent(YearEventKind.AR, 2, 28, BOARD),
    DefaultEvent(YearEventKind.BUDGET_DIALOGUE, 4, 15, BOARD, 5, 31),
    DefaultEvent(YearEventKind.KF_AR, 4, 25, COUNCIL),
    DefaultEvent(YearEventKind.T1, 5, 20, BOARD),
    DefaultEvent(YearEventKind.KF_T1, 6, 15, COUNCIL),
    DefaultEvent(YearEventKind.DR, 9, 20, BOARD),
    DefaultEvent(YearEventKind.KF_DR, 10, 25, COUNCIL),
    DefaultEvent(YearEventKind.BUDGET_DECISION, 11, 20, COUNCIL, remind_days_before=30),
)

# Swedish as stored (a customised wheel keeps them as rows); shown in the reader's language
# by year_events, which translates a title that is still the default one.
TITLES = {
    YearEventKind.BUDGET_DIRECTIVES: gettext_noop("Budgetdirektiv till nämnderna"),
    YearEventKind.BUDGET_DIALOGUE: gettext_noop("Budgetdialog med nämnderna"),
    YearEventKind.BUDGET_DECISION: gettext_noop(
        "Kommunfullmäktige beslutar om budget för nästa år"
    ),
    YearEventKind.T1: gettext_noop("Tertialrapport 1 (per 30 april) i kommunstyrelsen"),
    YearEventKind.DR: gettext_noop("Delårsrapport (per 31 augusti) i kommunstyrelsen"),
    YearEventKind.AR: gettext_noop("Årsredovisning för förra året i kommunstyrelsen"),
    YearEventKind.KF_T1: gettext_noop("Kommunfullmäktige behandlar tertialrapport 1"),
    YearEventKind.KF_DR: gettext_noop("Kommunfullmäktige behandlar delårsrapporten"),
    YearEventKind.KF_AR: gettext_noop("Kommunfullmäktige godkänner årsredovisningen"),
    YearEventKind.OTHER: gettext_noop("Annan händelse"),
}

DEFAULT_TITLES = frozenset(TITLES.values())

# Colours per group (budget, report to KS, KF), with enough contrast on white.
COLOURS = {
    YearEventKind.BUDGET_DIRECTIVES: "#1e6fb8",
    YearEventKind.BUDGET_DIALOGUE: "#1e6fb8",
    YearEventKind.BUDGET_DECISION: "#0b3d6e",
    YearEventKind.T1: "#8a5a00",
    YearEventKind.DR: "#8a5a00",
    YearEventKind.AR: "#8a5a00",
    YearEventKind.KF_T1: "#b3261e",
    YearEventKind.KF_DR: "#b3261e",
    YearEventKind.KF_AR: "#b3261e",
    YearEventKind.OTHER: "#3d4a57",
}


# The legend: one entry per colour, in the year's order of work. The colour is never the only
# carrier: each marker has its number and the table beside the chart names the kind.
LEGEND = (
    ("#1e6fb8", gettext_noop("Budgetarbete: direktiv och dialog")),
    ("#0b3d6e", gettext_noop("Budgetbeslut i kommunfullmäktige")),
    ("#8a5a00", gettext_noop("Rapport i kommunstyrelsen (T1, delår, årsredovisning)")),
    ("#b3261e", gettext_noop("Rapporten i kommunfullmäktige")),
    ("#3d4a57", gettext_noop("Annan händelse")),
)


def legend(events: list[Occurrence]) -> list[tuple[str, str]]:
    """(colour, label) of the colours the year's events use, in LEGEND's order."""
    used = {o.colour for o in events}
    return [(colour, _(label)) for colour, label in LEGEND if colour in used]


@dataclass(frozen=True)
class Occurrence:
    """One event on one date of a year."""

    kind: str
    kind_label: str
    title: str
    start: date
    end: date | None
    body: Body | None
    remind_days_before: int
    event_id: int | None  # None = a default, not stored

    @property
    def colour(self) -> str:
        return COLOURS.get(self.kind, "#3d4a57")

    @property
    def when(self) -> str:
        first = f"{self.start.day} {MONTHS_SV[self.start.month - 1]}"
        if self.end is None:
            return first
        return f"{first} – {self.end.day} {MONTHS_SV[self.end.month - 1]}"


def _bodies_by_kind(municipality, on: date) -> dict[str, Body]:
    out: dict[str, Body] = {}
    for body in Body.objects.filter(municipality=municipality, kind__in=[COUNCIL, BOARD]):
        if body.is_active_on(on) or body.kind not in out:
            out.setdefault(body.kind, body)
            if body.is_active_on(on):
                out[body.kind] = body
    return out


def _day(year: int, month: int, day: int) -> date:
    # A yearly 29 February is refused when saved; clamp anyway so a leap-year row never breaks.
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def weekday_on_or_before(day: date) -> date:
    """A meeting or deadline that falls on a Saturday or Sunday moves to the Friday before
    (nämnder and fullmäktige do not meet at weekends)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _start(year: int, month: int, day: int, *, single: bool, yearly: bool) -> date:
    """The date of a one-day event in the year: a yearly rule (a default, or a row for every
    year) on a weekend moves to the Friday before; a span, or a date set for one year, is kept
    as written."""
    start = _day(year, month, day)
    return weekday_on_or_before(start) if single and yearly else start


def is_configured(municipality) -> bool:
    return YearEvent.objects.filter(municipality=municipality).exists()


def year_events(*, municipality, year: int) -> list[Occurrence]:
    """The municipality's events of the year, in date order: its own rows, else the defaults."""
    rows = list(
        YearEvent.objects.filter(municipality=municipality).select_related("body").order_by("id")
    )
    labels = dict(YearEventKind.choices)
    out: list[Occurrence] = []
    if not rows:
        bodies = _bodies_by_kind(municipality, date(year, 6, 30))
        for d in DEFAULT_EVENTS:
            end = _day(year, d.end_month, d.end_day) if d.end_month else None
            out.append(
                Occurrence(
                    d.kind,
                    str(labels[d.kind]),
                    _(TITLES[d.kind]),
                    _start(year, d.month, d.day, single=end is None, yearly=True),
                    end,
                    bodies.get(d.body_kind),
                    d.remind_days_before,
                    None,
                )
            )
    for row in rows:
        if not row.enabled or (row.year is not None and row.year != year):
            continue
        end = _day(year, row.end_month, row.end_day) if row.end_month else None
        out.append(
            Occurrence(
                row.kind,
                str(labels.get(row.kind, row.kind)),
                _(row.title) if row.title in DEFAULT_TITLES else row.title,
                _start(year, row.month, row.day, single=end is None, yearly=row.year is None),
                end,
                row.body,
                row.remind_days_before,
                row.pk,
            )
        )
    out.sort(key=lambda o: (o.start, o.end or o.start, o.title))
    return out


def next_events(*, municipality, today: date, count: int = 3) -> list[Occurrence]:
    """The next events from today on (an ongoing span counts), across the new year."""
    ahead = [
        o
        for year in (today.year, today.year + 1)
        for o in year_events(municipality=municipality, year=year)
        if (o.end or o.start) >= today
    ]
    return ahead[:count]


# ---------------------------------------------------------------------------------------------
# Configuration (an admin's setting, like the report cycles)


def _int(value, field: str, errors: dict, low: int, high: int, message: str, required=True):
    if value in (None, ""):
        if required:
            errors[field] = message
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = message
        return None
    if number < low or number > high:
        errors[field] = message
        return None
    return number


def _clean(municipality, data: dict) -> dict:
    errors: dict[str, str] = {}
    kind = data.get("kind") or ""
    if kind not in YearEventKind.values:
        errors["kind"] = _("Välj vilken sorts händelse det är.")
    title = (data.get("title") or "").strip()
    if not title and kind in TITLES and kind != YearEventKind.OTHER:
        title = TITLES[kind]
    if not title:
        errors["title"] = _("Skriv en rubrik för händelsen.")
    elif len(title) > 200:
        errors["title"] = _("Rubriken får vara högst 200 tecken.")
    year = _int(
        data.get("year"),
        "year",
        errors,
        MIN_YEAR,
        MAX_YEAR,
        f"Året ska vara mellan {MIN_YEAR} och {MAX_YEAR}, eller tomt för varje år.",
        required=False,
    )
    month = _int(data.get("month"), "month", errors, 1, 12, "Välj en månad (1–12).")
    day = _int(data.get("day"), "day", errors, 1, 31, "Dagen ska vara 1–31.")
    end_month = _int(
        data.get("end_month"), "end_month", errors, 1, 12, "Välj en slutmånad (1–12).", False
    )
    end_day = _int(data.get("end_day"), "end_day", errors, 1, 31, "Slutdagen ska vara 1–31.", False)
    remind = _int(
        data.get("remind_days_before"),
        "remind_days_before",
        errors,
        0,
        MAX_REMIND_DAYS,
        f"Påminnelsen ska komma 0–{MAX_REMIND_DAYS} dagar före.",
    )
    # A date that repeats every year must exist every year (no 29 February).
    check_year = year or 2023

    def real(m, d, field):
        if m and d and d > calendar.monthrange(check_year, m)[1]:
            errors[field] = (
                (
                    _("%(capitalize)s har inte %(d)s dagar")
                    % {"capitalize": MONTHS_SV[m - 1].capitalize(), "d": d}
                )
                + ("" if year else _(" varje år"))
                + "."
            )
            return None
        return date(check_year, m, d) if m and d else None

    start = real(month, day, "day")
    half_span = (end_month is None) != (end_day is None)
    if half_span and "end_month" not in errors and "end_day" not in errors:
        errors["end_day" if end_month else "end_month"] = _(
            "Ange både slutmånad och slutdag, eller ingen av dem."
        )
    end = real(end_month, end_day, "end_day")
    if start and end and end <= start:
        errors["end_day"] = _("Slutet ska ligga efter början, samma år.")
    body = data.get("body")
    if body is not None and body.municipality_id != municipality.pk:
        errors["body"] = _("Organet hör inte till kommunen.")
    if errors:
        raise ValidationFailed(errors)
    return {
        "kind": kind,
        "title": title,
        "year": year,
        "month": month,
        "day": day,
        "end_month": end_month,
        "end_day": end_day,
        "body": body,
        "remind_days_before": remind,
        "enabled": bool(data.get("enabled", True)),
    }


def _check(actor, municipality) -> None:
    if actor is None:
        return  # a trusted system caller (the CLI, `tillit arshjul add`)
    if not can_configure(actor, municipality):
        raise PermissionDenied(_("Bara kommunens administratör kan ändra årshjulet."))


def _copy_defaults(municipality) -> None:
    """Store the defaults as rows (the first change), so they can be edited one by one."""
    if is_configured(municipality):
        return
    bodies = _bodies_by_kind(municipality, timezone.localdate())
    YearEvent.objects.bulk_create(
        YearEvent(
            municipality=municipality,
            kind=d.kind,
            title=TITLES[d.kind],
            month=d.month,
            day=d.day,
            end_month=d.end_month,
            end_day=d.end_day,
            body=bodies.get(d.body_kind),
            remind_days_before=d.remind_days_before,
        )
        for d in DEFAULT_EVENTS
    )


@transaction.atomic
def year_wheel_customise(*, actor, municipality) -> list[YearEvent]:
    """Start the municipality's own calendar from the defaults (nothing happens if it has one)."""
    _check(actor, municipality)
    _copy_defaults(municipality)
    return list(YearEvent.objects.filter(municipality=municipality))


@transaction.atomic
def year_event_save(*, actor, municipality, event: YearEvent | None = None, **data) -> YearEvent:
    """Add an event (``event`` None) or change one. Checks everything before storing anything."""
    _check(actor, municipality)
    if event is not None and event.municipality_id != municipality.pk:
        raise PermissionDenied(_("Händelsen hör till en annan kommun."))
    clean = _clean(municipality, data)
    if event is None:
        _copy_defaults(municipality)
        return YearEvent.objects.create(municipality=municipality, **clean)
    for field, value in clean.items():
        setattr(event, field, value)
    event.save()
    return event


# ---------------------------------------------------------------------------------------------
# Reminders


def year_events_remind(municipality, today: date) -> int:
    """Tell the secretaries of the event's body and of kommunstyrelsen (who prepares KF's
    business) that an event of the årshjul is coming; once per event and date. The number of
    new messages."""
    from . import permissions as perm
    from .services import _counted, notification_send

    upcoming = [
        o
        for year in (today.year, today.year + 1)
        for o in year_events(municipality=municipality, year=year)
        if 0 <= (o.start - today).days <= o.remind_days_before
    ]
    if not upcoming:
        return 0
    board = _bodies_by_kind(municipality, today).get(BOARD)
    url = reverse("followup:yearwheel", kwargs={"municipality": municipality.slug})
    sent = 0
    for o in upcoming:
        users = {}
        for body in (o.body, board):
            if body is not None:
                users.update({u.pk: u for u in perm.body_secretaries(body)})
        days = (o.start - today).days
        soon = "i dag" if days == 0 else f"om {days} dagar"
        for user in users.values():
            sent += _counted(
                notification_send(
                    user=user,
                    key=f"arshjul:{municipality.pk}:{o.kind}:{o.event_id or 'std'}:{o.start}",
                    kind=NotificationKind.YEAR_EVENT,
                    title=f"Årshjulet: {o.title} {o.when} ({soon})",
                    text=(f"{o.kind_label}" + (f", {o.body.name}" if o.body else "") + "."),
                    url=url,
                    municipality_id=municipality.pk,
                )
            )
    return sent


# ---------------------------------------------------------------------------------------------
# The chart


def year_wheel_svg(
    events: list[Occurrence],
    *,
    year: int,
    today: date | None,
    title: str,
    description: str,
    size: int = 360,
    chart_id: str = "arshjul",
) -> str:
    """A year wheel: twelve months clockwise from the top, each event a numbered marker (a span
    an arc) in the table's order; today a line from the centre. The table beside it is the text
    alternative, the numbers link the two."""
    c = size / 2
    r_month_out, r_month_in = c - 4, c - 34
    r_arc, r_dot = c - 48, c - 62
    days_in_year = 366 if calendar.isleap(year) else 365

    def angle(day: date) -> float:
        return 2 * math.pi * (day.timetuple().tm_yday - 1) / days_in_year - math.pi / 2

    def point(a: float, r: float) -> tuple[float, float]:
        return c + r * math.cos(a), c + r * math.sin(a)

    tid, did = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" '
        f'aria-labelledby="{tid} {did}" class="tl-chart tl-yearwheel" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(description)}</desc>',
        f'<circle cx="{c}" cy="{c}" r="{r_month_out}" fill="#f3f5f7" stroke="#c7ccd1"/>',
        f'<circle cx="{c}" cy="{c}" r="{r_month_in}" fill="#fff" stroke="#c7ccd1"/>',
    ]
    for m in range(12):
        a = angle(date(year, m + 1, 1))
        x1, y1 = point(a, r_month_in)
        x2, y2 = point(a, r_month_out)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#c7ccd1"/>'
        )
        mid = angle(date(year, m + 1, 15))
        tx, ty = point(mid, (r_month_in + r_month_out) / 2)
        parts.append(
            f'<text x="{tx:.1f}" y="{ty + 4:.1f}" text-anchor="middle" fill="#3d4a57">'
            f"{escape(str(MONTHS_3[m + 1]))}</text>"
        )
    for n, o in enumerate(events, start=1):
        a0 = angle(o.start)
        if o.end is not None:
            a1 = angle(o.end)
            x0, y0 = point(a0, r_arc)
            x1, y1 = point(a1, r_arc)
            large = 1 if (a1 - a0) > math.pi else 0
            parts.append(
                f'<path d="M {x0:.1f} {y0:.1f} A {r_arc} {r_arc} 0 {large} 1 {x1:.1f} {y1:.1f}" '
                f'fill="none" stroke="{o.colour}" stroke-width="6" stroke-linecap="round"/>'
            )
        # Markers of events a few days apart are pushed inwards so their numbers stay legible.
        close = sum(1 for p in events[: n - 1] if abs((o.start - p.start).days) < 12)
        x, y = point(a0, r_dot - 22 * close)
        ex, ey = point(a0, r_arc)
        parts.append(
            f'<line x1="{ex:.1f}" y1="{ey:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{o.colour}"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{o.colour}"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" fill="#fff" '
            f'font-weight="700">{n}</text>'
        )
    if today is not None and today.year == year:
        x, y = point(angle(today), r_month_out)
        parts.append(
            f'<line x1="{c}" y1="{c}" x2="{x:.1f}" y2="{y:.1f}" stroke="#1a1a1a" '
            'stroke-width="2" stroke-dasharray="4 3"/>'
            f'<text x="{c}" y="{c + 4}" text-anchor="middle" fill="#1a1a1a" font-weight="700">'
            f"{year}</text>"
            f'<text x="{c}" y="{c + 20}" text-anchor="middle" fill="#3d4a57">'
            f"{escape(_('idag'))} {today.day} {escape(str(MONTHS_3[today.month]))}</text>"
        )
    else:
        parts.append(
            f'<text x="{c}" y="{c + 5}" text-anchor="middle" fill="#1a1a1a" font-weight="700" '
            f'font-size="16">{year}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
