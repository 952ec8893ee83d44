from django import template

from tillit.analysis.advice import stored_advice, stored_carried
from tillit.analysis.selectors import analysis_latest

register = template.Library()


@register.inclusion_tag("analysis/_advice.html")
def analysis_advice(obj, compact: bool = False, assignments=None):
    """The newest stored analysis of a decision or assignment, with the phrases marked.

    For a decision, pass its ``assignments``: the decision text is then told only what none of
    them carries, and a decision without assignments only if its text gives a task.
    """
    row = analysis_latest(obj) if obj is not None else None
    if assignments is None:
        ctx = stored_advice(row)
    else:
        assignments = list(assignments)
        ctx = stored_advice(
            row,
            carried=stored_carried(assignments, analysis_latest),
            assignment=True if assignments else None,
        )
    ctx["stored"] = True
    ctx["compact"] = compact
    return ctx
