"""Public portal pages: search, open data (exports, feeds, licence), reports, indicators and the
accessibility statement. Thin adapters over published.py, search.py and indicators.py."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.assignments.forms import AssignmentFilterForm
from tillit.barometer.permissions import can_read_deviation_details
from tillit.core.errors import NotFound, PermissionDenied
from tillit.core.web import forbidden, municipality_or_404, page_context
from tillit.organisation.selectors import body_get

from . import datasets
from .exports import CONTENT_TYPES, FORMATS, PLAIN_CSV, export_response
from .published import (
    data_licence,
    published_assignments,
    published_bodies,
    published_decisions,
    published_deviation_counts,
    published_deviations,
    published_reports,
)
from .search import KINDS, search

SEARCH_PAGE_SIZE = 20
KIND_LABELS = {
    "assignment": gettext_lazy("Uppdrag"),
    "decision": gettext_lazy("Beslut"),
    "report": gettext_lazy("Rapporter"),
}
DATASETS = {
    "uppdrag": gettext_lazy("Uppdrag"),
    "beslut": gettext_lazy("Beslut"),
    "organ": gettext_lazy("Organ"),
    "rapporter": gettext_lazy("Uppföljningsrapporter"),
    "avvikelser": gettext_lazy("Avvikelser från beslutskedjan (antal per organ och år)"),
    "avvikelser-detaljer": gettext_lazy("Avvikelser från beslutskedjan (en rad per avvikelse)"),
}
# Shown and served only to those who may read deviation details (docs/dataskydd.md).
DETAIL_DATASETS = ("avvikelser-detaljer",)


def _body_from(request, municipality):
    slug = request.GET.get("organ", "").strip()
    if not slug:
        return None
    try:
        return body_get(municipality=municipality, slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from None


def dataset_rows(request, municipality, dataset: str):
    """(columns, rows) of a public dataset, with the list page's filters applied."""
    slug = municipality.slug
    if dataset == "uppdrag":
        form = AssignmentFilterForm(request.GET or None, municipality=municipality)
        filters = form.to_filter() if form.is_bound and form.is_valid() else None
        rows = published_assignments(municipality=municipality, filters=filters)
        return datasets.assignment_columns(slug), rows
    if dataset == "beslut":
        body = _body_from(request, municipality)
        return datasets.decision_columns(slug), published_decisions(
            municipality=municipality, body=body
        )
    if dataset == "organ":
        return datasets.body_columns(slug), published_bodies(municipality=municipality)
    if dataset == "rapporter":
        body = _body_from(request, municipality)
        return datasets.report_columns(slug), published_reports(
            municipality=municipality, body=body
        )
    if dataset == "avvikelser":
        return datasets.deviation_count_columns(slug), published_deviation_counts(
            municipality=municipality
        )
    if dataset == "avvikelser-detaljer":
        return datasets.deviation_columns(slug), published_deviations(
            municipality=municipality, user=request.user
        )
    raise Http404("Okänd datamängd.")


def dataset_export(request, municipality, dataset, fmt):
    m = municipality_or_404(municipality)
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404("Okänd datamängd eller format.")
    try:
        columns, rows = dataset_rows(request, m, dataset)
    except PermissionDenied as exc:
        return forbidden(request, exc.message, m)
    return export_response(
        fmt,
        municipality=m,
        dataset=dataset,
        columns=columns,
        rows=rows,
        source_url=request.build_absolute_uri(),
    )


def open_data(request, municipality):
    m = municipality_or_404(municipality)
    context = page_context(
        request,
        m,
        licence=data_licence(municipality=m),
        datasets=[
            (slug, label)
            for slug, label in DATASETS.items()
            if slug not in DETAIL_DATASETS or can_read_deviation_details(request.user, m)
        ],
        formats=FORMATS,
        bodies=published_bodies(municipality=m),
        api_url=request.build_absolute_uri("/api/v1/docs"),
        schema_url=request.build_absolute_uri("/api/v1/openapi.json"),
        api_example=_api_example_base(request) + f"/api/v1/search?municipality={m.slug}&q=skola",
        feed_body=None,
    )
    return render(request, "portal/open_data.html", context)


# A loopback address is no address for the reader to use: the example then shows a neutral one.
_LOOPBACK = re.compile(r"^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$")


def _api_example_base(request) -> str:
    """Where the API is for the curl example on the open-data page: TILLIT_BASE_URL when set,
    else the host the page was asked for, unless that is this machine (127.0.0.1:8000 in a
    trial or a screenshot), when the example reads https://tillit.example.org."""
    base = (getattr(settings, "TILLIT_BASE_URL", "") or "").rstrip("/")
    if base:
        return base
    host = request.get_host()
    if _LOOPBACK.match(host):
        return "https://tillit.example.org"
    return f"{request.scheme}://{host}"


def reports_list(request, municipality):
    m = municipality_or_404(municipality)
    body = _body_from(request, m)
    rows = published_reports(municipality=m, body=body)
    page = Paginator(rows, 50).get_page(request.GET.get("sida"))
    context = page_context(
        request, m, page=page, body=body, bodies=published_bodies(municipality=m), feed_body=body
    )
    return render(request, "portal/reports.html", context)


def search_page(request, municipality):
    m = municipality_or_404(municipality)
    query = request.GET.get("q", "").strip()[:200]
    chosen = [k for k in request.GET.getlist("typ") if k in KINDS]
    try:
        page_no = max(1, int(request.GET.get("sida", "1")))
    except ValueError:
        page_no = 1
    result = None
    if query:
        result = search(
            municipality=m,
            query=query,
            kinds=chosen or KINDS,
            limit=SEARCH_PAGE_SIZE,
            offset=(page_no - 1) * SEARCH_PAGE_SIZE,
        )
    groups = []
    if result:
        groups = [(kind, KIND_LABELS[kind], hits) for kind, hits in result.grouped() if hits]
    context = page_context(
        request,
        m,
        query=query,
        result=result,
        groups=groups,
        kinds=[(k, KIND_LABELS[k], k in chosen) for k in KINDS],
        page_no=page_no,
        has_next=bool(result and result.total > page_no * SEARCH_PAGE_SIZE),
    )
    return render(request, "portal/search.html", context)


def accessibility(request, municipality):
    m = municipality_or_404(municipality)
    return render(request, "portal/accessibility.html", page_context(request, m))


def export_links(request, municipality, dataset: str) -> list[tuple[str, str, str]]:
    """[(label, url, media type)] for a list page's export links, keeping its filters in the
    query string."""
    query = request.GET.copy()
    for key in ("sida", "format"):
        query.pop(key, None)
    suffix = f"?{query.urlencode()}" if query else ""
    labels = {
        "csv": _("CSV för Excel"),
        PLAIN_CSV: _("CSV för program (komma)"),
        "json": "JSON",
        "xlsx": _("Excel"),
    }
    return [
        (
            labels[fmt],
            reverse("portal:export", args=[municipality.slug, dataset, fmt]) + suffix,
            CONTENT_TYPES[fmt].split(";")[0],
        )
        for fmt in FORMATS
    ]


def kpi_list(request, municipality):
    from .indicators import kpi_chart, kpi_overview

    m = municipality_or_404(municipality)
    views = kpi_overview(municipality=m)
    items = [(v, kpi_chart(v, chart_id=f"kpi-{v.kpi.code}")) for v in views]
    return render(request, "portal/kpis.html", page_context(request, m, items=items))


def kpi_detail(request, municipality, code):
    from .indicators import kpi_chart, kpi_get

    m = municipality_or_404(municipality)
    try:
        view = kpi_get(municipality=m, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from None
    chart = kpi_chart(view, chart_id=f"kpi-{view.kpi.code}")
    return render(request, "portal/kpi.html", page_context(request, m, v=view, chart=chart))
