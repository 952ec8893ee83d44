"""Report periods and cycles — pure code, no database.

A period is written ``YYYY-T1`` (tertial 1, per 30 April), ``YYYY-DR`` (delårsrapport, per 31
August), ``YYYY-AR`` (årsredovisning, per 31 December) or ``YYYY-MM`` (monthly follow-up).
Each period covers a *window* since the previous point of the same cycle family: T1 January–April,
DR May–August, AR September–December, a month its own days. The administration's report is due
some days after the period ends (configurable per municipality, see models.ReportCycle).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from tillit.core.errors import ValidationFailed

TERTIAL = "T1"
INTERIM = "DR"
ANNUAL = "AR"
MONTHLY = "MM"

MONTHS_SV = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class CycleDefault:
    kind: str
    label: str
    report_due_days: int  # the administration's report is due this many days after the period
    enabled: bool
    council_note: str


# Swedish practice (kommunallagen 11 kap., lag om kommunal bokföring och redovisning).
DEFAULT_CYCLES: dict[str, CycleDefault] = {
    TERTIAL: CycleDefault(TERTIAL, "Tertialrapport 1 (per 30 april)", 20, True, ""),
    INTERIM: CycleDefault(
        INTERIM,
        "Delårsrapport (per 31 augusti)",
        20,
        True,
        "Behandlas av kommunfullmäktige inom två månader.",
    ),
    ANNUAL: CycleDefault(
        ANNUAL,
        "Årsredovisning (per 31 december)",
        31,
        True,
        "Godkänns av kommunfullmäktige i april.",
    ),
    MONTHLY: CycleDefault(MONTHLY, "Månadsuppföljning", 10, False, ""),
}

# The delårsrapport covers January to the end of this month unless the municipality sets another
# (ReportCycle.period_end_month, used by the compiled municipality-wide report).
INTERIM_END_MONTH = 8

PERIOD_RE = re.compile(r"^(\d{4})-(T1|DR|AR|\d{2})$")
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class Period:
    code: str
    kind: str  # T1, DR, AR or MM
    year: int
    start: date  # first day of the window the report covers
    end: date  # the day the period is "per"

    @property
    def label(self) -> str:
        """'Delårsrapport 2024', in the reader's language (documents render in Swedish)."""
        if self.kind == TERTIAL:
            return _("Tertialrapport 1 %(year)s") % {"year": self.year}
        if self.kind == INTERIM:
            return _("Delårsrapport %(year)s") % {"year": self.year}
        if self.kind == ANNUAL:
            return _("Årsredovisning %(year)s") % {"year": self.year}
        return _("Månadsuppföljning %(month)s %(year)s") % {
            "month": MONTHS[self.end.month].lower(),
            "year": self.year,
        }

    def due_on(self, report_due_days: int | None = None) -> date:
        days = report_due_days
        if days is None:
            days = DEFAULT_CYCLES[self.kind].report_due_days
        return self.end + timedelta(days=days)

    def previous(self) -> Period:
        if self.kind == MONTHLY:
            return period_for_month(self.start - timedelta(days=1))
        order = [TERTIAL, INTERIM, ANNUAL]
        index = order.index(self.kind)
        if index == 0:
            return period_parse(f"{self.year - 1}-{ANNUAL}")
        return period_parse(f"{self.year}-{order[index - 1]}")

    def __str__(self) -> str:
        return self.code


def period_name(code: str, language: str | None = None) -> str:
    """A period in words, the one way the user interface, notifications and document titles name
    it: '2023-T1' -> 'Tertialrapport 1 2023', '2026-DR' -> 'Delårsrapport 2026', '2025-AR' ->
    'Årsredovisning 2025' ('Interim report 2026' in English). In the active language, or in
    ``language`` for stored Swedish texts. The code stays in URLs, the API and file names; a code
    that is not a period is returned as given."""
    from django.utils import translation

    try:
        if language is None:
            return period_parse(code).label
        with translation.override(language):
            return period_parse(code).label
    except ValidationFailed:
        return code or ""


def days_ok(days: int) -> int:
    if not isinstance(days, int) or days < 0 or days > 365:
        raise ValidationFailed({"report_due_days": _("Antal dagar ska vara ett heltal 0–365.")})
    return days


def period_parse(value: str, *, field: str = "period") -> Period:
    """'2024-DR' -> Period. Raises ValidationFailed with a Swedish explanation."""
    raw = (value or "").strip().upper()
    hint = _(
        "Skriv perioden som ÅÅÅÅ-T1 (tertial 1), ÅÅÅÅ-DR (delårsrapport), ÅÅÅÅ-AR "
        "(årsredovisning) eller ÅÅÅÅ-MM för en månad, till exempel 2024-DR eller 2024-03."
    )
    if not raw:
        raise ValidationFailed({field: _("Ange en period.") + " " + hint})
    match = PERIOD_RE.match(raw)
    if match is None:
        raise ValidationFailed(
            {
                field: _("”%(value)s” är ingen giltig period. %(hint)s")
                % {"value": value[:20], "hint": hint}
            }
        )
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(
            {
                field: _("Året %(year)s ligger utanför %(MIN_YEAR)s–%(MAX_YEAR)s.")
                % {"year": year, "MIN_YEAR": MIN_YEAR, "MAX_YEAR": MAX_YEAR}
            }
        )
    part = match.group(2)
    if part == TERTIAL:
        return Period(raw, TERTIAL, year, date(year, 1, 1), date(year, 4, 30))
    if part == INTERIM:
        return Period(raw, INTERIM, year, date(year, 5, 1), date(year, 8, 31))
    if part == ANNUAL:
        return Period(raw, ANNUAL, year, date(year, 9, 1), date(year, 12, 31))
    month = int(part)
    if not 1 <= month <= 12:
        raise ValidationFailed(
            {
                field: _("Månaden %(part)s finns inte (01–12). %(hint)s")
                % {"part": part, "hint": hint}
            }
        )
    return period_for_month(date(year, month, 1))


def period_for_month(day: date) -> Period:
    last = calendar.monthrange(day.year, day.month)[1]
    code = f"{day.year}-{day.month:02d}"
    return Period(
        code, MONTHLY, day.year, date(day.year, day.month, 1), date(day.year, day.month, last)
    )


def periods_between(first: date, last: date, kinds: tuple[str, ...]) -> list[Period]:
    """Every period of the given kinds whose end lies in [first, last], in date order."""
    out: list[Period] = []
    for year in range(first.year, last.year + 1):
        for kind in (TERTIAL, INTERIM, ANNUAL):
            if kind in kinds:
                out.append(period_parse(f"{year}-{kind}"))
        if MONTHLY in kinds:
            out.extend(period_for_month(date(year, m, 1)) for m in range(1, 13))
    return sorted((p for p in out if first <= p.end <= last), key=lambda p: (p.end, p.kind))
