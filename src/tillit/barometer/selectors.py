"""Reads of the barometer: periods and presets, the barometer of one municipality, the items
behind each metric (drill-down), deviations (public counts; the reporter only through
``deviation_get_for_user`` / ``deviations_confidential``), the silo matrix and target groups.

Public reads never select ``Deviation.reporter``: they go through ``deviations_public``, which
returns plain dicts without it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from tillit.assignments.models import Assignment, AssignmentRecipient
from tillit.core.errors import NotFound, PermissionDenied, ValidationFailed
from tillit.core.validation import date_problem
from tillit.organisation.models import Body, Majority, Municipality, Term

from . import metrics as mx
from . import permissions as perm
from .metrics import Item
from .models import DelegationDecision, Deviation, DeviationSource, TargetGroup

# ---------------------------------------------------------------------------------------------
# Periods


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date
    kind: str  # term | majority | year | custom


def period_presets(*, municipality: Municipality, today: date | None = None) -> list[Period]:
    """Terms, majority periods and calendar years, newest first within each kind. A majority's
    party names are only its label; the metrics are per body and period."""
    today = today or timezone.localdate()
    out: list[Period] = []
    for t in Term.objects.filter(municipality=municipality).order_by("-starts_on"):
        out.append(
            Period(
                f"term-{t.starts_on.year}",
                gettext("Mandatperiod %(start)s–%(end)s")
                % {"start": t.starts_on.year, "end": t.ends_on.year},
                t.starts_on,
                t.ends_on,
                "term",
            )
        )
    for m in Majority.objects.filter(municipality=municipality).order_by("-valid_from"):
        end = m.valid_to or max(today, m.valid_from)
        label_end = m.valid_to.year if m.valid_to else ""
        out.append(
            Period(
                f"majority-{m.valid_from.isoformat()}",
                gettext("Majoritet %(name)s %(start)s–%(end)s")
                % {"name": m.name, "start": m.valid_from.year, "end": label_end},
                m.valid_from,
                end,
                "majority",
            )
        )
    first = (
        Assignment.objects.filter(municipality=municipality)
        .order_by("issued_on")
        .values_list("issued_on", flat=True)
        .first()
    )
    for year in range(today.year, (first.year if first else today.year) - 1, -1):
        out.append(
            Period(
                f"year-{year}",
                gettext("År %(year)s") % {"year": year},
                date(year, 1, 1),
                date(year, 12, 31),
                "year",
            )
        )
    return out


def period_resolve(
    *,
    municipality: Municipality,
    preset: str | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    today: date | None = None,
) -> Period:
    """A preset key, or a from/to range (ISO dates). Raises ValidationFailed."""
    today = today or timezone.localdate()
    if preset:
        for p in period_presets(municipality=municipality, today=today):
            if p.key == preset:
                return p
        raise ValidationFailed({"preset": _("Okänd period %(preset)s.") % {"preset": repr(preset)}})
    errors = {}

    def parse(value, key):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except (TypeError, ValueError):
            errors[key] = _("Ogiltigt datum %(value)s (skriv ÅÅÅÅ-MM-DD).") % {"value": repr(value)}
            return None

    if start in (None, "") and end in (None, ""):
        majority = next(
            (
                p
                for p in period_presets(municipality=municipality, today=today)
                if p.kind == "majority" and p.start <= today <= p.end
            ),
            None,
        )
        if majority:
            return majority
        return Period(
            f"year-{today.year}",
            gettext("År %(year)s") % {"year": today.year},
            date(today.year, 1, 1),
            today,
            "year",
        )
    lo = parse(start, "from") if start not in (None, "") else None
    hi = parse(end, "to") if end not in (None, "") else None
    if start in (None, ""):
        errors["from"] = gettext("Ange startdatum (from).")
    if end in (None, ""):
        errors["to"] = gettext("Ange slutdatum (to).")
    for key, day in (("from", lo), ("to", hi)):
        if key not in errors and (problem := date_problem(day)):
            errors[key] = problem  # 1900-01-01 – 2100-12-31 (core.validation)
    if not errors and lo > hi:
        errors["from"] = "Startdatum ligger efter slutdatum."
    if errors:
        raise ValidationFailed(errors)
    return Period("custom", f"{lo.isoformat()} – {hi.isoformat()}", lo, hi, "custom")


# ---------------------------------------------------------------------------------------------
# The barometer of one municipality


def barometer_get(
    *,
    municipality: Municipality,
    start: date,
    end: date,
    body: Body | None = None,
    today: date | None = None,
) -> mx.MunicipalityBarometer:
    """All metrics for the municipality; with ``body`` only that body is listed (totals stay
    the municipality's)."""
    result = mx.barometer_compute(municipalities=[municipality], start=start, end=end, today=today)[
        municipality.pk
    ]
    if body is not None:
        result.bodies = [b for b in result.bodies if b.pk == body.pk] or [body]
        result.by_body.setdefault(body.pk, mx.Acc())
    return result


def barometer_json(**kwargs) -> dict:
    return barometer_get(**kwargs).as_json()


# ---------------------------------------------------------------------------------------------
# Drill-down: the items behind a metric, each marked whether it counts in the numerator


def _assignments_in(municipality, start, end, body):
    qs = Assignment.objects.filter(
        municipality=municipality, issued_on__gte=start, issued_on__lte=end
    )
    if body is not None:
        qs = qs.filter(issuer=body)
    return qs


def metric_items(
    *,
    municipality: Municipality,
    metric: str,
    start: date,
    end: date,
    body: Body | None = None,
    today: date | None = None,
    with_content: bool = False,
    with_details: bool = True,
) -> list[Item]:
    """The items behind one metric (public data only: deviations without their reporter).
    Each metric declares its drill-down in the registry (``metrics.METRICS``). Adapters pass
    ``with_details=permissions.can_read_deviation_details(user, municipality)``: without it the
    deviations are counted but not listed."""
    if metric not in mx.METRICS_BY_NAME:
        raise NotFound(_("Måttet %(metric)s finns inte.") % {"metric": repr(metric)})
    scope = mx.Scope(
        municipality=municipality,
        start=start,
        end=end,
        body=body,
        today=today or timezone.localdate(),
        with_content=with_content,
        with_details=with_details,
    )
    return mx.METRICS_BY_NAME[metric].items(scope)


# ---------------------------------------------------------------------------------------------
# Deviations


PUBLIC_FIELDS = (
    "id",
    "source",
    "occurred_on",
    "body_id",
    "body__slug",
    "body__name",
    "from_role",
    "to_office__organisation_name",
    "to_role",
    "content",
    "handling",
    "level",
    "findings",
)


def _public(row: dict) -> dict:
    from .models import DeviationSource, Handling

    to = row.pop("to_office__organisation_name") or ""
    if row["to_role"]:
        to = f"{to} ({row['to_role']})" if to else row["to_role"]
    row["to"] = to
    row["body"] = row.pop("body__slug")
    row["body_name"] = row.pop("body__name")
    row["source_label"] = str(DeviationSource(row["source"]).label)
    row["handling_label"] = str(Handling(row["handling"]).label)
    return row


def deviations_public(
    *,
    municipality: Municipality,
    start: date | None = None,
    end: date | None = None,
    body=None,
    with_content: bool = False,
) -> list[dict]:
    """Deviations as dicts — never the reporter or the person named. Without ``with_content``
    (the public pages) also without the text and the unit it went to, which could point at the
    reporter; with it for users with a role in the municipality."""
    qs = Deviation.objects.filter(municipality=municipality)
    if start is not None:
        qs = qs.filter(occurred_on__gte=start)
    if end is not None:
        qs = qs.filter(occurred_on__lte=end)
    if body is not None:
        qs = qs.filter(body=body)
    rows = [_public(r) for r in qs.order_by("occurred_on", "id").values(*PUBLIC_FIELDS)]
    if not with_content:
        for r in rows:
            r["content"] = ""
            r["to"] = ""
            r["to_role"] = ""
            r["findings"] = []
    return rows


def deviation_counts(*, municipality: Municipality, start: date, end: date) -> list[dict]:
    """Counts per body and source — what is published."""
    rows = (
        Deviation.objects.filter(
            municipality=municipality, occurred_on__gte=start, occurred_on__lte=end
        )
        .order_by()
        .values("body__slug", "source")
        .annotate(n=Count("id"))
    )
    # Every source present (0 if none), so the columns always add up to the total.
    out: dict = defaultdict(lambda: {**{s.value: 0 for s in DeviationSource}, "total": 0})
    for r in rows:
        key = r["body__slug"] or ""
        out[key][r["source"]] = r["n"]
        out[key]["total"] += r["n"]
    return [{"body": k or None, **v} for k, v in sorted(out.items())]


@dataclass
class DeviationView:
    """A deviation as a given user may see it; ``reporter`` is None unless allowed."""

    deviation: Deviation
    reporter: object | None
    reporter_visible: bool


def deviation_get_for_user(*, user, municipality: Municipality, pk: int) -> DeviationView:
    """The access helper: the reporter only for the designated role, never for the person the
    deviation names."""
    deviation = (
        Deviation.objects.filter(municipality=municipality, pk=pk)
        .select_related("body", "to_office")
        .first()
    )
    if deviation is None:
        raise NotFound(_("Avvikelsen %(pk)s finns inte.") % {"pk": pk})
    visible = perm.can_see_reporter(user, deviation)
    return DeviationView(deviation, deviation.reporter if visible else None, visible)


def deviations_confidential(*, user, municipality: Municipality) -> list[DeviationView]:
    """The designated role's list with reporters. Others get PermissionDenied."""
    if not perm.is_designated(user, municipality):
        raise PermissionDenied(
            _(
                "Listan med uppgiftslämnare är sekretessbelagd och visas bara för "
                "den roll kommunen har utsett."
            )
        )
    rows = (
        Deviation.objects.filter(municipality=municipality)
        .select_related("body", "to_office", "reporter")
        .order_by("-occurred_on", "-id")
    )
    return [
        DeviationView(
            d, d.reporter if not perm.is_named_in(user, d) else None, not perm.is_named_in(user, d)
        )
        for d in rows
    ]


# ---------------------------------------------------------------------------------------------
# Across silos


@dataclass
class SiloMatrix:
    bodies: list
    joint: dict  # (body id, body id) -> number of joint assignments both received
    shared_sek: dict  # (body id, body id) -> SEK of those assignments' resources
    assignments: dict  # (body id, body id) -> [Assignment]


def _recipient_body_id(r: AssignmentRecipient) -> int | None:
    if r.body_id:
        return r.body_id
    if r.office_id and r.office.answers_to_id:
        return r.office.answers_to_id
    return None


def silo_matrix(*, municipality: Municipality, start: date, end: date) -> SiloMatrix:
    """Bodies × bodies: joint assignments both bodies received (directly or through their chief)
    in the period, and the resources of those assignments. Three queries."""
    rows = list(
        _assignments_in(municipality, start, end, None)
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=AssignmentRecipient.objects.select_related("office"),
            )
        )
        .order_by("issued_on", "id")
    )
    joint: dict = defaultdict(int)
    sek: dict = defaultdict(int)
    items: dict = defaultdict(list)
    involved = set()
    for a in rows:
        ids = sorted({i for i in (_recipient_body_id(r) for r in a.recipients.all()) if i})
        if len(ids) < 2:
            continue
        for i in ids:
            involved.add(i)
            for j in ids:
                if i == j:
                    continue
                joint[(i, j)] += 1
                sek[(i, j)] += int(a.resources_sek or 0)
                items[(i, j)].append(a)
    bodies = list(
        Body.objects.filter(municipality=municipality, pk__in=involved).order_by("valid_from", "id")
    )
    return SiloMatrix(bodies, dict(joint), dict(sek), dict(items))


def target_group_overview(*, municipality: Municipality, start: date, end: date) -> list[dict]:
    """Assignments in the period grouped by target group, with the bodies involved."""
    groups = list(
        TargetGroup.objects.filter(municipality=municipality).prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(issued_on__gte=start, issued_on__lte=end)
                .select_related("issuer")
                .order_by("issued_on", "id"),
            )
        )
    )
    out = []
    for g in groups:
        rows = list(g.assignments.all())
        issuers = sorted({a.issuer.label for a in rows})
        out.append({"group": g, "assignments": rows, "bodies": issuers})
    return out


# ---------------------------------------------------------------------------------------------
# Comparison


@dataclass
class Comparison:
    left: mx.MunicipalityBarometer
    right: mx.MunicipalityBarometer
    left_label: str
    right_label: str


def comparison_periods(
    *, municipality: Municipality, left: Period, right: Period, today: date | None = None
) -> Comparison:
    results = {}
    for p in (left, right):
        results[p.key + p.start.isoformat()] = barometer_get(
            municipality=municipality, start=p.start, end=p.end, today=today
        )
    a, b = results.values() if len(results) == 2 else (next(iter(results.values())),) * 2
    return Comparison(a, b, left.label, right.label)


def body_values_side_by_side(result: mx.MunicipalityBarometer, slugs: list[str]) -> list[dict]:
    by_slug = {b.slug: b for b in result.bodies}
    missing = [s for s in slugs if s not in by_slug]
    if missing:
        raise ValidationFailed(
            {"body": gettext("Okänt organ: %(slugs)s") % {"slugs": ", ".join(missing)}}
        )
    return [{"body": by_slug[s], "values": result.by_body[by_slug[s].pk].values()} for s in slugs]


def delegation_decisions_for_body(*, body: Body) -> list[DelegationDecision]:
    """A body's delegation decisions, newest first, with the strategic flag and its reasons."""
    return list(
        DelegationDecision.objects.filter(municipality_id=body.municipality_id, body=body)
        .select_related("delegate_office", "reported_meeting")
        .order_by("-decided_on", "-id")
    )


# ---------------------------------------------------------------------------------------------
# The scorecard: bodies × metrics against a stated reference


PER_YEAR_KINDS = (mx.COUNT, mx.SEK)  # sums that grow with the length of the period


@dataclass
class ScoreCell:
    """One metric for one column (the municipality or a body). ``comparable`` is what is
    compared — per 12 months for counts and amounts, the value itself for shares and days."""

    value: object
    text: str
    per_year_text: str
    fraction_text: str
    comparable: float | None
    reference: float | None
    reference_text: str
    reference_kind: str  # "target" | "previous" | ""
    status: str  # "good" | "bad" | "even" | "neutral" | "none"
    status_text: str
    trend: str  # "up" | "down" | "flat" | ""
    trend_text: str
    previous_text: str
    previous_comparable: float | None = None
    previous_per_year_text: str = ""
    comparable_text: str = ""  # without a unit suffix, for the small charts' tables
    previous_comparable_text: str = ""
    body: object = None  # None: the municipality's column


@dataclass
class Scorecard:
    period: Period
    previous: Period
    days: int
    columns: list  # [(label, body or None)]
    rows: list  # [{"metric": Metric, "cells": [ScoreCell]}]
    targets: dict  # {(metric name, body id or None): Decimal}
    result: object = None  # this period's MunicipalityBarometer (quarters, deviations)


def elapsed_days(period: Period, today: date) -> int:
    """Days of the period that have happened (a term or majority may end in the future)."""
    end = min(period.end, today)
    return max((end - period.start).days + 1, 1)


def previous_period(period: Period, today: date, municipality=None) -> Period:
    """The period of equal (elapsed) length just before ``period``. With ``municipality``, a
    previous period that lies in another term or under another majority than ``period``'s start
    says so in words: "2018-10-15 – 2022-10-14 (mandatperiod 2018–2022, styre A+B)"."""
    from datetime import timedelta

    length = elapsed_days(period, today)
    end = period.start - timedelta(days=1)
    start = end - timedelta(days=length - 1)
    label = f"{start.isoformat()} – {end.isoformat()}"
    words = _regime_words(municipality, start, end, period.start) if municipality else ""
    return Period("previous", f"{label} ({words})" if words else label, start, end, "custom")


def _regime_words(municipality, start: date, end: date, current: date) -> str:
    """The terms and majorities of [start, end], in words, when they are not those in force on
    ``current`` (the comparison then crosses a term or a change of majority); else ""."""

    all_terms = list(Term.objects.filter(municipality=municipality))
    all_majorities = list(Majority.objects.filter(municipality=municipality).order_by("valid_from"))

    def terms_in(a, b):
        return [t for t in all_terms if t.starts_on <= b and t.ends_on >= a]

    def majorities_in(a, b):
        return [m for m in all_majorities if m.valid_from <= b and (m.valid_to or b) >= a]

    terms, majorities = terms_in(start, end), majorities_in(start, end)
    now_terms = {t.pk for t in terms_in(current, current)}
    now_majorities = {m.pk for m in majorities_in(current, current)}
    other_terms = [t for t in terms if t.pk not in now_terms]
    other_majorities = [m for m in majorities if m.pk not in now_majorities]
    if not other_terms and not other_majorities:
        return ""
    parts = []
    if other_terms:
        years = ", ".join(f"{t.starts_on.year}–{t.ends_on.year}" for t in other_terms)
        parts.append(gettext("mandatperiod %(years)s") % {"years": years})
    if majorities:
        names = gettext(" och ").join(m.name for m in majorities)
        parts.append(gettext("styre %(names)s") % {"names": names})
    return ", ".join(parts)


def per_year(kind: str, value, days: int) -> float | None:
    """A count or amount as a rate per 12 months (365,25 days); other kinds unchanged."""
    if value is None:
        return None
    if kind in PER_YEAR_KINDS:
        return float(value) * 365.25 / days
    return float(value)


def metric_targets(*, municipality: Municipality) -> dict:
    from .models import MetricTarget

    return {
        (t.metric, t.body_id): t.value
        for t in MetricTarget.objects.filter(municipality=municipality)
    }


def _target_for(metric, body, targets: dict):
    if body is not None and (metric.name, body.pk) in targets:
        return targets[(metric.name, body.pk)]
    # A municipality-wide count or amount is not every body's target; a share or days is.
    if body is None or metric.kind not in PER_YEAR_KINDS:
        return targets.get((metric.name, None))
    return None


def _fmt_comparable(metric, value) -> str:
    from .charts import fmt_value

    if value is None:
        return "–"
    if metric.kind == mx.COUNT:
        return f"{value:.1f}".replace(".", ",")
    if metric.kind == mx.SEK:
        return fmt_value(mx.SEK, value)
    return fmt_value(metric.kind, value)


def _cell(metric, acc, prev_acc, days: int, target) -> ScoreCell:
    from .charts import fmt_fraction, fmt_value

    value = metric.value(acc)
    prev_value = metric.value(prev_acc)
    comparable = per_year(metric.kind, value, days)
    prev_comparable = per_year(metric.kind, prev_value, days)
    per_year_text = (
        f"{_fmt_comparable(metric, comparable)} " + gettext("per 12 mån")
        if metric.kind in PER_YEAR_KINDS and comparable is not None
        else ""
    )
    # Trend against the previous equal-length period, by what the reader sees.
    trend, trend_text = "", gettext("ingen jämförelse")
    if comparable is not None and prev_comparable is not None:
        a, b = _fmt_comparable(metric, prev_comparable), _fmt_comparable(metric, comparable)
        if a == b:
            trend, trend_text = "flat", gettext("oförändrat")
        elif comparable > prev_comparable:
            trend, trend_text = "up", gettext("upp")
        else:
            trend, trend_text = "down", gettext("ned")
    if target is not None:
        reference, kind = float(target), "target"
        ref_text = gettext("mål %(v)s") % {"v": _fmt_comparable(metric, reference)}
        if metric.kind in PER_YEAR_KINDS:
            ref_text += " " + gettext("per 12 mån")
    else:
        reference, kind = prev_comparable, "previous"
        ref_text = gettext("förra perioden %(v)s") % {"v": fmt_value(metric.kind, prev_value)}
    if comparable is None or reference is None:
        status, status_text = "none", gettext("inget att jämföra")
    elif metric.higher_is_better is None:
        status, status_text = "neutral", gettext("ingen riktning")
    elif kind == "target":
        met = comparable >= reference if metric.higher_is_better else comparable <= reference
        status, status_text = (
            ("good", gettext("når målet")) if met else ("bad", gettext("når inte målet"))
        )
    elif trend == "flat":
        status, status_text = "even", gettext("som förra perioden")
    else:
        better = (comparable > reference) == metric.higher_is_better
        status, status_text = ("good", gettext("bättre")) if better else ("bad", gettext("sämre"))
    return ScoreCell(
        value=value,
        text=fmt_value(metric.kind, value),
        per_year_text=per_year_text,
        fraction_text=fmt_fraction(metric, metric.fraction(acc)),
        comparable=comparable,
        reference=reference,
        reference_text=ref_text,
        reference_kind=kind,
        status=status,
        status_text=status_text,
        trend=trend,
        trend_text=trend_text,
        previous_text=fmt_value(metric.kind, prev_value),
        previous_comparable=prev_comparable,
        comparable_text=_fmt_comparable(metric, comparable),
        previous_comparable_text=_fmt_comparable(metric, prev_comparable),
        previous_per_year_text=_fmt_comparable(metric, prev_comparable)
        if metric.kind in PER_YEAR_KINDS
        else fmt_value(metric.kind, prev_value),
    )


def scorecard(
    *, municipality: Municipality, period: Period, today: date | None = None
) -> Scorecard:
    """Every metric for the municipality and each body that acted, against the municipality's
    target where set, else the previous period of equal length; counts and amounts also per 12
    months. Two barometer computations (constant queries) and one query for the targets."""
    today = today or timezone.localdate()
    days = elapsed_days(period, today)
    prev = previous_period(period, today, municipality)
    now = barometer_get(municipality=municipality, start=period.start, end=period.end, today=today)
    before = barometer_get(municipality=municipality, start=prev.start, end=prev.end, today=today)
    targets = metric_targets(municipality=municipality)
    bodies = [b for b in now.bodies if now.by_body[b.pk].issued or b.kind != "subcommittee"]
    columns = [(gettext("Kommunen"), None)] + [(b.name, b) for b in bodies]
    rows = []
    for metric in mx.METRICS:
        cells = [_cell(metric, now.total, before.total, days, _target_for(metric, None, targets))]
        for b in bodies:
            cell = _cell(
                metric,
                now.by_body[b.pk],
                before.by_body.get(b.pk) or mx.Acc(),
                days,
                _target_for(metric, b, targets),
            )
            cell.body = b
            cells.append(cell)
        rows.append({"metric": metric, "cells": cells})
    return Scorecard(
        period=period,
        previous=prev,
        days=days,
        columns=columns,
        rows=rows,
        targets=targets,
        result=now,
    )


# How each source's rows are attributed to a body and a period (metrics.py's module docstring,
# for citizens).
ATTRIBUTION = {
    "assignments": gettext_lazy(
        "Ett uppdrag räknas för det organ som gav det, i perioden för beslutsdatumet."
    ),
    "open_assignments": gettext_lazy(
        "Öppna uppdrag som gavs under perioden, räknade för det organ som gav "
        "dem; om de står still avgörs per i dag."
    ),
    "reports": gettext_lazy(
        "En rapport räknas för det organ som gav uppdraget, i perioden för sitt "
        "sista inlämningsdatum."
    ),
    "questions": gettext_lazy(
        "En fråga räknas för det organ där den ställdes, i perioden då den ställdes."
    ),
    "frame_changes": gettext_lazy(
        "En ramförändring räknas för sitt organ, i perioden för mötet där den beslutades."
    ),
    "deficits": gettext_lazy(
        "Underskottet per organ och budgetår: prognos mot ram; tillskott räknas i den "
        "period då de beslutades."
    ),
    "deviations": gettext_lazy("En avvikelse räknas för sitt organ, den dag den inträffade."),
    "delegation_decisions": gettext_lazy(
        "Ett delegationsbeslut räknas för det delegerande organet, på beslutsdagen."
    ),
}
# The two shares of frame changes look like complements but are not: the rest of the money
# has another stated purpose. Shown wherever both can be read side by side.
FRAME_SHARES = {"budget_change_assignment_share", "unlinked_frame_change_share"}
FRAME_SHARES_NOTE = gettext_lazy(
    "Andelen kopplad till uppdrag och andelen utan kopplat uppdrag blir tillsammans inte 100 %. "
    "Resten är uppräkning, volym, effektivisering och teknisk justering."
)
KIND_TEXT = {
    mx.COUNT: gettext_lazy(
        "Antal (visas också per 12 månader, så att perioder av olika längd kan jämföras)."
    ),
    mx.SHARE: gettext_lazy("Andel i procent. Visas som ”–” när nämnaren är noll."),
    mx.DAYS: gettext_lazy("Median i dagar. – när det inte finns något att mäta."),
    mx.SEK: gettext_lazy("Belopp i miljoner kronor (mnkr), också per 12 månader."),
}


def metric_definitions(targets: dict, body_names: dict) -> list[dict]:
    """Every metric of the registry as citizens read it: label, why, unit, direction, what is
    counted (the share's denominator by the metric that counts it), attribution and targets."""
    from .charts import fmt_value

    counted_by = {m.numerator.name: m for m in mx.METRICS if m.denominator is None}
    out = []
    for m in mx.METRICS:
        of = counted_by.get(m.denominator.name) if m.denominator is not None else None
        mine = []
        for (name, body_id), value in sorted(
            targets.items(), key=lambda kv: (kv[0][1] is not None, kv[0][1] or 0)
        ):
            if name != m.name:
                continue
            shown = fmt_value(m.kind, float(value))
            if m.kind in PER_YEAR_KINDS:
                shown += " " + gettext("per 12 mån")
            mine.append(
                (
                    body_names.get(body_id, gettext("Kommunen"))
                    if body_id
                    else gettext("Kommunen"),
                    shown,
                )
            )
        out.append(
            {
                "metric": m,
                "kind": str(KIND_TEXT[m.kind]),
                "direction": gettext("Högre är bättre.")
                if m.higher_is_better
                else gettext("Lägre är bättre.")
                if m.higher_is_better is False
                else gettext("Visas för jämförelse."),
                "of": of.label if of is not None else "",
                "attribution": str(ATTRIBUTION.get(m.numerator.source.name, "")),
                "note": str(FRAME_SHARES_NOTE) if m.name in FRAME_SHARES else "",
                "targets": mine,
            }
        )
    return out
