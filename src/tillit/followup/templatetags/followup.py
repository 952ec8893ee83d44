"""Follow-up blocks included in other apps' pages (assignment detail, body page, lists)."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from tillit.core.web import pk_url

from .. import permissions as perm
from ..selectors import (
    assignment_holder,
    assignment_timeline,
    current_period,
    questions_list,
    recent_periods,
    reports_visible,
    stale_for_body,
    stale_map,
)
from ..services import outsider_message

register = template.Library()


@register.inclusion_tag("followup/_assignment.html", takes_context=True)
def assignment_followup(context, assignment):
    request = context["request"]
    user = request.user
    today = timezone.localdate()
    m = context["municipality"]
    reports = list(reports_visible(municipality=m, user=user).filter(assignment=assignment))
    questions = list(questions_list(municipality=m, assignment=assignment))
    can_file = assignment.is_open and perm.can_file_report(user, assignment)
    can_ask = user.is_authenticated and assignment.is_open and perm.can_ask(user, assignment, today)
    file_periods = []
    if can_file:
        done = {r.period for r in reports if r.is_submitted}
        for period in [current_period(municipality=m, today=today)] + recent_periods(
            municipality=m, today=today, count=3
        ):
            fresh = period.code not in done and period not in file_periods
            if fresh and period.end >= assignment.issued_on:
                file_periods.append(period)
    answerable = {q.pk for q in questions if not q.is_answered and perm.can_answer(user, q)}
    outsider = None
    if user.is_authenticated and not can_ask and assignment.is_open and not can_file:
        outsider = outsider_message(assignment)
    return {
        "request": request,
        "municipality": m,
        "a": assignment,
        "today": today,
        "holder": assignment_holder(assignment=assignment, today=today),
        "stale": stale_map([assignment], today=today).get(assignment.pk),
        "reports": reports,
        "questions": questions,
        "can_file": can_file,
        "file_periods": file_periods[:3],
        "can_ask": can_ask,
        "outsider_message": outsider,
        "answerable": answerable,
        "timeline": assignment_timeline(assignment=assignment),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("followup/_body.html", takes_context=True)
def body_followup(context, body):
    today = timezone.localdate()
    m = context["municipality"]
    return {
        "municipality": m,
        "body": body,
        "stale": stale_for_body(body=body, today=today),
        "periods": recent_periods(municipality=m, today=today, count=8),
    }


@register.simple_tag
def stale_reasons(rows):
    """{assignment id: reason} for a table of assignments (one query for the whole table)."""
    return stale_map(list(rows))


@register.filter
def period_name(code):
    """``{{ report.period|period_name }}``: 'Delårsrapport 2026' for '2026-DR'."""
    from ..periods import period_name as name

    return name(code)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


# A submitted report that has waited longer than this for the body's decision has missed at
# least one meeting: the lists of reports to decide on say so (review finding P1-3).
LONG_WAIT_DAYS = 45


@register.filter
def long_wait(report) -> int | None:
    """Days a submitted, undecided report has waited, when more than LONG_WAIT_DAYS."""
    if not report.submitted_at:
        return None
    days = (timezone.localdate() - timezone.localtime(report.submitted_at).date()).days
    return days if days > LONG_WAIT_DAYS else None


@register.simple_tag(takes_context=True)
def awaiting_items(context, reports):
    """The inbox's "reports awaiting a decision" (a secretary may have a hundred): the ``<li>``
    per report that the template loop wrote, with one reverse() per link kind and one
    translation per text instead of per row (docs/performance.md)."""
    slug = context["municipality"].slug
    report_url = pk_url("followup:report", slug)
    decide_url = pk_url("followup:decide", slug)
    submitted = gettext("inlämnad %(d)s")
    decide = conditional_escape(gettext("Registrera beslut"))
    waited = gettext("väntat %(n)s dagar")
    out = []
    names: dict[str, str] = {}  # one period name per period, not per row
    for r in reports:
        if r.period not in names:
            names[r.period] = conditional_escape(r.label)
        day = timezone.localtime(r.submitted_at).date() if r.submitted_at else None
        when = submitted % {"d": day.isoformat() if day else ""}
        days = long_wait(r)
        if days:
            tag = conditional_escape(waited % {"n": days})
            when += f' <span class="ds-tag" data-color="warning">{tag}</span>'
        out.append(
            f'\n    <li><a class="ds-link" href="{report_url(r.pk)}">'
            f"{conditional_escape(r.assignment.title)} – {names[r.period]}</a> "
            f"({conditional_escape(r.get_status_display())}), {when} · "
            f'<a class="ds-link" href="{decide_url(r.pk)}">{decide}</a></li>\n  '
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


@register.inclusion_tag("followup/_compiled_links.html", takes_context=True)
def compiled_report_links(context):
    """Downloads of the latest delårsrapport and årsredovisning for the whole municipality, for
    signed-in users (documents.compiled_build)."""
    from ..periods import period_parse

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"periods": []}
    today = timezone.localdate()
    dr_year = today.year if today >= period_parse(f"{today.year}-DR").end else today.year - 1
    periods = [period_parse(f"{dr_year}-DR"), period_parse(f"{today.year - 1}-AR")]
    return {"municipality": context["municipality"], "periods": periods}
