"""What the public sees. Every public page, export, feed and anonymous API read goes through
these selectors, so the rule "only published data" lives in one place:

- reports: submitted only — a draft is the administration's working text;
- assignment history: without internal notes (events of kind `note`);
- deviations outside the decision chain (barometer): never the reporter's identity; counts per
  body and year are public, the details of each deviation only for users with a role in the
  municipality unless the municipality publishes them (docs/dataskydd.md).

The tests in portal/tests/test_published.py crawl every public URL and API GET operation with
marker strings planted in drafts, notes and confidential fields and assert they never appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tillit.assignments.models import Assignment, AssignmentEvent
from tillit.assignments.selectors import (
    INTERNAL_EVENT_KINDS,  # noqa: F401 — the rule's kinds, kept importable from here
    AssignmentFilter,
    assignment_public_history,
    assignments_list,
)
from tillit.decisions.models import Decision
from tillit.decisions.selectors import decisions_list
from tillit.followup.models import Report, ReportState
from tillit.organisation.models import Body, Municipality
from tillit.organisation.selectors import bodies_list


@dataclass(frozen=True)
class Licence:
    id: str
    name: str
    url: str


LICENCES = {
    "CC0-1.0": Licence(
        "CC0-1.0",
        "Creative Commons Zero 1.0 (public domain)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "CC-BY-4.0": Licence(
        "CC-BY-4.0",
        "Creative Commons Erkännande 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
}


def data_licence(*, municipality: Municipality) -> Licence:
    """The municipality's own choice, else TILLIT_DATA_LICENCE (CC0-1.0 by default)."""
    from .models import PortalSettings

    chosen = (
        PortalSettings.objects.filter(municipality=municipality)
        .values_list("data_licence", flat=True)
        .first()
    )
    code = (chosen or settings.TILLIT_DATA_LICENCE or "CC0-1.0").strip()
    return LICENCES.get(code) or Licence(code, code, "")


def published_bodies(*, municipality: Municipality, on: date | None = None) -> QuerySet[Body]:
    return bodies_list(municipality=municipality, on=on).order_by("kind", "name")


def published_decisions(
    *, municipality: Municipality, body: Body | None = None
) -> QuerySet[Decision]:
    return decisions_list(municipality=municipality, body=body)


def published_assignments(
    *, municipality: Municipality, filters: AssignmentFilter | None = None
) -> QuerySet[Assignment]:
    return assignments_list(municipality=municipality, filters=filters)


def published_history(*, assignment: Assignment) -> QuerySet[AssignmentEvent]:
    """The assignment's history as the public sees it: without internal notes (the filter is
    assignments.selectors.assignment_public_history, which the apps below portal call)."""
    return assignment_public_history(assignment=assignment)


def published_reports(*, municipality: Municipality, body: Body | None = None) -> QuerySet[Report]:
    """Submitted reports (never drafts), newest first; per body: on assignments it issued."""
    qs = Report.objects.filter(municipality=municipality, state=ReportState.SUBMITTED)
    if body is not None:
        qs = qs.filter(assignment__issuer=body)
    return qs.select_related("assignment", "assignment__issuer").order_by("-submitted_at", "-id")


def is_public_report(report: Report) -> bool:
    return report.state == ReportState.SUBMITTED


def published_deviation_counts(*, municipality: Municipality) -> list[dict]:
    """Deviations from the decision chain counted per body, year and source — public whatever
    the municipality's setting (no dates, roles or content)."""
    from collections import defaultdict

    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from tillit.barometer.models import Deviation, DeviationSource

    rows = (
        Deviation.objects.filter(municipality=municipality)
        .order_by()
        .annotate(year=ExtractYear("occurred_on"))
        .values("body__slug", "body__name", "year", "source")
        .annotate(n=Count("id"))
    )
    # Every source present (0 if none), so the columns always add up to the total.
    out: dict = defaultdict(lambda: {**{s.value: 0 for s in DeviationSource}, "total": 0})
    for r in rows:
        row = out[(r["year"], r["body__slug"] or "", r["body__name"] or "")]
        row[r["source"]] = r["n"]
        row["total"] += r["n"]
    return [
        {"year": year, "body": slug or None, "body_name": name, **counts}
        for (year, slug, name), counts in sorted(out.items())
    ]


def published_deviations(*, municipality: Municipality, user) -> list[dict]:
    """One row per deviation for someone allowed the details (barometer.permissions
    ``can_read_deviation_details``): never the reporter or the person named; the content and
    the receiving unit only for users with a role in the municipality. PermissionDenied
    otherwise."""
    from tillit.barometer import permissions as perm
    from tillit.barometer.selectors import deviations_public
    from tillit.core.errors import PermissionDenied

    if not perm.can_read_deviation_details(user, municipality):
        raise PermissionDenied(
            _(
                "Avvikelsernas detaljer visas bara för inloggade med en roll i "
                "kommunen. Antalet per organ och år finns i datamängden avvikelser."
            )
        )
    return deviations_public(
        municipality=municipality,
        with_content=perm.can_read_deviation_content(user, municipality),
    )
