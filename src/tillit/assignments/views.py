"""Assignment pages: the filtered list (HTMX updates the results in place) and the detail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from tillit.core.errors import NotFound
from tillit.core.web import municipality_or_404, page_context
from tillit.portal.published import published_history

from .forms import AssignmentFilterForm
from .selectors import assignment_get, assignments_list

PAGE_SIZE = 50


def assignment_list(request, municipality):
    m = municipality_or_404(municipality)
    form = AssignmentFilterForm(request.GET or None, municipality=m)
    valid = form.is_valid() if form.is_bound else True
    filters = form.to_filter() if form.is_bound and valid else None
    page = None
    if valid:
        rows = assignments_list(municipality=m, filters=filters)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = page_context(request, m, form=form, page=page)
    template = "assignments/list.html"
    if request.htmx:
        template += "#results"
    # HTMX swaps only 2xx responses, so an invalid filter is 400 for full pages only.
    status = 400 if not valid and not request.htmx else 200
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def assignment_detail(request, municipality, pk):
    m = municipality_or_404(municipality)
    try:
        assignment = assignment_get(municipality=m, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    context = page_context(
        request,
        m,
        a=assignment,
        history=list(published_history(assignment=assignment)),
        recipients=list(assignment.recipients.all()),
    )
    return render(request, "assignments/detail.html", context)
