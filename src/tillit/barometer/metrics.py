"""The barometer's metrics: one registry, plain functions over the database, a constant number
of queries.

**The registry.** ``METRICS`` holds one ``Metric`` per metric, declared once: its key, Swedish
label and explanation, formatting kind, its numerator and denominator (``Tally``: what is
counted, in which ``Source``) and its drill-down (the items behind the value). Everything else
derives from it: ``Acc.values`` and ``Acc.fraction`` (the "3 av 4" text), the grouped queries of
``barometer_compute``, ``selectors.metric_items``, the pages, the API's metric list, the CLI
table. Adding a metric is one entry plus a test: docs/adding-a-metric.md.

``barometer_compute(municipalities=[...], start=..., end=...)`` computes every metric for every
body of every municipality given, with the same number of SQL queries for one municipality as
for 290 (each source is read once, grouped by municipality and body). Definitions are in
docs/barometer.md. A share with nothing to divide is ``None``, never zero.

Attribution (each source's ``rows``): an assignment belongs to its issuing body and to the
period of its decision date; a report to its assignment's issuer and the period of its due
date; a question to the body it was asked in and the period it was asked; a frame change to its
body and the period of its decision's meeting; a deviation to its body and the day it happened;
a delegation decision to the delegating body and its decision day.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Abs, Cast, Coalesce, ExtractQuarter, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tillit.analysis.models import TextAnalysis
from tillit.assignments.models import Assignment, AssignmentRecipient, FollowUp, Status
from tillit.decisions.models import Initiative
from tillit.economy.models import ActualLine, Forecast, Frame, FrameChange
from tillit.followup.models import Question, Report, ReportState
from tillit.followup.periods import period_name
from tillit.followup.selectors import stale_map
from tillit.organisation.models import Body

from .models import DelegationDecision, Deviation

# Formatting kinds: how a value is computed and shown (charts.fmt_value, the CLI, the API).
COUNT = "count"  # a tally: a whole number, 0 when nothing happened
SHARE = "share"  # numerator ÷ denominator, 0–1 rounded to 4 decimals, None with nothing to divide
DAYS = "days"  # the median of a list of days, None without any
SEK = "sek"  # a sum of amounts in whole kronor, 0 when nothing happened
KINDS = (COUNT, SHARE, DAYS, SEK)

POLITICAL_INITIATIVES = (Initiative.POLITICAL, Initiative.MOTION)
SHARE_PLACES = 4


def share(numerator, denominator) -> float | None:
    """numerator ÷ denominator rounded to 4 decimals; None when there is nothing to divide."""
    if not denominator:
        return None
    return round(float(Decimal(numerator) / Decimal(denominator)), SHARE_PLACES)


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in the local time zone, for datetime columns."""
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), tz)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    return lo, hi


def deficit_years(start: date, end: date) -> list[int]:
    """Budget years a period touches. Which part of a year's deficit counts in the period is
    decided by the dates of the decisions (``deficit_body_year_rows``), not by the year."""
    return list(range(start.year, end.year + 1))


# ---------------------------------------------------------------------------------------------
# Shared definitions (the computation and the drill-down use the very same ones)


def assignments_annotated(qs=None):
    """Assignments with the flags the metrics count: newest analysis level and whether it
    marks the result missing, planned follow-up, number of current recipients."""
    newest = TextAnalysis.objects.filter(assignment=OuterRef("pk")).order_by("-analysed_at", "-id")
    recipients = (
        AssignmentRecipient.objects.filter(assignment=OuterRef("pk"))
        .order_by()
        .values("assignment")
        .annotate(c=Count("id"))
        .values("c")
    )
    qs = qs if qs is not None else Assignment.objects.all()
    return qs.annotate(
        newest_level=Subquery(newest.values("level")[:1]),
        newest_missing=Subquery(
            newest.annotate(m=Cast("missing", TextField())).values("m")[:1],
            output_field=TextField(),
        ),
        has_followup=Exists(FollowUp.objects.filter(assignment=OuterRef("pk"))),
        recipient_count=Coalesce(Subquery(recipients, output_field=IntegerField()), Value(0)),
    )


Q_WITH_RESULT = Q(newest_level__isnull=False) & ~Q(newest_missing__contains='"result"')
Q_WITH_RESOURCES = Q(resources_sek__gt=0) | Q(resources_fte__gt=0)
Q_WITH_DEADLINE = Q(deadline__isnull=False)
Q_WITH_FOLLOWUP = Q(has_followup=True)
Q_HOW = Q(newest_level="how")
Q_ANALYSED = Q(newest_level__isnull=False)
Q_JOINT = Q(recipient_count__gt=1)
Q_POLITICAL = Q(decision__initiative__in=POLITICAL_INITIATIVES)


def report_due_q(today: date) -> Q:
    return Q(state=ReportState.SUBMITTED) | Q(due_on__lt=today)


Q_REPORT_ON_TIME = Q(state=ReportState.SUBMITTED, submitted_at__date__lte=F("due_on"))


def question_flags(asked_at, answered_at, due_on, today: date) -> tuple[bool, bool, int | None]:
    """(counts in the on-time denominator, answered on time, days to answer)."""
    if answered_at is not None:
        answered = timezone.localtime(answered_at).date()
        days = (answered - timezone.localtime(asked_at).date()).days
        return True, answered <= due_on, days
    return due_on < today, False, None


# ---------------------------------------------------------------------------------------------
# Sources: where the tallies come from


@dataclass(frozen=True)
class Source:
    """Rows the metrics count, for many municipalities at once.

    ``rows(ids, start, end)`` is the queryset of the rows attributed to the period — the
    attribution rule, written once for the computation and the drill-down; ``body`` is the
    field naming the body a row counts on; ``annotate(rows)``, if given, adds the columns its
    tallies' conditions use. A source without ``fill`` is tallied by one query grouped by
    municipality and body, to which each of its tallies adds its aggregate. A source
    whose rule is kept in Python has ``fill(source, ids=, start=, end=, today=)``, yielding
    ``(municipality id, body id, {tally name: value})``, and lists the names in ``provides``."""

    name: str
    rows: Callable | None
    body: str | None
    annotate: Callable | None = None
    fill: Callable[..., Iterable[tuple]] | None = None
    provides: tuple[str, ...] = ()

    def tallied(self, tallies, *, ids, start, end, today) -> Iterable[tuple]:
        """(municipality id, body id, {tally name: value}) for the given tallies."""
        if self.fill is not None:
            yield from self.fill(self, ids=ids, start=start, end=end, today=today)
            return
        if not tallies:
            return
        aggregates = {f"tally_{t.name}": t.aggregate(today) for t in tallies}
        rows = self.rows(ids, start, end)
        if self.annotate is not None:
            rows = self.annotate(rows)
        rows = rows.order_by().values("municipality_id", self.body).annotate(**aggregates)
        for r in rows:
            yield (
                r["municipality_id"],
                r[self.body],
                {t.name: r[f"tally_{t.name}"] or 0 for t in tallies},
            )


def _assignment_rows(ids, start, end):
    return Assignment.objects.filter(
        municipality_id__in=ids, issued_on__gte=start, issued_on__lte=end
    )


def _open_assignment_rows(ids, start, end):
    return _assignment_rows(ids, start, end).filter(status__in=[Status.DECIDED, Status.IN_PROGRESS])


def _stale_fill(source, *, ids, start, end, today):
    """Open assignments issued in the period that are stale today (follow-up's own rule)."""
    rows = list(
        source.rows(ids, start, end)
        .only("id", "municipality_id", "issuer_id", "status", "deadline")
        .prefetch_related("followups")
    )
    stale = stale_map(rows, today=today)
    for a in rows:
        if a.pk in stale:
            yield a.municipality_id, a.issuer_id, {"stale": 1}


def _report_rows(ids, start, end):
    return Report.objects.filter(municipality_id__in=ids, due_on__gte=start, due_on__lte=end)


def _question_rows(ids, start, end):
    lo, hi = day_bounds(start, end)
    return Question.objects.filter(municipality_id__in=ids, asked_at__gte=lo, asked_at__lt=hi)


def _question_fill(source, *, ids, start, end, today):
    """Questions in Python: whether one is due, and answered on time, depends on today; the
    median needs the values."""
    for mid, body_id, asked_at, answered_at, due_on in (
        source.rows(ids, start, end)
        .order_by()
        .values_list("municipality_id", "body_id", "asked_at", "answered_at", "due_on")
    ):
        due, on_time, days = question_flags(asked_at, answered_at, due_on, today)
        values = {
            "questions_due": due,
            "questions_on_time": on_time,
            "answer_days": [] if days is None else [days],
        }
        yield mid, body_id, values


def _frame_change_rows(ids, start, end):
    return FrameChange.objects.filter(
        municipality_id__in=ids,
        decision__meeting__date__gte=start,
        decision__meeting__date__lte=end,
    )


def _deficit_fill(source, *, ids, start, end, today):
    """Per body and budget year (4 queries): see deficit_rows."""
    for (mid, body_id), (gap, covered) in deficit_rows(ids=ids, start=start, end=end).items():
        yield mid, body_id, {"gap_sek": gap, "covered_sek": covered}


def _deviation_rows(ids, start, end):
    return Deviation.objects.filter(
        municipality_id__in=ids, occurred_on__gte=start, occurred_on__lte=end
    )


def _delegation_rows(ids, start, end):
    return DelegationDecision.objects.filter(
        municipality_id__in=ids, decided_on__gte=start, decided_on__lte=end
    )


ASSIGNMENTS = Source(
    "assignments", rows=_assignment_rows, body="issuer_id", annotate=assignments_annotated
)
OPEN_ASSIGNMENTS = Source(
    "open_assignments",
    rows=_open_assignment_rows,
    body="issuer_id",
    fill=_stale_fill,
    provides=("stale",),
)
REPORTS = Source("reports", rows=_report_rows, body="assignment__issuer_id")
QUESTIONS = Source(
    "questions",
    rows=_question_rows,
    body="body_id",
    fill=_question_fill,
    provides=("questions_due", "questions_on_time", "answer_days"),
)
FRAME_CHANGES = Source("frame_changes", rows=_frame_change_rows, body="body_id")
DEFICITS = Source(
    "deficits", rows=None, body=None, fill=_deficit_fill, provides=("gap_sek", "covered_sek")
)
DEVIATIONS = Source("deviations", rows=_deviation_rows, body="body_id")
DELEGATIONS = Source("delegation_decisions", rows=_delegation_rows, body="body_id")
SOURCES: tuple[Source, ...] = (
    ASSIGNMENTS,
    REPORTS,
    QUESTIONS,
    FRAME_CHANGES,
    DEFICITS,
    DEVIATIONS,
    DELEGATIONS,
    OPEN_ASSIGNMENTS,
)


# ---------------------------------------------------------------------------------------------
# Tallies: the numbers kept per body that the metrics show or divide


def count_rows(where):
    """Aggregate: the number of rows matching ``where``."""
    return Count("id", filter=where)


def count_distinct(column: str):
    """Aggregate: the number of distinct values of ``column`` among the rows matching."""
    return lambda where: Count(column, distinct=True, filter=where)


def sum_abs(column: str):
    """Aggregate: Σ|column| over the rows matching (SEK)."""
    return lambda where: Sum(Abs(column), filter=where)


@dataclass(frozen=True)
class Tally:
    """One number per body and period, summed into the municipality's total: the rows of
    ``source`` that match ``where`` (all its rows when None; a callable gets ``today``),
    aggregated by ``measure`` (grouped sources only). ``zero`` makes the empty value: ``int``,
    ``Decimal`` for amounts, ``list`` for values a median is taken of. A tally several metrics
    share (``ISSUED``) is one module constant; its name is its key in ``Acc.counts``."""

    name: str
    source: Source
    where: Q | Callable[[date], Q] | None = None
    measure: Callable = count_rows
    zero: Callable[[], object] = int

    def condition(self, today: date) -> Q | None:
        return self.where(today) if callable(self.where) else self.where

    def aggregate(self, today: date):
        return self.measure(self.condition(today))


ISSUED = Tally("issued", ASSIGNMENTS)
# Frame changes decided in the period, Σ|amount| — annual budget and in-year changes alike.
CHANGES_SEK = Tally("changes_sek", FRAME_CHANGES, measure=sum_abs("amount"), zero=Decimal)
# Tied to a purpose: every change except "utan kopplat uppdrag" — an in-year change funds
# assignments (economy's rule), a budget change has a kind (budget.models.EXPLAINED_KINDS).
Q_EXPLAINED = Q(unlinked=False)
# Funding assignments: in-year changes that are not unlinked, and budget changes of kind
# assignment (a budget's index, volume, efficiency and technical changes are explained but
# fund no assignment).
Q_FUNDS_ASSIGNMENT = Q(unlinked=False) & (
    Q(budget_change__kind="assignment")
    | Q(budget_change__isnull=True, budget_change_counterpart__isnull=True)
)
ASSIGNMENT_SEK = Tally(
    "assignment_sek", FRAME_CHANGES, Q_FUNDS_ASSIGNMENT, measure=sum_abs("amount"), zero=Decimal
)
EXPLAINED_SEK = Tally(
    "explained_sek", FRAME_CHANGES, Q_EXPLAINED, measure=sum_abs("amount"), zero=Decimal
)


# ---------------------------------------------------------------------------------------------
# Drill-down: the items behind a metric, each marked whether it counts in the numerator


@dataclass
class Item:
    kind: str  # assignment | report | question | frame_change | deviation | delegation | deficit
    obj: object
    label: str
    date: date | None
    counted: bool | None  # in the numerator (None: not in the denominator either)
    note: str = ""
    body_id: int | None = None


@dataclass(frozen=True)
class Scope:
    """Where a drill-down looks: one municipality, a period, optionally one body."""

    municipality: object
    start: date
    end: date
    body: object | None
    today: date
    with_content: bool = False
    with_details: bool = True  # the adapters pass permissions.can_read_deviation_details

    def rows(self, source: Source):
        """The source's rows in the period (and of the body), as the computation counts them."""
        qs = source.rows([self.municipality.pk], self.start, self.end)
        if self.body is not None:
            qs = qs.filter(**{source.body: self.body.pk})
        return qs


def _flag(condition: Q):
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _conditions(metric: Metric, today: date) -> tuple[Q | None, Q | None]:
    num = metric.numerator.condition(today)
    den = metric.denominator.condition(today) if metric.denominator else None
    return num, den


def _sek(value) -> str:
    return f"{value:,.0f} kr".replace(",", " ")


def assignment_items(*, note: Callable | None = None, one_per: str | None = None) -> Callable:
    """Drill-down over ASSIGNMENTS: every assignment issued in the period, counted when it
    matches the numerator's condition — None (only listed) when the numerator counts them all
    or the assignment is outside the denominator. ``note(assignment)`` fills the note column;
    ``one_per`` lists one assignment per value of that field (a metric counted per decision)."""

    def items(metric: Metric, scope: Scope) -> list[Item]:
        num, den = _conditions(metric, scope.today)
        qs = ASSIGNMENTS.annotate(scope.rows(ASSIGNMENTS))
        if num is not None:
            qs = qs.annotate(_num=_flag(num))
        if den is not None:
            qs = qs.annotate(_den=_flag(den))
        qs = qs.select_related("issuer", "decision", "decision__body").order_by("issued_on", "id")
        out = []
        seen = set()
        for a in qs:
            if one_per is not None:
                if getattr(a, one_per) in seen:
                    continue
                seen.add(getattr(a, one_per))
            counted = None if num is None else bool(a._num)
            if den is not None and not a._den:
                counted = None
            text = note(a) if note is not None else ""
            out.append(Item("assignment", a, a.title, a.issued_on, counted, text, a.issuer_id))
        return out

    return items


def _analysis_level(a) -> str:
    return {"how": "Hur-nivå", "what": "Vad-nivå"}.get(a.newest_level or "", "Ej analyserad")


def _initiative(a) -> str:
    return a.decision.get_initiative_display()


def stale_items(metric: Metric, scope: Scope) -> list[Item]:
    """Drill-down over OPEN_ASSIGNMENTS: the stale ones, with the reason."""
    rows = list(
        scope.rows(OPEN_ASSIGNMENTS)
        .select_related("issuer")
        .prefetch_related("followups")
        .order_by("issued_on", "id")
    )
    reasons = stale_map(rows, today=scope.today)
    return [
        Item("assignment", a, a.title, a.issued_on, True, reasons[a.pk], a.issuer_id)
        for a in rows
        if a.pk in reasons
    ]


def report_items(metric: Metric, scope: Scope) -> list[Item]:
    """Drill-down over REPORTS: counted by the numerator's condition, None outside the
    denominator's."""
    num, den = _conditions(metric, scope.today)
    qs = (
        scope.rows(REPORTS)
        .annotate(_den=_flag(den), _num=_flag(num))
        .select_related("assignment")
        .order_by("due_on", "id")
    )
    out = []
    for r in qs:
        if r.is_submitted:
            note = f"Inlämnad {timezone.localtime(r.submitted_at).date().isoformat()}"
        else:
            note = "Inte inlämnad"
        counted = bool(r._num) if r._den else None
        label = f"{period_name(r.period)} – {r.assignment.title}"
        out.append(Item("report", r, label, r.due_on, counted, note, r.assignment.issuer_id))
    return out


def question_items(describe: Callable) -> Callable:
    """Drill-down over QUESTIONS; ``describe(due, on_time, days, question)`` gives
    (counted, note) from question_flags."""

    def items(metric: Metric, scope: Scope) -> list[Item]:
        out = []
        for q in scope.rows(QUESTIONS).select_related("assignment").order_by("asked_at", "id"):
            due, on_time, days = question_flags(q.asked_at, q.answered_at, q.due_on, scope.today)
            counted, note = describe(due, on_time, days, q)
            asked = timezone.localtime(q.asked_at).date()
            out.append(Item("question", q, q.text[:120], asked, counted, note, q.body_id))
        return out

    return items


def _answered_on_time(due, on_time, days, q) -> tuple[bool | None, str]:
    answered = f", besvarad efter {days} dagar" if days is not None else ", obesvarad"
    return (on_time if due else None), f"Svar senast {q.due_on.isoformat()}" + answered


def _days_to_answer(due, on_time, days, q) -> tuple[bool | None, str]:
    if days is None:
        return None, "Obesvarad"
    return True, f"{days} dagar"


def frame_change_items(metric: Metric, scope: Scope) -> list[Item]:
    """Drill-down over FRAME_CHANGES: counted by the numerator's condition, with the amount."""
    num, _den = _conditions(metric, scope.today)
    qs = scope.rows(FRAME_CHANGES).annotate(_num=_flag(num) if num is not None else Value(True))
    return [
        Item(
            "frame_change",
            c,
            f"{c.get_kind_display()} {c.body.label}: {c.purpose or '–'}",
            c.decision.meeting.date,
            bool(c._num),
            _sek(abs(c.amount)),
            c.body_id,
        )
        for c in qs.select_related("body", "decision__meeting").order_by(
            "decision__meeting__date", "id"
        )
    ]


def deficit_items(metric: Metric, scope: Scope) -> list[Item]:
    """Drill-down over DEFICITS: one item per body and budget year with a deficit."""
    names = {b.pk: b.label for b in Body.objects.filter(municipality=scope.municipality)}
    return [
        Item(
            "deficit",
            row,
            f"{names.get(row['body_id'], '?')} {row['year']}",
            date(row["year"], 12, 31),
            row["covered"] >= row["gap"],
            f"Underskott före tillskott {_sek(row['gap'])}, täckt {_sek(row['covered'])}",
            row["body_id"],
        )
        for row in deficit_body_years(
            municipality=scope.municipality, start=scope.start, end=scope.end, body=scope.body
        )
    ]


def deviation_items(metric: Metric, scope: Scope) -> list[Item]:
    """Drill-down over DEVIATIONS, read through selectors.deviations_public only (never the
    reporter; the content only ``with_content``; nothing without ``with_details``, when only
    the counts are public)."""
    from .selectors import deviations_public  # the one public read of deviations

    if not scope.with_details:
        return []
    return [
        Item(
            "deviation",
            d,
            d["from_role"] + (" → " + d["to"] if d["to"] else ""),
            d["occurred_on"],
            True,
            d["source_label"],
            d["body_id"],
        )
        for d in deviations_public(
            municipality=scope.municipality,
            start=scope.start,
            end=scope.end,
            body=scope.body,
            with_content=scope.with_content,
        )
    ]


def delegation_items(metric: Metric, scope: Scope) -> list[Item]:
    """Drill-down over DELEGATIONS: counted by the numerator's condition, with the reasons."""
    num, _den = _conditions(metric, scope.today)
    qs = scope.rows(DELEGATIONS).annotate(_num=_flag(num) if num is not None else Value(True))
    return [
        Item(
            "delegation",
            d,
            f"{d.delegation_point} {d.title}",
            d.decided_on,
            bool(d._num),
            "; ".join(f"»{f['phrase']}«: {f['reason']}" for f in d.strategic_findings),
            d.body_id,
        )
        for d in qs.select_related("delegate_office", "reported_meeting").order_by(
            "decided_on", "id"
        )
    ]


# ---------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True, kw_only=True)
class Metric:
    """One barometer metric, declared once.

    ``name`` is its key in the JSON, the URL and the CLI; ``label`` and ``why`` the Swedish
    heading and explanation on the pages; ``kind`` one of KINDS; ``higher_is_better`` steers
    the comparison's "(bättre)"/"(sämre)" (None: neither). The value is the ``numerator``
    tally (COUNT), numerator ÷ ``denominator`` (SHARE, the only kind with a denominator), or
    the median of the numerator's list (DAYS). ``drill_down(metric, scope)`` lists the items
    behind the value."""

    name: str
    label: str
    why: str
    kind: str
    higher_is_better: bool | None
    numerator: Tally
    denominator: Tally | None = None
    drill_down: Callable[[Metric, Scope], list[Item]]

    def __post_init__(self):
        problems = []
        if not self.name.isidentifier() or self.name != self.name.lower():
            problems.append("the name must be a lower-case identifier")
        if not self.label.strip() or not self.why.strip():
            problems.append("a Swedish label and explanation (why) are required")
        if self.kind not in KINDS:
            problems.append(f"kind must be one of {KINDS}")
        if not isinstance(self.numerator, Tally):
            problems.append("the numerator must be a Tally")
        if (self.kind == SHARE) != isinstance(self.denominator, Tally):
            problems.append("a share needs a denominator Tally; other kinds have none")
        if self.kind == DAYS and getattr(self.numerator, "zero", None) is not list:
            problems.append("a days metric takes the median of a list tally (zero=list)")
        if not callable(self.drill_down):
            problems.append("a drill-down is required")
        if problems:
            raise ValueError(f"Metric {self.name!r}: " + "; ".join(problems) + ".")

    def value(self, acc: Acc):
        numerator = acc.counts[self.numerator.name]
        if self.kind == SHARE:
            return share(numerator, acc.counts[self.denominator.name])
        if self.kind == DAYS:
            return float(statistics.median(numerator)) if numerator else None
        if self.kind == SEK:
            return int(Decimal(numerator).to_integral_value(ROUND_HALF_UP))
        return numerator

    def fraction(self, acc: Acc) -> tuple | None:
        """(numerator, denominator) behind a share, for "3 av 4" in the pages; for DAYS
        (number of values, None); None for a count."""
        numerator = acc.counts[self.numerator.name]
        if self.kind == SHARE:
            return numerator, acc.counts[self.denominator.name]
        if self.kind == DAYS:
            return len(numerator), None
        return None

    def items(self, scope: Scope) -> list[Item]:
        return self.drill_down(self, scope)


METRICS: tuple[Metric, ...] = (
    Metric(
        name="assignments_issued",
        label=gettext_lazy("Givna uppdrag"),
        why=gettext_lazy(
            "Politiken styr genom uppdrag. Få uppdrag betyder att politiken inte "
            "säger vad den vill ha uppnått – och att förvaltningen får gissa."
        ),
        kind=COUNT,
        higher_is_better=True,
        numerator=ISSUED,
        drill_down=assignment_items(),
    ),
    Metric(
        name="with_result_share",
        label=gettext_lazy("Andel uppdrag med mätbart resultat"),
        why=gettext_lazy(
            "Ett uppdrag ska säga vad som ska uppnås (vad), inte bara vad som "
            "ska göras. Utan ett mätbart resultat går det inte att följa upp."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally("with_result", ASSIGNMENTS, Q_WITH_RESULT),
        denominator=ISSUED,
        drill_down=assignment_items(),
    ),
    Metric(
        name="with_resources_share",
        label=gettext_lazy("Andel uppdrag med resurser"),
        why=gettext_lazy(
            "Ett uppdrag utan resurser tränger undan annat arbete. Politiken ska "
            "ange vad uppdraget får kosta eller hur det finansieras."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally("with_resources", ASSIGNMENTS, Q_WITH_RESOURCES),
        denominator=ISSUED,
        drill_down=assignment_items(),
    ),
    Metric(
        name="with_deadline_share",
        label=gettext_lazy("Andel uppdrag med slutdatum"),
        why=gettext_lazy(
            "Ett slutdatum gör det tydligt när politiken ska få svar och fatta nytt beslut."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally("with_deadline", ASSIGNMENTS, Q_WITH_DEADLINE),
        denominator=ISSUED,
        drill_down=assignment_items(),
    ),
    Metric(
        name="with_followup_share",
        label=gettext_lazy("Andel uppdrag med planerad uppföljning"),
        why=gettext_lazy(
            "Tillitsstyrning är inte frånvaro av styrning: politiken ska följa "
            "upp de uppdrag den har gett."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally("with_followup", ASSIGNMENTS, Q_WITH_FOLLOWUP),
        denominator=ISSUED,
        drill_down=assignment_items(),
    ),
    Metric(
        name="how_level_share",
        label=gettext_lazy("Andel uppdragstexter som styr hur arbetet ska göras (hur-nivå)"),
        why=gettext_lazy(
            "Politiken beslutar vad, förvaltningen hur. Texter som föreskriver "
            "metod tar professionens handlingsutrymme (detaljstyrning)."
        ),
        kind=SHARE,
        higher_is_better=False,
        numerator=Tally("how", ASSIGNMENTS, Q_HOW),
        denominator=Tally("analysed", ASSIGNMENTS, Q_ANALYSED),
        drill_down=assignment_items(note=_analysis_level),
    ),
    Metric(
        name="reports_on_time_share",
        label=gettext_lazy("Andel rapporter inlämnade i tid"),
        why=gettext_lazy(
            "Återrapporteringen är förvaltningens del av kedjan; sena rapporter "
            "gör att politiken beslutar utan underlag."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally("reports_on_time", REPORTS, Q_REPORT_ON_TIME),
        denominator=Tally("reports_due", REPORTS, report_due_q),
        drill_down=report_items,
    ),
    Metric(
        name="questions_answered_on_time_share",
        label=gettext_lazy("Andel frågor besvarade i tid"),
        why=gettext_lazy(
            "Frågor genom beslutskedjan i stället för direkt till en enhet – och "
            "svar i tid – är grunden för tillit åt båda hållen."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally("questions_on_time", QUESTIONS),
        denominator=Tally("questions_due", QUESTIONS),
        drill_down=question_items(_answered_on_time),
    ),
    Metric(
        name="median_days_to_answer",
        label=gettext_lazy("Mediantid till svar (dagar)"),
        why=gettext_lazy("Hur snabbt politikens frågor besvaras genom kedjan."),
        kind=DAYS,
        higher_is_better=False,
        numerator=Tally("answer_days", QUESTIONS, zero=list),
        drill_down=question_items(_days_to_answer),
    ),
    Metric(
        name="unlinked_frame_change_share",
        label=gettext_lazy("Andel ramförändringar utan kopplat uppdrag"),
        why=gettext_lazy(
            "Pengar utan kopplat uppdrag fördelas utan att politiken säger vad de ska åstadkomma."
        ),
        kind=SHARE,
        higher_is_better=False,
        numerator=Tally(
            "unlinked_sek",
            FRAME_CHANGES,
            Q(unlinked=True),
            measure=sum_abs("amount"),
            zero=Decimal,
        ),
        denominator=CHANGES_SEK,
        drill_down=frame_change_items,
    ),
    Metric(
        name="budget_change_sek",
        label=gettext_lazy("Beslutade ramförändringar"),
        why=gettext_lazy(
            "Hur mycket av nämndernas ramar som politiken har ändrat under "
            "perioden – i årsbudgeten och under året, ökningar och minskningar "
            "räknade som belopp."
        ),
        kind=SEK,
        higher_is_better=None,
        numerator=CHANGES_SEK,
        drill_down=frame_change_items,
    ),
    Metric(
        name="budget_change_assignment_sek",
        label=gettext_lazy("Ramförändringar kopplade till uppdrag"),
        why=gettext_lazy(
            "Pengar som följer ett uppdrag säger vad de ska åstadkomma, och "
            "förvaltningen redovisar resultatet mot uppdraget."
        ),
        kind=SEK,
        higher_is_better=True,
        numerator=ASSIGNMENT_SEK,
        drill_down=frame_change_items,
    ),
    Metric(
        name="budget_change_explained_sek",
        label=gettext_lazy("Ramförändringar med angivet syfte"),
        why=gettext_lazy(
            "Uppdrag, pris- och löneuppräkning, volym, effektiviseringskrav och "
            "tekniska justeringar säger alla varför ramen ändras; bara »utan "
            "kopplat uppdrag« gör det inte."
        ),
        kind=SEK,
        higher_is_better=True,
        numerator=EXPLAINED_SEK,
        drill_down=frame_change_items,
    ),
    Metric(
        name="budget_change_assignment_share",
        label=gettext_lazy("Andel ramförändringar kopplade till uppdrag"),
        why=gettext_lazy(
            "Hur stor del av de beslutade ramförändringarna som finansierar "
            "uppdrag med ett avsett resultat."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=ASSIGNMENT_SEK,
        denominator=CHANGES_SEK,
        drill_down=frame_change_items,
    ),
    Metric(
        name="budget_change_explained_share",
        label=gettext_lazy("Andel ramförändringar med angivet syfte"),
        why=gettext_lazy(
            "Hur stor del av de beslutade ramförändringarna som har ett uttalat "
            "syfte – uppdrag, uppräkning, volym, effektivisering eller teknisk "
            "justering."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=EXPLAINED_SEK,
        denominator=CHANGES_SEK,
        drill_down=frame_change_items,
    ),
    Metric(
        name="deficit_coverage",
        label=gettext_lazy("Underskottstäckning"),
        why=gettext_lazy(
            "Visar om tillskotten täcker underskotten. Låg täckning utan "
            "åtgärdsplan betyder att ingen politik har presenterats för att "
            "minska underskotten."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally("covered_sek", DEFICITS, zero=Decimal),
        denominator=Tally("gap_sek", DEFICITS, zero=Decimal),
        drill_down=deficit_items,
    ),
    Metric(
        name="chain_deviations",
        label=gettext_lazy("Avvikelser från beslutskedjan"),
        why=gettext_lazy(
            "När någon går förbi kedjan – en politiker som ger order långt ner i "
            "organisationen – blir medarbetarna osäkra på vad som gäller."
        ),
        kind=COUNT,
        higher_is_better=False,
        numerator=Tally("deviations", DEVIATIONS),
        drill_down=deviation_items,
    ),
    Metric(
        name="joint_assignments_share",
        label=gettext_lazy("Andel gemensamma uppdrag"),
        why=gettext_lazy(
            "Uppdrag till flera mottagare bryter stuprören mellan nämnderna och "
            "ser kommunens verksamhet som en helhet."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally("joint", ASSIGNMENTS, Q_JOINT),
        denominator=ISSUED,
        drill_down=assignment_items(),
    ),
    Metric(
        name="stale_assignments",
        label=gettext_lazy("Uppdrag som står still"),
        why=gettext_lazy(
            "Öppna uppdrag där planerad uppföljning eller slutdatum har passerat utan rapport. "
            "Bara uppdrag som gavs under den valda perioden räknas: ett äldre uppdrag som står "
            "still visas som ”Försenat” i uppdragslistan men räknas inte här."
        ),
        kind=COUNT,
        higher_is_better=False,
        numerator=Tally("stale", OPEN_ASSIGNMENTS),
        drill_down=stale_items,
    ),
    Metric(
        name="political_initiative_share",
        label=gettext_lazy("Andel uppdragsbeslut på politiskt initiativ"),
        why=gettext_lazy(
            "Visar om politiken själv tar initiativ eller väntar på förslag från förvaltningen."
        ),
        kind=SHARE,
        higher_is_better=True,
        numerator=Tally(
            "political", ASSIGNMENTS, Q_POLITICAL, measure=count_distinct("decision_id")
        ),
        denominator=Tally("decisions", ASSIGNMENTS, measure=count_distinct("decision_id")),
        drill_down=assignment_items(note=_initiative, one_per="decision_id"),
    ),
    Metric(
        name="strategic_delegation_decisions",
        label=gettext_lazy("Delegationsbeslut på strategisk nivå"),
        why=gettext_lazy(
            "Mål, inriktning, omfattning och kvalitet får inte delegeras "
            "(kommunallagen 6 kap. 38 §). Sådana delegationsbeslut visar "
            "tjänstepersoner som tvingas fatta strategiska beslut när politiken "
            "inte gör det."
        ),
        kind=COUNT,
        higher_is_better=False,
        numerator=Tally("strategic", DELEGATIONS, Q(is_strategic=True)),
        drill_down=delegation_items,
    ),
)
METRIC_NAMES: tuple[str, ...] = tuple(m.name for m in METRICS)
METRICS_BY_NAME = {m.name: m for m in METRICS}


def _tallies(metrics) -> dict[str, Tally]:
    """{name: Tally} of every tally the metrics use; refuses an ambiguous registry."""
    out: dict[str, Tally] = {}
    if len({m.name for m in metrics}) != len(metrics):
        raise ValueError("Two barometer metrics share a name.")
    for m in metrics:
        for t in (m.numerator, m.denominator):
            if t is None:
                continue
            if out.setdefault(t.name, t) is not t:
                raise ValueError(
                    f"Two different tallies are named {t.name!r}: declare a shared tally once, "
                    "as a module constant (like ISSUED)."
                )
            if t.source.fill is not None and t.name not in t.source.provides:
                raise ValueError(
                    f"Tally {t.name!r}: the source {t.source.name!r} fills only "
                    f"{t.source.provides}; add it to its fill function."
                )
    return out


TALLIES: dict[str, Tally] = _tallies(METRICS)


# ---------------------------------------------------------------------------------------------
# Accumulators


def _zero_counts() -> dict:
    return {t.name: t.zero() for t in TALLIES.values()}


@dataclass
class Acc:
    """The tallies of one body (or the municipality's total): ``counts`` {tally name: value}
    — read also as attributes, ``acc.issued`` — and the assignments per quarter."""

    counts: dict = field(default_factory=_zero_counts)
    quarters: dict = field(default_factory=lambda: defaultdict(int))

    def __getattr__(self, name):
        counts = self.__dict__.get("counts")
        if counts is not None and name in counts:
            return counts[name]
        raise AttributeError(name)

    def add(self, other: Acc) -> None:
        for name, value in other.counts.items():
            self.counts[name] = self.counts[name] + value
        for k, v in other.quarters.items():
            self.quarters[k] += v

    def values(self) -> dict:
        return {m.name: m.value(self) for m in METRICS}

    def fraction(self, metric: str) -> tuple | None:
        """(numerator, denominator) behind a share, for "3 av 4" in the pages."""
        m = METRICS_BY_NAME.get(metric)
        return m.fraction(self) if m is not None else None


@dataclass
class MunicipalityBarometer:
    municipality: object
    start: date
    end: date
    bodies: list  # Body rows in order
    by_body: dict  # body id -> Acc
    total: Acc

    def totals(self) -> dict:
        return self.total.values()

    def body_values(self) -> dict[str, dict]:
        return {b.slug: self.by_body[b.pk].values() for b in self.bodies}

    def quarters(self) -> dict:
        def ordered(q):
            return {k: q[k] for k in sorted(q)}

        return {
            "totals": ordered(self.total.quarters),
            "bodies": {b.slug: ordered(self.by_body[b.pk].quarters) for b in self.bodies},
        }

    def as_json(self) -> dict:
        return {
            "municipality": self.municipality.slug,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "totals": self.totals(),
            "bodies": self.body_values(),
            "assignments_per_quarter": self.quarters(),
        }


# ---------------------------------------------------------------------------------------------
# The computation


def barometer_compute(
    *,
    municipalities,
    start: date,
    end: date,
    today: date | None = None,
) -> dict[int, MunicipalityBarometer]:
    """Every metric for every body of the given municipalities over [start, end] (inclusive).
    A constant number of queries, whatever the number of municipalities or bodies: each
    source once (grouped sources one query with all their tallies), plus the bodies and the
    assignments per quarter."""
    today = today or timezone.localdate()
    munis = list(municipalities)
    ids = [m.pk for m in munis]
    bodies = list(
        Body.objects.filter(municipality_id__in=ids, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("municipality_id", "valid_from", "id")
    )
    accs: dict[int, dict[int | None, Acc]] = {mid: defaultdict(Acc) for mid in ids}

    for source in SOURCES:
        tallies = [t for t in TALLIES.values() if t.source is source]
        if not tallies:
            continue
        for mid, body_id, values in source.tallied(
            tallies, ids=ids, start=start, end=end, today=today
        ):
            counts = accs[mid][body_id].counts
            for t in tallies:
                counts[t.name] += values[t.name]

    # Assignments per quarter (1 query): the chart and `assignments_per_quarter`, not a metric.
    for r in (
        ASSIGNMENTS.rows(ids, start, end)
        .order_by()
        .annotate(y=ExtractYear("issued_on"), q=ExtractQuarter("issued_on"))
        .values("municipality_id", "issuer_id", "y", "q")
        .annotate(n=Count("id"))
    ):
        accs[r["municipality_id"]][r["issuer_id"]].quarters[f"{r['y']}-Q{r['q']}"] += r["n"]

    out = {}
    for m in munis:
        total = Acc()
        for a in accs[m.pk].values():
            total.add(a)
        mine = [b for b in bodies if b.municipality_id == m.pk]
        out[m.pk] = MunicipalityBarometer(
            municipality=m,
            start=start,
            end=end,
            bodies=mine,
            by_body={b.pk: accs[m.pk][b.pk] for b in mine},
            total=total,
        )
    return out


def deficit_rows(*, ids, start: date, end: date) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """{(municipality id, body id): (Σ gap, Σ covered)} over the period's budget years
    (``deficit_body_year_rows`` summed over the years)."""
    out: dict = defaultdict(lambda: (Decimal(0), Decimal(0)))
    for (mid, body_id, _year), (gap, covered) in deficit_body_year_rows(
        ids=ids, start=start, end=end
    ).items():
        g, c = out[(mid, body_id)]
        out[(mid, body_id)] = (g + gap, c + covered)
    return dict(out)


def deficit_body_year_rows(
    *, ids, start: date, end: date
) -> dict[tuple[int, int, int], tuple[Decimal, Decimal]]:
    """{(municipality id, body id, year): (gap, covered)} for the budget years the period
    touches, attributed by decision date (4 queries).

    Per body and year: frame F = KF's frame + every frame change of the year; additions = the
    positive frame changes decided during the year; forecast P = the latest reported forecast,
    else the year's booked actuals once December is booked. The gap before the additions is
    G = P − (F − Σ additions); a body-year with G > 0 has a deficit. The additions cover it in
    the order they were decided (the date of KF's meeting), each min(addition, what is still
    open). A period counts the gap still open when it starts (G less what additions decided
    before it covered) and covers it with the additions decided within it: a majority answers
    for the deficit it took over and is credited with the additions it decided — November
    additions by a new majority count for the new majority, not for the one that held 30 June.
    """
    years = deficit_years(start, end)
    if not years:
        return {}
    base = {
        (r["municipality_id"], r["body_id"], r["year"]): r["amount"]
        for r in Frame.objects.filter(municipality_id__in=ids, year__in=years).values(
            "municipality_id", "body_id", "year", "amount"
        )
    }
    changes: dict = defaultdict(Decimal)
    additions: dict = defaultdict(list)
    for r in (
        FrameChange.objects.filter(municipality_id__in=ids, year__in=years)
        .order_by("decision__meeting__date", "id")
        .values("municipality_id", "body_id", "year", "amount", "decision__meeting__date")
    ):
        key = (r["municipality_id"], r["body_id"], r["year"])
        changes[key] += r["amount"]
        decided = r["decision__meeting__date"]
        if r["amount"] > 0 and decided.year == r["year"]:
            additions[key].append((decided, r["amount"]))
    forecasts: dict = {}
    for r in (
        Forecast.objects.filter(municipality_id__in=ids, year__in=years)
        .order_by("-as_of", "-created_at", "-id")
        .values("municipality_id", "body_id", "year", "amount")
    ):
        forecasts.setdefault((r["municipality_id"], r["body_id"], r["year"]), r["amount"])
    for r in (
        ActualLine.objects.active()
        .filter(municipality_id__in=ids, month__year__in=years, body__isnull=False)
        .order_by()
        .annotate(y=ExtractYear("month"))
        .values("municipality_id", "body_id", "y")
        .annotate(total=Sum("amount"), last=Max("month"))
    ):
        key = (r["municipality_id"], r["body_id"], r["y"])
        if key not in forecasts and r["last"].month == 12:
            forecasts[key] = r["total"]
    out: dict = {}
    for key, frame in base.items():
        forecast = forecasts.get(key)
        if forecast is None:
            continue
        adds = additions.get(key, [])
        gap = forecast - (frame + changes.get(key, Decimal(0)) - sum(a for _d, a in adds))
        if gap <= 0:
            continue
        still_open = open_at_start = gap
        covered = Decimal(0)
        for decided, amount in adds:  # in decision order
            share = min(amount, still_open)
            still_open -= share
            if decided < start:
                open_at_start -= share
            elif decided <= end:
                covered += share
        if open_at_start > 0:
            out[key] = (open_at_start, covered)
    return out


def deficit_body_years(*, municipality, start: date, end: date, body=None) -> list[dict]:
    """The body-years behind deficit_coverage, for the drill-down (the same rows as the
    computation, ``deficit_body_year_rows``)."""
    rows = deficit_body_year_rows(ids=[municipality.pk], start=start, end=end)
    return [
        {"year": year, "body_id": body_id, "gap": gap, "covered": covered}
        for (_mid, body_id, year), (gap, covered) in sorted(
            rows.items(), key=lambda kv: (kv[0][2], kv[0][1])
        )
        if body is None or body.pk == body_id
    ]
