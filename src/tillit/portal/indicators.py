"""Indicators: Kolada values stored (services) and each KPI shown over time against its target,
the national value and the comparison group (selectors), plus an accessible SVG line chart."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from tillit.core.errors import NotFound
from tillit.organisation.models import Municipality

from .kolada import KoladaClient, KoladaRow, parse_data
from .models import KoladaValue, Kpi, KpiTarget, PortalSettings

NATIONAL = "0000"
BUNDLE_DIR = Path(__file__).resolve().parent / "data" / "kolada"


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def kolada_values_import(*, rows: list[KoladaRow]) -> int:
    """Upsert rows (idempotent: the same response twice changes nothing). Returns rows written."""
    written = 0
    for row in rows:
        _obj, created = KoladaValue.objects.update_or_create(
            kpi=row.kpi,
            area=row.area,
            year=row.year,
            gender=row.gender,
            defaults={"value": row.value, "status": row.status[:20]},
        )
        written += 1
    return written


def kolada_areas_for(code: str) -> list[str]:
    """The municipality, Sweden, and the comparison group configured for it (if any)."""
    areas = [code, NATIONAL]
    m = Municipality.objects.filter(code=code).first()
    if m is not None:
        ps = PortalSettings.objects.filter(municipality=m).first()
        if ps:
            areas += [c for c in ps.comparison_codes if c not in areas]
    return areas


def kolada_fetch(
    *,
    municipality_code: str,
    kpis: list[str],
    years: list[int],
    client: KoladaClient | None = None,
) -> int:
    client = client or KoladaClient(
        base_url=settings.TILLIT_KOLADA_URL, cache_dir=settings.TILLIT_KOLADA_CACHE_DIR
    )
    rows = client.fetch(kpis, kolada_areas_for(municipality_code), years)
    return kolada_values_import(rows=rows)


def kolada_bundle_load(*, directory: Path = BUNDLE_DIR) -> int:
    """Load the offline bundle (files in Kolada's documented response format), through the same
    parser and import as live responses."""
    written = 0
    for path in sorted(directory.glob("*.json")):
        written += kolada_values_import(rows=parse_data(json.loads(path.read_text("utf-8"))))
    return written


@transaction.atomic
def mission_indicators_define(*, municipality, assignment, year: int, indicators, **_kwargs):
    """Receiver of core.events.mission_indicators_given: a budget's grunduppdrag indicators become
    the municipality's KPIs, linked to the grunduppdrag, with the year's target where given."""
    for ind in indicators:
        targets = {year: Decimal(ind["target"])} if ind.get("target") is not None else {}
        kpi_define(
            municipality=municipality,
            code=ind["code"],
            title=ind["title"],
            unit=ind.get("unit", ""),
            higher_is_better=ind.get("higher_is_better", True),
            targets=targets,
            assignments=[assignment],
        )


def kpi_define(
    *,
    municipality: Municipality,
    code: str,
    title: str,
    unit: str = "",
    description: str = "",
    higher_is_better: bool = True,
    targets: dict[int, Decimal | float | int] | None = None,
    assignments=(),
) -> Kpi:
    kpi, _ = Kpi.objects.update_or_create(
        municipality=municipality,
        code=code,
        defaults={
            "title": title,
            "unit": unit,
            "description": description,
            "higher_is_better": higher_is_better,
        },
    )
    for year, value in (targets or {}).items():
        KpiTarget.objects.update_or_create(
            municipality=municipality,
            kpi=kpi,
            year=year,
            defaults={"value": Decimal(str(value))},
        )
    if assignments:
        kpi.assignments.add(*assignments)
    return kpi


# --- selectors ---------------------------------------------------------------------------------


@dataclass
class KpiPoint:
    year: int
    value: Decimal | None = None
    target: Decimal | None = None
    national: Decimal | None = None
    comparison: Decimal | None = None


@dataclass
class KpiView:
    kpi: Kpi
    points: list[KpiPoint]
    assignments: list = field(default_factory=list)
    comparison_name: str = ""

    @property
    def latest(self) -> KpiPoint | None:
        with_value = [p for p in self.points if p.value is not None]
        return with_value[-1] if with_value else None

    @property
    def meets_target(self) -> bool | None:
        p = self.latest
        if p is None or p.target is None:
            return None
        return p.value >= p.target if self.kpi.higher_is_better else p.value <= p.target


def _plain(value: Decimal | None) -> Decimal | None:
    """70.1000 -> 70.1, 70.0000 -> 70 (stored with 4 decimals, shown as Kolada gives them)."""
    return None if value is None else Decimal(format(value.normalize(), "f"))


def _kpi_views(municipality: Municipality, kpis: list[Kpi]) -> list[KpiView]:
    ps = PortalSettings.objects.filter(municipality=municipality).first()
    group = ps.comparison_codes if ps else []
    code = municipality.code or ""
    codes = [k.code for k in kpis]
    values: dict[tuple[str, str, int], Decimal | None] = {}
    for v in KoladaValue.objects.filter(
        kpi__in=codes, area__in=[code, NATIONAL, *group], gender="T"
    ):
        values[(v.kpi, v.area, v.year)] = _plain(v.value)
    views = []
    for kpi in kpis:
        targets = {t.year: _plain(t.value) for t in kpi.targets.all()}
        years = sorted({y for (k, _a, y) in values if k == kpi.code} | set(targets))
        points = []
        for year in years:
            peers = [values.get((kpi.code, a, year)) for a in group]
            peers = [p for p in peers if p is not None]
            comparison = (sum(peers) / len(peers)).quantize(Decimal("0.1")) if peers else None
            points.append(
                KpiPoint(
                    year,
                    values.get((kpi.code, code, year)),
                    targets.get(year),
                    values.get((kpi.code, NATIONAL, year)),
                    comparison,
                )
            )
        views.append(
            KpiView(
                kpi,
                points,
                list(kpi.assignments.all()),
                (ps.comparison_group_name if ps else "") or "",
            )
        )
    return views


def kpi_overview(*, municipality: Municipality) -> list[KpiView]:
    kpis = list(
        Kpi.objects.filter(municipality=municipality).prefetch_related("targets", "assignments")
    )
    return _kpi_views(municipality, kpis)


def kpi_get(*, municipality: Municipality, code: str) -> KpiView:
    kpi = (
        Kpi.objects.filter(municipality=municipality, code=code)
        .prefetch_related("targets", "assignments")
        .first()
    )
    if kpi is None:
        raise NotFound(
            gettext("Nyckeltalet %(code)s finns inte i %(name)s.")
            % {"code": code, "name": municipality.name}
        )
    return _kpi_views(municipality, [kpi])[0]


def kpis_for_assignment(*, assignment) -> list[KpiView]:
    kpis = list(assignment.kpis.prefetch_related("targets", "assignments"))
    if not kpis:
        return []
    return _kpi_views(assignment.municipality, kpis)


# --- chart -------------------------------------------------------------------------------------

SERIES = (
    ("value", "Kommunen", "tl-kpi-line--value", ""),
    ("target", "Mål", "tl-kpi-line--target", "6 4"),
    ("national", "Riket", "tl-kpi-line--national", "2 3"),
    ("comparison", "Jämförelsegrupp", "tl-kpi-line--comparison", "8 3 2 3"),
)


def kpi_chart(view: KpiView, *, chart_id: str, labels: dict[str, str] | None = None) -> SafeString:
    """An SVG line chart (decorative for screen readers: the table beside it has the numbers).
    Each series has its own dash pattern and marker, so colour is never the only cue."""
    labels = labels or {}
    points = view.points
    width, height, left, right, top, bottom = 640, 280, 48, 16, 16, 36
    vals = [getattr(p, key) for p in points for key, *_ in SERIES if getattr(p, key) is not None]
    if not points or not vals:
        return mark_safe("")
    lo, hi = float(min(vals)), float(max(vals))
    pad = (hi - lo) * 0.1 or 1.0
    lo, hi = max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad
    n = len(points)

    def x(i):
        return left + (width - left - right) * (i / (n - 1) if n > 1 else 0.5)

    def y(v):
        return top + (height - top - bottom) * (1 - (float(v) - lo) / (hi - lo))

    parts = [
        f'<svg class="tl-kpi-chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" '
        'role="img" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
    ]
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        parts.append(
            f'<line class="tl-kpi-grid" x1="{left}" x2="{width - right}" y1="{y(v):.1f}" '
            f'y2="{y(v):.1f}"/><text class="tl-kpi-axis" x="{left - 6}" y="{y(v) + 4:.1f}" '
            f'text-anchor="end">{v:.0f}</text>'
        )
    for i, p in enumerate(points):
        parts.append(
            f'<text class="tl-kpi-axis" x="{x(i):.1f}" y="{height - 12}" '
            f'text-anchor="middle">{p.year}</text>'
        )
    for key, _label, css, dash in SERIES:
        coords = [
            (x(i), y(getattr(p, key))) for i, p in enumerate(points) if getattr(p, key) is not None
        ]
        if not coords:
            continue
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{cx:.1f},{cy:.1f}" for j, (cx, cy) in enumerate(coords)
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<path class="tl-kpi-line {css}" d="{path}" fill="none"{dash_attr}/>')
        for cx, cy in coords:
            parts.append(f'<circle class="tl-kpi-dot {css}" cx="{cx:.1f}" cy="{cy:.1f}" r="3.5"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — numbers and escaped id only
