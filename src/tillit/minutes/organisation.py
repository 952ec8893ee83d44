"""The organisation list the reader matches recipients against, built from the database.

``organisation_names(municipality, day)`` → ``[(slug, [name, alias, ...]), ...]`` for
``tillit.minutes.reader.parse_minutes(..., organisation=...)``. Bodies and offices active on
``day`` (today by default); an office is named by its title, its organisation and both.
"""

from __future__ import annotations

from datetime import date


def organisation_names(municipality, day: date | None = None) -> list[tuple[str, list[str]]]:
    from tillit.organisation.models import Body, Office

    day = day or date.today()
    entries: list[tuple[str, list[str]]] = []
    for body in Body.objects.filter(municipality=municipality).active_on(day):
        entries.append((body.slug, [n for n in (body.name, body.short_name) if n]))
    for office in Office.objects.filter(municipality=municipality).active_on(day):
        names = [office.organisation_name]
        if office.kind != "unit":
            names += [office.title, f"{office.title} {office.organisation_name}"]
        entries.append((office.slug, [n for n in names if n]))
    return entries
