"""Assignment pages: the filtered list (HTMX updates the results in place) and the detail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from tillit.core.errors import NotFound
from tillit.core.fragments import Fragment
from tillit.core.web import municipality_for_page, page_context, today
from tillit.followup.selectors import shown_users_version

from .forms import AssignmentFilterForm
from .selectors import assignment_get, assignments_list

PAGE_SIZE = 50


def assignment_list(request, municipality):
    m = municipality_for_page(request, municipality)
    # The page's content is kept until the data changes (core.fragments): a stored copy needs
    # neither the filter form's choices nor the rows.
    frag = Fragment(
        request, m, "assignments.list", request.GET.urlencode(), bool(request.htmx), day=today()
    )
    template = "assignments/list.html"
    if request.htmx:
        template += "#results"
    if frag.hit:
        context = page_context(request, m, frag=frag, results_frag=frag)
        status = frag.meta["status"]
    else:
        form = AssignmentFilterForm(request.GET or None, municipality=m)
        valid = form.is_valid() if form.is_bound else True
        filters = form.to_filter() if form.is_bound and valid else None
        page = None
        if valid:
            rows = assignments_list(municipality=m, filters=filters, for_table=True)
            page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
        # HTMX swaps only 2xx responses, so an invalid filter is 400 for full pages only.
        status = 400 if not valid and not request.htmx else 200
        frag.meta["status"] = status
        context = page_context(
            request,
            m,
            form=form,
            page=page,
            frag=None if request.htmx else frag,
            results_frag=frag if request.htmx else None,
        )
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def assignment_detail(request, municipality, pk):
    m = municipality_for_page(request, municipality)
    frag = Fragment(
        request,
        m,
        "assignments.detail",
        pk,
        day=today(),
        extra=shown_users_version(assignment_id=pk),
    )
    if frag.hit:  # the stored copy holds everything but the page title
        context = page_context(request, m, a={"title": frag.meta["title"]}, frag=frag)
        return render(request, "assignments/detail.html", context)
    try:
        assignment = assignment_get(municipality=m, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None
    frag.meta["title"] = assignment.title
    context = page_context(
        request,
        m,
        a=assignment,
        recipients=list(assignment.recipients.all()),
        frag=frag,
    )
    return render(request, "assignments/detail.html", context)
