"""Barometer pages: the metrics with explanations and presets, the drill-down, the comparison
(period vs period, body vs body) with SVG charts, the view across silos, the deviation form,
the delegation decision form and list, and the designated role's confidential list. Thin
adapters over selectors and services."""

from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from tillit.core.errors import NotFound, PermissionDenied, TillitError, ValidationFailed
from tillit.core.forms import apply_service_errors, error_summary
from tillit.core.fragments import Fragment
from tillit.core.web import (
    forbidden,
    municipality_for_page,
    municipality_or_404,
    page_context,
    today,
)
from tillit.decisions.models import Meeting
from tillit.organisation.models import Body, Office
from tillit.organisation.selectors import body_get

from . import permissions as perm
from . import selectors, services
from .charts import (
    bar_chart,
    fmt_fraction,
    fmt_value,
    quarter_keys,
    quarter_label,
    summary_sentence,
)
from .forms import DelegationForm, DeviationForm
from .metrics import METRICS, METRICS_BY_NAME, deviation_items
from .models import DeviationSource, Handling


def _mid_sentence(label: str) -> str:
    """'Majoritet S+C+V 2022–' inside a sentence: lower-case the first letter only, so party
    letters and names keep their case."""
    return label[:1].lower() + label[1:]


def _period(request, m):
    try:
        return (
            selectors.period_resolve(
                municipality=m,
                preset=request.GET.get("period") or None,
                start=request.GET.get("from") or None,
                end=request.GET.get("to") or None,
            ),
            None,
        )
    except ValidationFailed as exc:
        return selectors.period_resolve(municipality=m), exc.message


def _body(m, slug):
    if not slug:
        return None
    try:
        return body_get(municipality=m, slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _ctx(request, m, **extra):
    return page_context(
        request,
        m,
        can_report_deviation=perm.can_report_deviation(request.user, m),
        is_designated=perm.is_designated(request.user, m),
        can_register_delegation=perm.delegation_bodies(request.user, m).exists(),
        **extra,
    )


def _scorecard_charts(card) -> list[dict]:
    """One small chart per metric: the municipality in the previous equal-length period and in
    this one (per 12 months for counts and amounts), with the same numbers as a table."""
    out = []
    for i, row in enumerate(card.rows):
        metric, cell = row["metric"], row["cells"][0]
        per_year = metric.kind in selectors.PER_YEAR_KINDS
        values = [cell.previous_comparable, cell.comparable]
        labels = [gettext("Förra perioden"), gettext("Perioden")]
        unit = " " + gettext("per 12 mån") if per_year else ""
        described = gettext("%(metric)s: förra perioden %(a)s, perioden %(b)s.") % {
            "metric": f"{metric.label}{unit}",
            "a": cell.previous_comparable_text,
            "b": cell.comparable_text,
        }
        out.append(
            {
                "metric": metric,
                "cell": cell,
                "unit": unit,
                "summary": described,
                "chart": bar_chart(
                    title=f"{metric.label}{unit}",
                    description=described,
                    labels=labels,
                    series=[(metric.label, values)],
                    kind=metric.kind,
                    width=320,
                    height=170,
                    legend=False,
                    chart_id=f"sc-{i}",
                ),
            }
        )
    return out


# Short column headers for the deviations table, one per source (KeyError if one is missing).
DEVIATION_HEADERS = {
    DeviationSource.REPORTED: gettext_lazy("Rapporterade av tjänstepersoner"),
    DeviationSource.REFUSED_CHAIN: gettext_lazy("Stoppade försök"),
    DeviationSource.QUESTION_OUTSIDE_CHAIN: gettext_lazy("Frågor utanför kedjan"),
    DeviationSource.DECIDED_OUTSIDE_CHAIN: gettext_lazy("Beslut utanför kedjan"),
}


def index(request, municipality):
    m = municipality_for_page(request, municipality)
    # Kept until the data changes (core.fragments): a stored copy needs no computation at all.
    # A target is a tenant row, so setting one moves the data version too.
    frag = Fragment(request, m, "barometer.index", request.GET.urlencode(), day=today())
    if frag.hit:
        return render(request, "barometer/index.html", page_context(request, m, frag=frag))
    period, error = _period(request, m)
    card = selectors.scorecard(municipality=m, period=period)
    counted = card.result.quarters()["totals"]
    # Every quarter of the period so far, zeros included, so the time axis is even.
    keys = quarter_keys(period.start, min(period.end, max(today(), period.start)))
    keys += [k for k in counted if k not in keys]
    quarters = {quarter_label(k): counted.get(k, 0) for k in sorted(keys)}
    issued = sum(quarters.values())
    chart = bar_chart(
        title=_("Givna uppdrag per kvartal"),
        description=_("Antal uppdrag per kvartal %(label)s.") % {"label": period.label},
        labels=list(quarters),
        series=[(_("Uppdrag"), [float(v) for v in quarters.values()])],
        chart_id="quarters",
        # Many quarters: the year under each first quarter.
        short_labels=[k[:4] if k.endswith("Q1") else "" for k in sorted(keys)],
    )
    q_summary = _(
        "%(issued)s uppdrag gavs under %(period)s, fördelade på %(quarters)s kvartal med minst "
        "ett uppdrag."
    ) % {
        "issued": issued,
        "period": _mid_sentence(period.label),
        "quarters": sum(1 for n in quarters.values() if n),
    }
    names = {b.slug: b.name for b in Body.objects.filter(municipality=m)}
    deviation_counts = [
        {
            **c,
            "body": names.get(c["body"], c["body"]) if c["body"] else None,
            "by_source": [c.get(s.value, 0) for s in DeviationSource],
        }
        for c in selectors.deviation_counts(municipality=m, start=period.start, end=period.end)
    ]
    return render(
        request,
        "barometer/index.html",
        _ctx(
            request,
            m,
            period=period,
            # The drill-down links' query, built once instead of per cell (docs/performance.md).
            period_query=f"?from={period.start.isoformat()}&to={period.end.isoformat()}",
            error=error,
            presets=selectors.period_presets(municipality=m),
            card=card,
            small_charts=_scorecard_charts(card),
            quarters=quarters,
            quarter_chart=chart,
            quarter_summary=q_summary,
            deviation_counts=deviation_counts,
            deviation_headers=[DEVIATION_HEADERS[s] for s in DeviationSource],
            frame_shares_note=selectors.FRAME_SHARES_NOTE
            if {r["metric"].name for r in card.rows} >= selectors.FRAME_SHARES
            else "",
            frag=frag,
        ),
    )


def definitions(request, municipality):
    """The metric definitions, rendered from the registry (the product's own page, not a file
    in the repository), with the municipality's targets."""
    m = municipality_or_404(municipality)
    targets = selectors.metric_targets(municipality=m)
    names = {b.pk: b.name for b in Body.objects.filter(municipality=m)}
    return render(
        request,
        "barometer/definitions.html",
        _ctx(request, m, definitions=selectors.metric_definitions(targets, names)),
    )


def metric_detail(request, municipality, metric):
    m = municipality_or_404(municipality)
    if metric not in METRICS_BY_NAME:
        raise Http404("Okänt mått.")
    period, error = _period(request, m)
    body = _body(m, request.GET.get("body"))
    result = selectors.barometer_get(municipality=m, start=period.start, end=period.end, body=body)
    acc = result.by_body[body.pk] if body else result.total
    items = selectors.metric_items(
        municipality=m,
        metric=metric,
        start=period.start,
        end=period.end,
        body=body,
        with_content=perm.can_read_deviation_content(request.user, m),
        with_details=(details := perm.can_read_deviation_details(request.user, m)),
    )
    names = {b.pk: b.label for b in Body.objects.filter(municipality=m)}
    return render(
        request,
        "barometer/metric.html",
        _ctx(
            request,
            m,
            note=selectors.FRAME_SHARES_NOTE if metric in selectors.FRAME_SHARES else "",
            metric=METRICS_BY_NAME[metric],
            value=fmt_value(METRICS_BY_NAME[metric].kind, acc.values()[metric]),
            fraction=acc.fraction(metric),
            fraction_text=fmt_fraction(METRICS_BY_NAME[metric], acc.fraction(metric)),
            items=[(i, names.get(i.body_id, "–")) for i in items],
            period=period,
            error=error,
            body=body,
            bodies=result.bodies,
            details_hidden=not details and METRICS_BY_NAME[metric].drill_down is deviation_items,
        ),
    )


def compare(request, municipality):
    m = municipality_or_404(municipality)
    presets = selectors.period_presets(municipality=m)
    by_key = {p.key: p for p in presets}
    majorities = [p for p in presets if p.kind == "majority"]
    default_left = majorities[1].key if len(majorities) > 1 else presets[-1].key
    default_right = majorities[0].key if majorities else presets[0].key
    left = by_key.get(request.GET.get("a") or default_left) or by_key[default_left]
    right = by_key.get(request.GET.get("b") or default_right) or by_key[default_right]
    comparison = selectors.comparison_periods(municipality=m, left=left, right=right)
    lt, rt = comparison.left.totals(), comparison.right.totals()
    period_rows = []
    for i, metric in enumerate(METRICS):
        a, b = lt[metric.name], rt[metric.name]
        period_rows.append(
            {
                "metric": metric,
                "a": fmt_value(metric.kind, a),
                "b": fmt_value(metric.kind, b),
                "summary": summary_sentence(metric, left.label, a, right.label, b),
                "chart": bar_chart(
                    title=metric.label,
                    description=summary_sentence(metric, left.label, a, right.label, b),
                    labels=[left.label, right.label],
                    series=[(metric.label, [a, b])],
                    kind=metric.kind,
                    width=420,
                    chart_id=f"cmp-{i}",
                ),
            }
        )
    # Body against body, in the right-hand period
    all_bodies = comparison.right.bodies
    chosen = [s for s in request.GET.getlist("organ") if s] or [
        b.slug for b in all_bodies if b.kind in ("committee", "executive_board")
    ][:3]
    try:
        side = selectors.body_values_side_by_side(comparison.right, chosen)
    except ValidationFailed as exc:
        raise Http404(exc.message) from None
    body_rows = []
    for i, metric in enumerate(METRICS):
        values = [s["values"][metric.name] for s in side]
        labels = [s["body"].label for s in side]
        described = ", ".join(
            f"{lab} {fmt_value(metric.kind, v)}" for lab, v in zip(labels, values, strict=True)
        )
        body_rows.append(
            {
                "metric": metric,
                "values": [fmt_value(metric.kind, v) for v in values],
                "summary": _("%(metric)s under %(period)s: %(values)s.")
                % {
                    "metric": metric.label,
                    "period": _mid_sentence(right.label),
                    "values": described,
                },
                "chart": bar_chart(
                    title=metric.label,
                    description=f"{metric.label}: {described}.",
                    labels=labels,
                    series=[(metric.label, values)],
                    kind=metric.kind,
                    width=420,
                    chart_id=f"body-{i}",
                ),
            }
        )
    return render(
        request,
        "barometer/compare.html",
        _ctx(
            request,
            m,
            presets=presets,
            left=left,
            right=right,
            period_rows=period_rows,
            side=side,
            all_bodies=all_bodies,
            chosen=chosen,
            body_rows=body_rows,
        ),
    )


def silos(request, municipality):
    m = municipality_or_404(municipality)
    period, error = _period(request, m)
    matrix = selectors.silo_matrix(municipality=m, start=period.start, end=period.end)
    grid = [
        {
            "body": row,
            "cells": [
                {
                    "col": col,
                    "same": row.pk == col.pk,
                    "n": matrix.joint.get((row.pk, col.pk), 0),
                    "sek": matrix.shared_sek.get((row.pk, col.pk), 0),
                }
                for col in matrix.bodies
            ],
        }
        for row in matrix.bodies
    ]
    groups = selectors.target_group_overview(municipality=m, start=period.start, end=period.end)
    return render(
        request,
        "barometer/silos.html",
        _ctx(
            request,
            m,
            period=period,
            error=error,
            presets=selectors.period_presets(municipality=m),
            matrix=matrix,
            grid=grid,
            groups=groups,
        ),
    )


@login_required
def deviation_new(request, municipality):
    m = municipality_or_404(municipality)
    if not perm.can_report_deviation(request.user, m):
        return forbidden(
            request,
            _(
                "Avvikelser registreras av tjänstepersoner (chef, sekreterare, controller eller "
                "administratör)."
            ),
            m,
        )
    bodies = list(Body.objects.filter(municipality=m).order_by("valid_from", "id"))
    offices = list(Office.objects.filter(municipality=m).order_by("kind", "id"))
    choices = {"bodies": bodies, "offices": offices, "handlings": Handling.choices}
    choices["today"] = today()
    if request.method == "POST":
        form = DeviationForm(request.POST, **choices)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.deviation_report(
                    actor=request.user,
                    municipality=m,
                    occurred_on=cd["occurred_on"],
                    from_role=cd["from_role"],
                    body=next((b for b in bodies if b.slug == cd["body"]), None),
                    to_office=next((o for o in offices if o.slug == cd["to_office"]), None),
                    to_role=cd["to_role"],
                    content=cd["content"],
                    handling=cd["handling"] or Handling.PENDING,
                    handling_note=cd["handling_note"],
                )
            except PermissionDenied as exc:
                return forbidden(request, exc.message, m)
            except TillitError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Avvikelsen är registrerad. Ditt namn visas bara för den roll "
                        "kommunen har utsett."
                    ),
                )
                return redirect(reverse("barometer:index", kwargs={"municipality": m.slug}))
    else:
        form = DeviationForm(initial={"handling": Handling.PENDING}, **choices)
    return render(
        request,
        "barometer/deviation_form.html",
        _ctx(
            request,
            m,
            form=form,
            summary=error_summary(form) if form.is_bound else [],
        ),
    )


@login_required
def deviations_confidential(request, municipality):
    m = municipality_or_404(municipality)
    try:
        rows = selectors.deviations_confidential(user=request.user, municipality=m)
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    return render(
        request, "barometer/confidential.html", _ctx(request, m, rows=rows, today=today())
    )


@login_required
def delegations(request, municipality):
    """Record a delegation decision reported to a body (its secretary, the chief answering to
    it, the kommundirektör or an admin) and list the body's decisions with the strategic flag."""
    m = municipality_or_404(municipality)
    allowed = list(perm.delegation_bodies(request.user, m))
    refusal = _(
        "Delegationsbeslut registreras av organets sekreterare, den chef som svarar inför "
        "organet, kommundirektören eller en administratör."
    )
    if not allowed:
        return forbidden(request, refusal, m)
    if request.method == "POST":
        slug = request.POST.get("body", "")
        body = next((b for b in allowed if b.slug == slug), None)
    else:
        slug = request.GET.get("organ", "")
        body = next((b for b in allowed if b.slug == slug), None) if slug else allowed[0]
    if body is None and request.method != "POST":
        _body(m, slug)  # 404 for a body that doesn't exist, 403 for one of someone else's
        return forbidden(request, refusal, m)
    offices = list(Office.objects.filter(municipality=m).order_by("kind", "id"))
    meetings = list(
        Meeting.objects.filter(municipality=m, body__in=allowed)
        .select_related("body")
        .order_by("-date", "id")[:200]
    )
    kwargs = {"bodies": allowed, "offices": offices, "meetings": meetings}
    saved = None
    if request.method == "POST":
        form = DelegationForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            target = body
            if target is None:  # not one of the actor's bodies: the service says why
                with suppress(NotFound):
                    target = body_get(municipality=m, slug=data["body"])
            office = next((o for o in offices if o.slug == data["delegate_office"]), None)
            meeting = next((mt for mt in meetings if str(mt.pk) == data["reported_meeting"]), None)
            try:
                if target is None:
                    raise ValidationFailed({"body": _("Välj organ.")})
                if data["delegate_office"] and office is None:
                    raise ValidationFailed({"delegate_office": _("Okänd befattning.")})
                if data["reported_meeting"] and meeting is None:
                    raise ValidationFailed({"reported_meeting": _("Okänt sammanträde.")})
                saved = services.delegation_decision_register(
                    actor=request.user,
                    body=target,
                    delegation_point=data["delegation_point"],
                    decided_on=data["decided_on"],
                    title=data["title"],
                    content=data["content"],
                    delegate_office=office,
                    delegate_role=data["delegate_role"],
                    reported_meeting=meeting,
                )
            except PermissionDenied as exc:
                return forbidden(request, exc.message, m)
            except TillitError as exc:
                apply_service_errors(form, exc)  # status unused: this page answers 200 with errors
            else:
                url = reverse("barometer:delegations", kwargs={"municipality": m.slug})
                return redirect(f"{url}?organ={target.slug}&sparat={saved.pk}")
    else:
        form = DelegationForm(initial={"body": body.slug}, **kwargs)
    shown = body or allowed[0]
    rows = selectors.delegation_decisions_for_body(body=shown)
    just_saved = None
    if request.GET.get("sparat", "").isdigit():
        just_saved = next((d for d in rows if d.pk == int(request.GET["sparat"])), None)
    return render(
        request,
        "barometer/delegations.html",
        _ctx(
            request,
            m,
            form=form,
            body=shown,
            bodies=allowed,
            rows=rows,
            just_saved=just_saved,
        ),
    )
