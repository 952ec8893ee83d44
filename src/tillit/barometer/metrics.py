"""The barometer's metrics: plain functions over the database, a constant number of queries.

``barometer_compute(municipalities=[...], start=..., end=...)`` computes every metric for every
body of every municipality given, with the same number of SQL queries for one municipality as
for 290 (each source is read once, grouped by municipality and body). Definitions are in
docs/barometer.md; ``METRICS`` holds the Swedish explanation of each. A share with nothing to
divide is ``None``, never zero.

Attribution: an assignment belongs to its issuing body and to the period of its decision date;
a report to its assignment's issuer and the period of its due date; a question to the body it
was asked in and the period it was asked; a frame change to its body and the period of its
decision's meeting; a deviation to its body and the day it happened; a delegation decision to
the delegating body and its decision day.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
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
)
from django.db.models.functions import Abs, Cast, Coalesce, ExtractQuarter, ExtractYear
from django.utils import timezone

from tillit.analysis.models import TextAnalysis
from tillit.assignments.models import Assignment, AssignmentRecipient, FollowUp, Status
from tillit.decisions.models import Initiative
from tillit.economy.models import ActualLine, Forecast, Frame, FrameChange
from tillit.followup.models import Question, Report, ReportState
from tillit.followup.selectors import stale_map
from tillit.organisation.models import Body

from .models import DelegationDecision, Deviation


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    why: str
    kind: str  # count | share | days | sek_share
    higher_is_better: bool | None = None


METRICS: tuple[Metric, ...] = (
    Metric(
        "assignments_issued",
        "Givna uppdrag",
        "Politiken styr genom uppdrag. Få uppdrag betyder att politiken inte säger vad den vill "
        "ha uppnått – och att förvaltningen får gissa.",
        "count",
        True,
    ),
    Metric(
        "with_result_share",
        "Andel uppdrag med mätbart resultat",
        "Ett uppdrag ska säga vad som ska uppnås (vad), inte bara vad som ska göras. Utan ett "
        "mätbart resultat går det inte att följa upp.",
        "share",
        True,
    ),
    Metric(
        "with_resources_share",
        "Andel uppdrag med resurser",
        "Ett uppdrag utan resurser tränger undan annat arbete. Politiken ska ange vad uppdraget "
        "får kosta eller hur det finansieras.",
        "share",
        True,
    ),
    Metric(
        "with_deadline_share",
        "Andel uppdrag med slutdatum",
        "Ett slutdatum gör det tydligt när politiken ska få svar och fatta nytt beslut.",
        "share",
        True,
    ),
    Metric(
        "with_followup_share",
        "Andel uppdrag med planerad uppföljning",
        "Tillitsstyrning är inte frånvaro av styrning: politiken ska följa upp de uppdrag den "
        "har gett.",
        "share",
        True,
    ),
    Metric(
        "how_level_share",
        "Andel uppdragstexter på hur-nivå",
        "Politiken beslutar vad, förvaltningen hur. Texter som föreskriver metod tar "
        "professionens handlingsutrymme (detaljstyrning).",
        "share",
        False,
    ),
    Metric(
        "reports_on_time_share",
        "Andel rapporter inlämnade i tid",
        "Återrapporteringen är förvaltningens del av kedjan; sena rapporter gör att politiken "
        "beslutar utan underlag.",
        "share",
        True,
    ),
    Metric(
        "questions_answered_on_time_share",
        "Andel frågor besvarade i tid",
        "Frågor genom beslutskedjan i stället för direkt till en enhet – och svar i tid – är "
        "grunden för tillit åt båda hållen.",
        "share",
        True,
    ),
    Metric(
        "median_days_to_answer",
        "Mediantid till svar (dagar)",
        "Hur snabbt politikens frågor besvaras genom kedjan.",
        "days",
        False,
    ),
    Metric(
        "unlinked_frame_change_share",
        "Andel ramförändringar utan kopplat uppdrag (kr)",
        "Pengar utan uppdrag är »ko-bingo«: resurser fördelas utan att politiken säger vad de "
        "ska åstadkomma.",
        "share",
        False,
    ),
    Metric(
        "deficit_coverage",
        "Underskottstäckning",
        "Visar om tillskotten täcker underskotten. Låg täckning utan åtgärdsplan betyder att "
        "ingen politik har presenterats för att minska underskotten.",
        "share",
        True,
    ),
    Metric(
        "chain_deviations",
        "Avvikelser från beslutskedjan",
        "När någon går förbi kedjan – en politiker som ger order långt ner i organisationen – "
        "blir medarbetarna osäkra på vad som gäller.",
        "count",
        False,
    ),
    Metric(
        "joint_assignments_share",
        "Andel gemensamma uppdrag",
        "Uppdrag till flera mottagare bryter stuprören mellan nämnderna och ser kommunens "
        "verksamhet som en helhet.",
        "share",
        True,
    ),
    Metric(
        "stale_assignments",
        "Uppdrag som står still",
        "Öppna uppdrag där planerad uppföljning eller slutdatum har passerat utan rapport.",
        "count",
        False,
    ),
    Metric(
        "political_initiative_share",
        "Andel uppdragsbeslut på politiskt initiativ",
        "Visar om politiken själv tar initiativ eller väntar på förslag från förvaltningen.",
        "share",
        True,
    ),
    Metric(
        "strategic_delegation_decisions",
        "Delegationsbeslut på strategisk nivå",
        "Mål, inriktning, omfattning och kvalitet får inte delegeras (kommunallagen 6 kap. "
        "38 §). Sådana delegationsbeslut visar tjänstepersoner som tvingas fatta strategiska "
        "beslut när politiken inte gör det.",
        "count",
        False,
    ),
)
METRIC_NAMES: tuple[str, ...] = tuple(m.name for m in METRICS)
METRICS_BY_NAME = {m.name: m for m in METRICS}

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
    """Budget years a period covers: those whose 30 June lies in the period (so consecutive
    majority periods split the years between them without overlap)."""
    return [y for y in range(start.year, end.year + 1) if start <= date(y, 6, 30) <= end]


# ---------------------------------------------------------------------------------------------
# Accumulators


@dataclass
class Acc:
    """Numerators and denominators of one body (or the municipality's total)."""

    issued: int = 0
    with_result: int = 0
    with_resources: int = 0
    with_deadline: int = 0
    with_followup: int = 0
    analysed: int = 0
    how: int = 0
    joint: int = 0
    decisions: int = 0
    political: int = 0
    reports_due: int = 0
    reports_on_time: int = 0
    questions_due: int = 0
    questions_on_time: int = 0
    answer_days: list = field(default_factory=list)
    changes_sek: Decimal = Decimal(0)
    unlinked_sek: Decimal = Decimal(0)
    gap_sek: Decimal = Decimal(0)
    covered_sek: Decimal = Decimal(0)
    deviations: int = 0
    stale: int = 0
    strategic: int = 0
    delegation_decisions: int = 0
    quarters: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, other: Acc) -> None:
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if name == "answer_days":
                mine.extend(theirs)
            elif name == "quarters":
                for k, v in theirs.items():
                    mine[k] += v
            else:
                setattr(self, name, mine + theirs)

    def values(self) -> dict:
        median = statistics.median(self.answer_days) if self.answer_days else None
        return {
            "assignments_issued": self.issued,
            "with_result_share": share(self.with_result, self.issued),
            "with_resources_share": share(self.with_resources, self.issued),
            "with_deadline_share": share(self.with_deadline, self.issued),
            "with_followup_share": share(self.with_followup, self.issued),
            "how_level_share": share(self.how, self.analysed),
            "reports_on_time_share": share(self.reports_on_time, self.reports_due),
            "questions_answered_on_time_share": share(self.questions_on_time, self.questions_due),
            "median_days_to_answer": float(median) if median is not None else None,
            "unlinked_frame_change_share": share(self.unlinked_sek, self.changes_sek),
            "deficit_coverage": share(self.covered_sek, self.gap_sek),
            "chain_deviations": self.deviations,
            "joint_assignments_share": share(self.joint, self.issued),
            "stale_assignments": self.stale,
            "political_initiative_share": share(self.political, self.decisions),
            "strategic_delegation_decisions": self.strategic,
        }

    def fraction(self, metric: str) -> tuple | None:
        """(numerator, denominator) behind a share, for "3 av 4" in the pages."""
        pairs = {
            "with_result_share": (self.with_result, self.issued),
            "with_resources_share": (self.with_resources, self.issued),
            "with_deadline_share": (self.with_deadline, self.issued),
            "with_followup_share": (self.with_followup, self.issued),
            "how_level_share": (self.how, self.analysed),
            "reports_on_time_share": (self.reports_on_time, self.reports_due),
            "questions_answered_on_time_share": (self.questions_on_time, self.questions_due),
            "unlinked_frame_change_share": (self.unlinked_sek, self.changes_sek),
            "deficit_coverage": (self.covered_sek, self.gap_sek),
            "joint_assignments_share": (self.joint, self.issued),
            "political_initiative_share": (self.political, self.decisions),
            "median_days_to_answer": (len(self.answer_days), None),
        }
        return pairs.get(metric)


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
# Shared querysets (the drill-down uses the very same definitions)


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
# The computation


def barometer_compute(
    *,
    municipalities,
    start: date,
    end: date,
    today: date | None = None,
) -> dict[int, MunicipalityBarometer]:
    """Every metric for every body of the given municipalities over [start, end] (inclusive).
    A constant number of queries, whatever the number of municipalities or bodies."""
    today = today or timezone.localdate()
    munis = list(municipalities)
    ids = [m.pk for m in munis]
    bodies = list(
        Body.objects.filter(municipality_id__in=ids, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("municipality_id", "valid_from", "id")
    )
    accs: dict[int, dict[int | None, Acc]] = {mid: defaultdict(Acc) for mid in ids}

    def acc(mid, body_id) -> Acc:
        return accs[mid][body_id]

    # Assignments, grouped by issuer (1 query) and by quarter (1 query).
    issued = Assignment.objects.filter(
        municipality_id__in=ids, issued_on__gte=start, issued_on__lte=end
    )
    rows = (
        assignments_annotated(issued)
        .order_by()
        .values("municipality_id", "issuer_id")
        .annotate(
            n=Count("id"),
            with_result=Count("id", filter=Q_WITH_RESULT),
            with_resources=Count("id", filter=Q_WITH_RESOURCES),
            with_deadline=Count("id", filter=Q_WITH_DEADLINE),
            with_followup=Count("id", filter=Q(has_followup=True)),
            analysed=Count("id", filter=Q_ANALYSED),
            how=Count("id", filter=Q_HOW),
            joint=Count("id", filter=Q_JOINT),
            decisions=Count("decision_id", distinct=True),
            political=Count("decision_id", distinct=True, filter=Q_POLITICAL),
        )
    )
    for r in rows:
        a = acc(r["municipality_id"], r["issuer_id"])
        a.issued += r["n"]
        a.with_result += r["with_result"]
        a.with_resources += r["with_resources"]
        a.with_deadline += r["with_deadline"]
        a.with_followup += r["with_followup"]
        a.analysed += r["analysed"]
        a.how += r["how"]
        a.joint += r["joint"]
        a.decisions += r["decisions"]
        a.political += r["political"]
    quarter_rows = (
        issued.order_by()
        .annotate(y=ExtractYear("issued_on"), q=ExtractQuarter("issued_on"))
        .values("municipality_id", "issuer_id", "y", "q")
        .annotate(n=Count("id"))
    )
    for r in quarter_rows:
        acc(r["municipality_id"], r["issuer_id"]).quarters[f"{r['y']}-Q{r['q']}"] += r["n"]

    # Reports by the period of their due date (1 query).
    for r in (
        Report.objects.filter(municipality_id__in=ids, due_on__gte=start, due_on__lte=end)
        .order_by()
        .values("municipality_id", "assignment__issuer_id")
        .annotate(
            due=Count("id", filter=report_due_q(today)),
            on_time=Count("id", filter=Q_REPORT_ON_TIME),
        )
    ):
        a = acc(r["municipality_id"], r["assignment__issuer_id"])
        a.reports_due += r["due"]
        a.reports_on_time += r["on_time"]

    # Questions by the day they were asked (1 query; the median needs the values).
    lo, hi = day_bounds(start, end)
    for r in (
        Question.objects.filter(municipality_id__in=ids, asked_at__gte=lo, asked_at__lt=hi)
        .order_by()
        .values_list("municipality_id", "body_id", "asked_at", "answered_at", "due_on")
    ):
        mid, body_id, asked_at, answered_at, due_on = r
        counted, on_time, days = question_flags(asked_at, answered_at, due_on, today)
        a = acc(mid, body_id)
        a.questions_due += counted
        a.questions_on_time += on_time
        if days is not None:
            a.answer_days.append(days)

    # Frame changes by the date of their decision (1 query).
    for r in (
        FrameChange.objects.filter(
            municipality_id__in=ids,
            decision__meeting__date__gte=start,
            decision__meeting__date__lte=end,
        )
        .order_by()
        .values("municipality_id", "body_id")
        .annotate(
            total=Sum(Abs("amount")),
            unlinked=Sum(Abs("amount"), filter=Q(unlinked=True)),
        )
    ):
        a = acc(r["municipality_id"], r["body_id"])
        a.changes_sek += r["total"] or 0
        a.unlinked_sek += r["unlinked"] or 0

    # Deficit coverage per body and budget year (4 queries).
    for (mid, body_id), (gap, covered) in deficit_rows(ids=ids, start=start, end=end).items():
        a = acc(mid, body_id)
        a.gap_sek += gap
        a.covered_sek += covered

    # Deviations and delegation decisions (1 query each).
    for r in (
        Deviation.objects.filter(
            municipality_id__in=ids, occurred_on__gte=start, occurred_on__lte=end
        )
        .order_by()
        .values("municipality_id", "body_id")
        .annotate(n=Count("id"))
    ):
        acc(r["municipality_id"], r["body_id"]).deviations += r["n"]
    for r in (
        DelegationDecision.objects.filter(
            municipality_id__in=ids, decided_on__gte=start, decided_on__lte=end
        )
        .order_by()
        .values("municipality_id", "body_id")
        .annotate(n=Count("id"), strategic=Count("id", filter=Q(is_strategic=True)))
    ):
        a = acc(r["municipality_id"], r["body_id"])
        a.delegation_decisions += r["n"]
        a.strategic += r["strategic"]

    # Stale: open assignments issued in the period (3 queries, follow-up's own rule).
    open_rows = list(
        issued.filter(status__in=[Status.DECIDED, Status.IN_PROGRESS])
        .only("id", "municipality_id", "issuer_id", "status", "deadline")
        .prefetch_related("followups")
    )
    stale = stale_map(open_rows, today=today)
    for a_row in open_rows:
        if a_row.pk in stale:
            acc(a_row.municipality_id, a_row.issuer_id).stale += 1

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
    """{(municipality id, body id): (Σ gap, Σ covered)} over the period's budget years.

    Per body and year: frame F = KF's frame + every frame change of the year; additions A =
    the positive frame changes decided during the year; forecast P = the latest reported
    forecast, else the year's booked actuals once December is booked. The gap before the
    additions is P − (F − A); a body-year counts when that gap is positive, and covers
    min(A, gap) of it."""
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
    additions: dict = defaultdict(Decimal)
    for r in FrameChange.objects.filter(municipality_id__in=ids, year__in=years).values(
        "municipality_id", "body_id", "year", "amount", "decision__year"
    ):
        key = (r["municipality_id"], r["body_id"], r["year"])
        changes[key] += r["amount"]
        if r["amount"] > 0 and r["decision__year"] == r["year"]:
            additions[key] += r["amount"]
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
    out: dict = defaultdict(lambda: (Decimal(0), Decimal(0)))
    for key, frame in base.items():
        forecast = forecasts.get(key)
        if forecast is None:
            continue
        adds = additions.get(key, Decimal(0))
        gap = forecast - (frame + changes.get(key, Decimal(0)) - adds)
        if gap <= 0:
            continue
        g, c = out[key[:2]]
        out[key[:2]] = (g + gap, c + min(adds, gap))
    return dict(out)


def deficit_body_years(*, municipality, start: date, end: date, body=None) -> list[dict]:
    """The body-years behind deficit_coverage, for the drill-down (same rule as deficit_rows,
    per year)."""
    out = []
    for year in deficit_years(start, end):
        lo, hi = date(year, 6, 30), date(year, 6, 30)
        for (_mid, body_id), (gap, covered) in deficit_rows(
            ids=[municipality.pk], start=lo, end=hi
        ).items():
            if body is None or body.pk == body_id:
                out.append({"year": year, "body_id": body_id, "gap": gap, "covered": covered})
    return out
