"""Server-rendered SVG bar charts for the barometer (no JavaScript), in the style of
economy/charts.py: an accessible ``<title>``/``<desc>``; every page shows the same numbers in a
table beside the chart and a one-sentence summary (``summary_sentence``)."""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

COLORS = ("#1e6fb8", "#b3261e", "#2f6f3e", "#7a4fa0")


def quarter_keys(start, end) -> list[str]:
    """Every quarter of the period as the API's keys ('2023-Q1'), so that quarters without
    assignments still get a (zero) bar and the time axis stays even."""
    keys = []
    y, q = start.year, (start.month - 1) // 3 + 1
    while (y, q) <= (end.year, (end.month - 1) // 3 + 1):
        keys.append(f"{y}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return keys


def quarter_label(key: str) -> str:
    """'2023-Q1' as read in Swedish: 'kv 1 2023'."""
    from django.utils.translation import gettext

    year, q = key.split("-Q")
    return gettext("kv %(q)s %(year)s") % {"q": q, "year": year}


def fmt_value(kind: str, value) -> str:
    """Swedish display of a metric value; '–' for None (nothing to measure)."""
    if value is None:
        return "–"
    if kind == "share":
        return f"{value * 100:.1f}\u00a0%".replace(".", ",")
    if kind == "days":
        return f"{value:g}".replace(".", ",")
    if kind == "sek":
        return fmt_mnkr(value)
    if kind == "count" and value != int(value):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def fmt_mnkr(kronor) -> str:
    """An amount as citizens read budgets: '63,0\u00a0mnkr' (millions, one decimal, comma); a
    non-zero amount below 0,1 mnkr in tkr ('23\u00a0tkr', not '0,0 mnkr'): the shared
    formatter, core.formatting.amount_mnkr."""
    from tillit.core.formatting import amount_mnkr

    return amount_mnkr(Decimal(str(kronor)))


def fmt_fraction(metric, fraction) -> str:
    """'3 av 4' behind a share; '63,0 mnkr av 65,0 mnkr' when the share divides amounts.
    '' without a denominator."""
    if not fraction or not fraction[1]:
        return ""
    a, b = fraction
    from django.utils.translation import gettext

    if getattr(metric.numerator, "zero", None) is Decimal:
        a, b = fmt_mnkr(a), fmt_mnkr(b)
    else:
        a, b = int(a), int(b)
    return gettext("%(a)s av %(b)s") % {"a": a, "b": b}


def bar_chart(
    *,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    kind: str = "count",
    width: int = 640,
    chart_id: str = "chart",
    height: int = 280,
    legend: bool = True,
    short_labels: list[str] | None = None,
) -> str:
    """Grouped vertical bars: one group per label, one bar per series. None = no bar. Without
    ``legend`` (one series named by the figure's caption) the space under the labels goes.

    Labels never print on top of each other: when they don't fit under their groups,
    ``short_labels`` are drawn instead ("" for none: the year under each first quarter), and
    if those don't fit either only every n-th label is (tick_labels)."""
    left, right, top, bottom = 64, 16, 16, (64 if legend else 28)
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _name, vals in series for v in vals if v is not None]
    scale = AXIS_SCALE.get(kind, 1.0)
    top_value = max(values + [0.0]) * scale
    if kind == "share":
        top_value = max(top_value, 100.0)
    step = nice_step(top_value, integer=kind in ("count", "days"))
    ticks = max(1, math.ceil(top_value / step - 1e-9))
    vmax = step * ticks / scale
    groups = max(len(labels), 1)
    group_w = plot_w / groups
    bar_w = max(min(group_w * 0.8 / max(len(series), 1), 48), 2)
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
    for k in range(ticks + 1):
        yy = top + plot_h * (1 - k / ticks)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" '
            'stroke="#e6e9ec"/>'
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#3d4a57">'
            f"{escape(_tick(step * k))}</text>"
        )
    unit = axis_unit(kind)
    if unit:
        parts.append(
            f'<text x="{left - 6}" y="{top - 4}" text-anchor="end" fill="#3d4a57" '
            f'class="tl-chart__unit">{escape(unit)}</text>'
        )
    for gi in range(len(labels)):
        gx = left + group_w * gi + (group_w - bar_w * len(series)) / 2
        for si, (_name, vals) in enumerate(series):
            v = vals[gi] if gi < len(vals) else None
            if v is None:
                continue
            h = plot_h * (v / vmax)
            x = gx + si * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{h:.1f}" fill="{COLORS[si % len(COLORS)]}"/>'
            )
    for gi, short in enumerate(tick_labels(labels, group_w, short_labels)):
        if not short:
            continue
        cx = left + group_w * (gi + 0.5)
        parts.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'fill="#3d4a57">{escape(short)}</text>'
        )
    lx = left
    for si, (name, _vals) in enumerate(series if legend else []):
        ly = height - 16
        parts.append(
            f'<rect x="{lx}" y="{ly - 9}" width="14" height="10" '
            f'fill="{COLORS[si % len(COLORS)]}"/>'
            f'<text x="{lx + 20}" y="{ly}" fill="#1b2631">{escape(name)}</text>'
        )
        lx += 20 + 7 * len(name) + 24
    parts.append("</svg>")
    return "".join(parts)


LABEL_CHAR_PX = 7  # a generous width of one character at font-size 12
LABEL_GAP_PX = 8


def _label_width(label: str) -> float:
    return len(label) * LABEL_CHAR_PX + LABEL_GAP_PX


def tick_labels(
    labels: list[str], group_w: float, short_labels: list[str] | None = None
) -> list[str]:
    """The text under each group ("" for none), so that no two overlap: the labels (cut at 14
    characters) if each fits its group; else ``short_labels`` if given; and of those only every
    n-th when they still collide (the first always shown)."""
    full = [label if len(label) <= 14 else label[:13] + "…" for label in labels]
    if all(_label_width(t) <= group_w for t in full):
        return full
    chosen = list(short_labels) if short_labels and len(short_labels) == len(labels) else full
    widest = max((_label_width(t) for t in chosen if t), default=0.0)
    shown = [i for i, t in enumerate(chosen) if t]
    gaps = [b - a for a, b in zip(shown, shown[1:], strict=False)]
    if not gaps or min(gaps) * group_w >= widest:
        return chosen
    every = max(1, math.ceil(widest / (min(gaps) * group_w)))
    return [t if t and shown.index(i) % every == 0 else "" for i, t in enumerate(chosen)]


# Values are drawn in the unit read on the axis: per cent for shares, millions for amounts.
AXIS_SCALE = {"share": 100.0, "sek": 1 / 1_000_000}


def axis_unit(kind: str) -> str:
    from django.utils.translation import gettext

    return {
        "count": gettext("antal"),
        "share": "%",
        "sek": gettext("mnkr"),
        "days": gettext("dagar"),
    }.get(kind, "")


def nice_step(top: float, *, integer: bool = False, ticks: int = 4) -> float:
    """The gridline step from the 1-2-5 series (…0,5 / 1 / 2 / 5 / 10…) that reaches ``top``
    in at most ``ticks`` steps; whole numbers only for counts."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw - 1e-12:
            step = m * power
            break
    return max(step, 1.0) if integer else step


def _tick(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",").replace("-", "−")


def summary_sentence(metric, left_label: str, a, right_label: str, b) -> str:
    """One Swedish sentence comparing a metric between two columns."""
    fa, fb = fmt_value(metric.kind, a), fmt_value(metric.kind, b)
    values = {"metric": metric.label, "a": fa, "b": fb, "left": left_label, "right": right_label}
    if a is None and b is None:
        return _("%(metric)s: inget att mäta i någon av perioderna.") % values
    if a is None or b is None:
        return _("%(metric)s: %(a)s för %(left)s och %(b)s för %(right)s.") % values
    if a == b:
        trend = _("oförändrat")
    elif metric.higher_is_better is None:
        trend = _("högre") if b > a else _("lägre")
    elif (b > a) == metric.higher_is_better:
        trend = _("högre (bättre)") if b > a else _("lägre (bättre)")
    else:
        trend = _("högre (sämre)") if b > a else _("lägre (sämre)")
    values["trend"] = trend
    return _("%(metric)s: %(b)s för %(right)s mot %(a)s för %(left)s – %(trend)s.") % values
