"""The rows of an assignment table, rendered in one pass (docs/performance.md, issue 16).

``assignments/_table.html`` shows up to 50 assignments; as a ``{% for %}`` loop every row cost
about twenty template nodes (a ``{% url %}``, date filters, the status tag, an ``{% include %}``
of the stale tag with its ``{% translate %}``), which was most of the list page's CPU. This
tag writes exactly the HTML the loop wrote: one ``reverse()`` and one translation per table
instead of one per row.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from tillit.core.templatetags.tillit import iso_date, status_tag
from tillit.core.web import pk_url
from tillit.organisation.templatetags.bodies import abbr_html

register = template.Library()


_iso = iso_date  # what ``|isodate`` gives for a date


@register.simple_tag(takes_context=True)
def assignment_rows(context, rows, stale):
    """``<tr>`` per assignment (with the whitespace the template loop had). ``stale`` is
    ``{assignment id: reason}`` from ``stale_reasons``."""
    url = pk_url("assignments:detail", context["municipality"].slug)
    coordinates = escape(gettext("samordnar"))
    outdated = escape(gettext("Försenat"))
    stale = stale or {}
    # Column names on each cell: a phone shows each row as a card (.tl-card-table).
    by, to, decided, deadline, state = (
        escape(gettext(label))
        for label in ("Givet av", "Mottagare", "Beslutat", "Slutdatum", "Status")
    )
    out = []
    for a in rows:
        recipients = getattr(a, "current_recipients", None)  # assignments_list(for_table=True)
        if recipients is None:
            recipients = list(a.recipients.all())
        joint = len(recipients) > 1
        items = "".join(
            f"<li>{conditional_escape(r.target)}"
            f"{f' ({coordinates})' if r.is_lead and joint else ''}</li>"
            for r in recipients
        )
        reason = stale.get(a.pk)
        tag = (
            f' <span class="ds-tag tl-stale" data-color="danger" title="{escape(reason)}">'
            f'{outdated}<span class="ds-sr-only">: {escape(reason)}</span></span>'
            if reason
            else ""
        )
        decision = a.decision
        title = conditional_escape(a.title)
        out.append(
            "\n    <tr>\n"
            '      <td class="tl-card-table__title">'
            f'<a class="ds-link" href="{url(a.pk)}">{title}</a></td>\n'
            # Decision.reference ("KF 2026 § 2") from the issuer, which is the deciding body
            # (the lean queryset does not load decision.body); no-break spaces throughout.
            f'      <td data-label="{by}">{abbr_html(a.issuer)}\u00a0'
            f'<span class="tl-muted">{decision.year}\u00a0§\u00a0{decision.paragraph}</span></td>\n'
            f'      <td data-label="{to}"><ul class="tl-inline-list">{items}</ul></td>\n'
            f'      <td data-label="{decided}">{_iso(a.issued_on) if a.issued_on else ""}</td>\n'
            f'      <td data-label="{deadline}">{_iso(a.deadline) if a.deadline else "–"}</td>\n'
            f'      <td data-label="{state}">'
            f"{status_tag(a.status, a.get_status_display())}{tag}\n</td>\n"
            "    </tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
