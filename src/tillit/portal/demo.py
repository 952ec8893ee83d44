"""The demo's openness data: comparison group, KPI definitions with targets linked to assignments,
and Kolada values from the offline bundle (invented numbers in Kolada's response format)."""

from __future__ import annotations

from django.db.models import Q

from tillit.assignments.models import Assignment

from .indicators import kolada_bundle_load, kpi_define
from .models import PortalSettings

DEMO_KPIS = [
    {
        "code": "N15428",
        "title": "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
        "unit": "%",
        "description": (
            "Andel elever i årskurs 9 som är behöriga till ett yrkesprogram på gymnasiet."
        ),
        "targets": {2022: 72, 2023: 73, 2024: 74, 2025: 75},
        "match": ["skol", "elev", "elevhälsa"],
    },
    {
        "code": "U21468",
        "title": "Brukarbedömning hemtjänst äldreomsorg – helhetssyn, andel (%)",
        "unit": "%",
        "description": "Andel brukare i hemtjänsten som sammantaget är nöjda med sin hemtjänst.",
        "targets": {2022: 85, 2023: 86, 2024: 87, 2025: 88},
        "match": ["hemtjänst", "äldre"],
    },
    {
        "code": "N00005",
        "title": "Resultat före extraordinära poster, andel av skatt och generella bidrag (%)",
        "unit": "%",
        "description": "Kommunens resultat som andel av skatteintäkter och generella statsbidrag.",
        "targets": {2022: 2, 2023: 2, 2024: 2, 2025: 2},
        "match": ["ekonomi i balans", "underskott", "digitalisering"],
    },
]


def portal_demo_load(*, municipality) -> None:
    PortalSettings.objects.update_or_create(
        municipality=municipality,
        defaults={
            "comparison_group": "0860,0861,0862,0882,0885",
            "comparison_group_name": "Liknande kommuner i Kalmar län",
        },
    )
    kolada_bundle_load()
    for spec in DEMO_KPIS:
        q = Q()
        for word in spec["match"]:
            q |= Q(title__icontains=word) | Q(what__icontains=word)
        linked = list(Assignment.objects.filter(q, municipality=municipality).order_by("id")[:3])
        kpi_define(
            municipality=municipality,
            code=spec["code"],
            title=spec["title"],
            unit=spec["unit"],
            description=spec["description"],
            targets=spec["targets"],
            assignments=linked,
        )
