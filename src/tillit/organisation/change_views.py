"""The administrator's organisation pages (/<kommun>/organisation/andra/): thin adapters over the
services in services.py, which hold every rule. Only can_manage_organisation gets in (403 for
others, 404 for another municipality's rows)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.accounts.permissions import can_manage_organisation
from tillit.core.errors import NotFound, TillitError
from tillit.core.forms import apply_service_errors, error_summary
from tillit.core.web import forbidden, municipality_or_404, page_context, today

from . import services
from .forms import (
    AppointmentForm,
    BodyForm,
    EndForm,
    MajorityForm,
    MembershipForm,
    PersonForm,
    TermForm,
)
from .models import Membership
from .selectors import bodies_list, body_get, majority_on, term_on


def _manager(request, municipality: str):
    """(municipality, None) for an administrator, else (municipality, the 403 page)."""
    m = municipality_or_404(municipality)
    if not can_manage_organisation(request.user, m):
        return m, forbidden(
            request,
            _(
                "Du får inte ändra organisationen i %(m)s. Det gör kommunens administratör; "
                "kontakta den om något har ändrats."
            )
            % {"m": m.name},
            m,
        )
    return m, None


def _form_page(
    request, m, *, form_class, save, title, lead, submit, done, initial=None, extra=None
):
    """GET: the empty form. POST: the service through `save(cleaned_data)`; on success a
    message and a redirect to `done`, else the same page with each message beside its field
    (400) and nothing stored."""
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, municipality=m)
        if form.is_valid():
            try:
                message = save(form.cleaned_data)
            except TillitError as exc:
                status = apply_service_errors(form, exc) or 400
                status = 400 if status == 200 else status
            else:
                messages.success(request, message)
                return redirect(done)
        else:
            status = 400
    else:
        form = form_class(municipality=m, initial=initial)
    context = page_context(
        request,
        m,
        form=form,
        summary=error_summary(form) if form.is_bound else [],
        title=title,
        lead=lead,
        submit=submit,
        cancel=reverse("organisation:change", args=[m.slug]),
        **(extra or {}),
    )
    return render(request, "organisation/change_form.html", context, status=status)


def _chart_history(m) -> str:
    return reverse("organisation:chart", args=[m.slug]) + "#historik"


@login_required
def change(request, municipality):
    m, refused = _manager(request, municipality)
    if refused:
        return refused
    day = today()
    context = page_context(
        request,
        m,
        day=day,
        term=term_on(municipality=m, on=day),
        majority=majority_on(municipality=m, on=day),
        bodies=list(bodies_list(municipality=m, on=day).order_by("valid_from", "id")),
    )
    return render(request, "organisation/change.html", context)


@login_required
def change_term(request, municipality):
    m, refused = _manager(request, municipality)
    if refused:
        return refused

    def save(data):
        term = services.term_register(
            actor=request.user, municipality=m, election_year=data["election_year"]
        )
        return _("Mandatperioden %(t)s är registrerad.") % {"t": term}

    return _form_page(
        request,
        m,
        form_class=TermForm,
        save=save,
        title=gettext_lazy("Ny mandatperiod"),
        lead=gettext_lazy("Registrera mandatperioden efter ett allmänt val."),
        submit=gettext_lazy("Registrera mandatperioden"),
        done=_chart_history(m),
    )


@login_required
def change_majority(request, municipality):
    m, refused = _manager(request, municipality)
    if refused:
        return refused

    def save(data):
        majority = services.majority_register(
            actor=request.user,
            municipality=m,
            parties=data["parties"],
            name=data["name"],
            valid_from=data["valid_from"],
        )
        return _("Styret %(n)s är registrerat från %(d)s.") % {
            "n": majority.name,
            "d": majority.valid_from.isoformat(),
        }

    return _form_page(
        request,
        m,
        form_class=MajorityForm,
        save=save,
        title=gettext_lazy("Nytt styre"),
        lead=gettext_lazy(
            "Registrera en ny majoritet, efter ett val eller när styret byts under "
            "mandatperioden. Det nuvarande styret slutar dagen innan."
        ),
        submit=gettext_lazy("Registrera styret"),
        done=_chart_history(m),
    )


@login_required
def change_body(request, municipality):
    m, refused = _manager(request, municipality)
    if refused:
        return refused

    def save(data):
        body = services.body_register(
            actor=request.user,
            municipality=m,
            name=data["name"],
            short_name=data["short_name"],
            kind=data["kind"],
            parent=data["parent"],
            valid_from=data["valid_from"],
            seats=data["seats"],
        )
        return _("%(b)s är registrerat från %(d)s.") % {
            "b": body.name,
            "d": body.valid_from.isoformat(),
        }

    return _form_page(
        request,
        m,
        form_class=BodyForm,
        save=save,
        title=gettext_lazy("Nytt organ"),
        lead=gettext_lazy(
            "Registrera en ny nämnd, ett utskott eller en gemensam nämnd och var i "
            "beslutskedjan det står."
        ),
        submit=gettext_lazy("Registrera organet"),
        done=_chart_history(m),
    )


@login_required
def change_body_end(request, municipality, slug):
    m, refused = _manager(request, municipality)
    if refused:
        return refused
    try:
        body = body_get(municipality=m, slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from None

    def save(data):
        services.body_end(actor=request.user, body=body, valid_to=data["valid_to"])
        return _("%(b)s finns till och med %(d)s.") % {
            "b": body.name,
            "d": data["valid_to"].isoformat(),
        }

    return _form_page(
        request,
        m,
        form_class=EndForm,
        save=save,
        title=_("Avsluta %(b)s") % {"b": body.name},
        lead=gettext_lazy(
            "Ange den sista dagen organet finns. Ledamöternas uppdrag slutar samma dag. "
            "Historiken finns kvar."
        ),
        submit=gettext_lazy("Avsluta organet"),
        done=_chart_history(m),
    )


@login_required
def change_appointment(request, municipality):
    m, refused = _manager(request, municipality)
    if refused:
        return refused

    def save(data):
        appointment = services.appointment_register(
            actor=request.user,
            office=data["office"],
            person=data["person"],
            valid_from=data["valid_from"],
        )
        return _("%(p)s har befattningen %(o)s från %(d)s.") % {
            "p": appointment.person.name,
            "o": appointment.office,
            "d": appointment.valid_from.isoformat(),
        }

    initial = {"office": request.GET.get("befattning")} if request.GET.get("befattning") else None
    return _form_page(
        request,
        m,
        form_class=AppointmentForm,
        save=save,
        title=gettext_lazy("Ny chef eller innehavare av en befattning"),
        lead=gettext_lazy(
            "Registrera vem som tillträder en befattning och från vilket datum. Den som har "
            "befattningen i dag står kvar i historiken till dagen innan."
        ),
        submit=gettext_lazy("Registrera tillträdet"),
        done=_chart_history(m),
        initial=initial,
    )


@login_required
def change_membership(request, municipality):
    m, refused = _manager(request, municipality)
    if refused:
        return refused
    done = {}

    def save(data):
        membership = services.membership_register(
            actor=request.user,
            body=data["body"],
            person=data["person"],
            role=data["role"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
        )
        done["url"] = (
            reverse("organisation:body", args=[m.slug, membership.body.slug]) + "#historik"
        )
        return _("%(p)s är %(r)s i %(b)s från %(d)s.") % {
            "p": membership.person.name,
            "r": membership.get_role_display().lower(),
            "b": membership.body.name,
            "d": membership.valid_from.isoformat(),
        }

    initial = {"body": request.GET.get("organ")} if request.GET.get("organ") else None
    response = _form_page(
        request,
        m,
        form_class=MembershipForm,
        save=save,
        title=gettext_lazy("Ny ledamot, ersättare eller ordförande"),
        lead=gettext_lazy("Registrera en persons uppdrag i ett organ och för vilken period."),
        submit=gettext_lazy("Registrera uppdraget"),
        done=reverse("organisation:change", args=[m.slug]),
        initial=initial,
    )
    if response.status_code == 302 and done:
        return redirect(done["url"])
    return response


@login_required
def change_membership_end(request, municipality, pk):
    m, refused = _manager(request, municipality)
    if refused:
        return refused
    membership = get_object_or_404(
        Membership.objects.select_related("person", "body"), pk=pk, municipality=m
    )

    def save(data):
        services.membership_end(
            actor=request.user, membership=membership, valid_to=data["valid_to"]
        )
        return _("%(p)s sitter i %(b)s till och med %(d)s.") % {
            "p": membership.person.name,
            "b": membership.body.name,
            "d": data["valid_to"].isoformat(),
        }

    return _form_page(
        request,
        m,
        form_class=EndForm,
        save=save,
        title=_("Avsluta uppdraget: %(p)s, %(r)s i %(b)s")
        % {
            "p": membership.person.name,
            "r": membership.get_role_display().lower(),
            "b": membership.body.name,
        },
        lead=gettext_lazy("Ange den sista dagen i uppdraget. Historiken finns kvar."),
        submit=gettext_lazy("Avsluta uppdraget"),
        done=reverse("organisation:body", args=[m.slug, membership.body.slug]) + "#historik",
    )


@login_required
def change_person(request, municipality):
    m, refused = _manager(request, municipality)
    if refused:
        return refused

    def save(data):
        person = services.person_register(
            actor=request.user, municipality=m, name=data["name"], party=data["party"]
        )
        return _(
            "%(p)s är tillagd. Välj personen när du registrerar ett uppdrag eller en chef."
        ) % {"p": person.name}

    return _form_page(
        request,
        m,
        form_class=PersonForm,
        save=save,
        title=gettext_lazy("Lägg till en person"),
        lead=gettext_lazy(
            "En förtroendevald eller en chef. Bara namnet och eventuellt parti; användarkonton "
            "och roller hanteras separat."
        ),
        submit=gettext_lazy("Lägg till personen"),
        done=reverse("organisation:change", args=[m.slug]),
    )
