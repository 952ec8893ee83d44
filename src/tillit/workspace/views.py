"""Min sida: the page a signed-in user lands on, and its two small actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tillit.accounts.models import Role
from tillit.accounts.permissions import can_manage_budget
from tillit.core.web import municipality_or_404, page_context, today
from tillit.followup import services as followup_services

from .selectors import workspace_for


@login_required
def landing(request):
    """After login: the user's own municipality's Min sida (the first where she has a role),
    else the public start."""
    role = Role.objects.filter(user=request.user).select_related("municipality").first()
    if role is None:
        return redirect("home")
    return redirect("workspace:home", municipality=role.municipality.slug)


@login_required
def home(request, municipality):
    m = municipality_or_404(municipality)
    day = today()
    ws = workspace_for(
        user=request.user,
        municipality=m,
        today=day,
        audit_period=request.GET.get("avvikelseperiod", "")[:10],
    )
    context = page_context(
        request,
        m,
        ws=ws,
        inbox=ws.inbox,
        today=day,
        digest=followup_services.email_digest_enabled(request.user),
        # "Nytt budgetförslag" (review P4-31): asked only of a secretary (KF's may), an admin may
        can_budget="admin" in ws.roles
        or ("secretary" in ws.roles and can_manage_budget(request.user, m)),
    )
    return render(request, "workspace/home.html", context)


@login_required
@require_POST
def mark_read(request, municipality):
    m = municipality_or_404(municipality)
    raw = request.POST.getlist("id")
    try:
        ids = [int(x) for x in raw] if raw else None
    except ValueError:
        messages.error(request, _("Meddelandet kunde inte hittas. Inget har ändrats."))
        return redirect("workspace:home", municipality=m.slug)
    n = followup_services.notification_mark_read(user=request.user, ids=ids)
    if n:
        messages.success(request, _("Markerat som läst."))
    return redirect("workspace:home", municipality=m.slug)


@login_required
@require_POST
def digest(request, municipality):
    m = municipality_or_404(municipality)
    enabled = request.POST.get("email_digest") == "1"
    followup_services.email_digest_set(user=request.user, enabled=enabled)
    messages.success(
        request,
        _("Du får en daglig sammanfattning med e-post.")
        if enabled
        else _("Du får ingen daglig sammanfattning med e-post. Allt finns kvar här på Min sida."),
    )
    return redirect("workspace:home", municipality=m.slug)
