"""Server-rendered SVG charts (no JavaScript), reusable in HTML pages and later in PDF reports.

``cumulative_chart`` draws cumulative budget and actual per month and the forecast path as
lines, with an accessible ``<title>``/``<desc>``; the page shows the same numbers in a table.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.core.formatting import rounded

SERIES = (
    ("budget", gettext_lazy("Budget (ackumulerad)"), "#1e6fb8", ""),
    ("actual", gettext_lazy("Utfall (ackumulerat)"), "#b3261e", ""),
    ("forecast", gettext_lazy("Prognos"), "#b3261e", "6 4"),
)


def _mnkr(value: float) -> str:
    """Millions with one decimal the shared way (core.formatting.rounded): digit groups with a
    no-break space, a minus sign (U+2212), rounded half up."""
    return rounded(Decimal(str(value)) / Decimal(1_000_000), 1, grouping=True)


def cumulative_chart(
    *,
    title: str,
    description: str,
    budget: list[Decimal | None],
    actual: list[Decimal | None],
    forecast: list[Decimal | None],
    frame: Decimal | None = None,
    width: int = 640,
    height: int = 320,
    chart_id: str = "chart",
) -> str:
    """12 monthly values per series (None = no value). Returns ``<svg>`` markup."""
    left, right, top, bottom = 64, 16, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for s in (budget, actual, forecast) for v in s if v is not None]
    if frame is not None:
        values.append(float(frame))
    vmax = max(values + [0.0]) or 1.0
    vmin = min(values + [0.0])
    span = (vmax - vmin) or 1.0

    def x(i: int) -> float:
        return left + plot_w * (i + 0.5) / 12

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - vmin) / span)

    tid, did = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{tid} {did}" class="tl-chart" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(description)}</desc>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#c7ccd1"/>',
    ]
    for k in range(5):
        v = vmin + span * k / 4
        yy = y(v)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" '
            'stroke="#e6e9ec"/>'
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#3d4a57">'
            f"{_mnkr(v)}</text>"
        )
    parts.append(
        f'<text x="12" y="{top + plot_h / 2:.0f}" transform="rotate(-90 12 {top + plot_h / 2:.0f})"'
        f' text-anchor="middle" fill="#3d4a57">{escape(_("mnkr"))}</text>'
    )
    for i in range(12):
        label = escape(str(MONTHS_3[i + 1]))  # 'jan', 'maj', 'okt' / 'may', 'oct'
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'fill="#3d4a57">{label}</text>'
        )
    if frame is not None:
        fy = y(float(frame))
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{fy:.1f}" y2="{fy:.1f}" '
            'stroke="#2f6f3e" stroke-width="1.5" stroke-dasharray="2 3"/>'
            f'<text x="{left + plot_w - 4}" y="{fy - 4:.1f}" text-anchor="end" fill="#2f6f3e">'
            + escape(_("Ram %(amount)s mnkr") % {"amount": _mnkr(float(frame))})
            + "</text>"
        )
    data = {"budget": budget, "actual": actual, "forecast": forecast}
    for key, _label, color, dash in SERIES:
        points = [(x(i), y(float(v))) for i, v in enumerate(data[key]) if v is not None]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"'
            f"{dash_attr}/>"
        )
        if key == "actual":
            for px, py in points:
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{color}"/>')
    lx = left
    for _key, lazy_label, color, dash in SERIES:
        label = str(lazy_label)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        ly = height - 14
        parts.append(
            f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{color}" '
            f'stroke-width="2.5"{dash_attr}/>'
            f'<text x="{lx + 30}" y="{ly + 4}" fill="#1b2631">{escape(label)}</text>'
        )
        lx += 30 + 8 * len(label) + 16
    parts.append("</svg>")
    return "".join(parts)
