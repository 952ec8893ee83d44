"""`{% barometer_brief municipality %}`: the barometer in brief, for the start page."""

from django import template

from tillit.barometer import selectors
from tillit.barometer.charts import fmt_value
from tillit.barometer.metrics import METRICS_BY_NAME

register = template.Library()

BRIEF = (
    "assignments_issued",
    "with_followup_share",
    "unlinked_frame_change_share",
    "deficit_coverage",
    "chain_deviations",
    "strategic_delegation_decisions",
)


@register.inclusion_tag("barometer/_brief.html")
def barometer_brief(municipality):
    period = selectors.period_resolve(municipality=municipality)
    totals = selectors.barometer_get(
        municipality=municipality, start=period.start, end=period.end
    ).totals()
    rows = [
        (METRICS_BY_NAME[name], fmt_value(METRICS_BY_NAME[name].kind, totals[name]))
        for name in BRIEF
    ]
    return {"municipality": municipality, "period": period, "rows": rows}
