from django import template

from tillit.analysis.advice import stored_advice
from tillit.analysis.selectors import analysis_latest

register = template.Library()


@register.inclusion_tag("analysis/_advice.html")
def analysis_advice(obj, compact: bool = False):
    """The newest stored analysis of a decision or assignment, with the phrases marked."""
    ctx = stored_advice(analysis_latest(obj) if obj is not None else None)
    ctx["stored"] = True
    ctx["compact"] = compact
    return ctx
