"""Årshjul pages: the public year wheel and the admin's settings. Thin adapters over
followup.yearwheel (docs/arshjul.md)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tillit.accounts.permissions import can_configure
from tillit.core.errors import TillitError
from tillit.core.forms import InputRulesMixin, apply_service_errors
from tillit.core.web import forbidden, municipality_or_404, page_context, today
from tillit.organisation.models import Body

from . import yearwheel
from .models import YearEvent, YearEventKind
from .periods import MAX_YEAR, MIN_YEAR, MONTHS_SV

MONTHS = [(str(i), name.capitalize()) for i, name in enumerate(MONTHS_SV, start=1)]


class YearEventForm(InputRulesMixin, forms.Form):
    """Parses input only; year_event_save checks it (Swedish messages beside the fields)."""

    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=YearEventKind.choices)
    title = forms.CharField(
        label=gettext_lazy("Rubrik"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Tomt: typens vanliga rubrik."),
    )
    month = forms.ChoiceField(label=gettext_lazy("Månad"), choices=MONTHS)
    day = forms.CharField(label=gettext_lazy("Dag"), max_length=4)
    end_month = forms.ChoiceField(
        label=gettext_lazy("Slutmånad"),
        choices=[("", gettext_lazy("Ingen (en dag)"))] + MONTHS,
        required=False,
        help_text=gettext_lazy("För en period, som budgetdialogen."),
    )
    end_day = forms.CharField(label=gettext_lazy("Slutdag"), max_length=4, required=False)
    year = forms.CharField(
        label=gettext_lazy("Bara år"),
        max_length=6,
        required=False,
        help_text=gettext_lazy("Tomt: samma datum varje år."),
    )
    body = forms.ChoiceField(label=gettext_lazy("Organ"), required=False)
    remind_days_before = forms.CharField(
        label=gettext_lazy("Påminn antal dagar före"),
        max_length=4,
        help_text=gettext_lazy("Sekreterarna för organet och kommunstyrelsen får en påminnelse."),
    )
    enabled = forms.BooleanField(label=gettext_lazy("Används"), required=False)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {b.slug: b for b in bodies}
        self.fields["body"].choices = [("", _("Inget särskilt organ"))] + [
            (b.slug, b.name) for b in bodies
        ]


def _bodies(m):
    return list(Body.objects.filter(municipality=m, valid_to__isnull=True).order_by("kind", "name"))


def _year(request) -> int:
    raw = request.GET.get("ar", "")
    if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    return today().year


def yearwheel_page(request, municipality):
    """The governance year: the wheel, the same events as a table, and what comes next."""
    m = municipality_or_404(municipality)
    year = _year(request)
    day = today()
    events = yearwheel.year_events(municipality=m, year=year)
    title = _("Årshjul %(year)s för %(m)s") % {"year": year, "m": m.name}
    chart = yearwheel.year_wheel_svg(
        events,
        year=year,
        today=day,
        title=title,
        description=_(
            "Årets händelser i styrningen, medurs från januari högst upp. Numren hänvisar till "
            "tabellen bredvid, som har samma uppgifter."
        ),
    )
    return render(
        request,
        "followup/arshjul.html",
        page_context(
            request,
            m,
            year=year,
            events=events,
            chart=chart,
            legend=yearwheel.legend(events),
            upcoming=yearwheel.next_events(municipality=m, today=day),
            configured=yearwheel.is_configured(m),
            can_configure=can_configure(request.user, m),
            today=day,
        ),
    )


@login_required
def yearwheel_settings(request, municipality):
    m = municipality_or_404(municipality)
    if not can_configure(request.user, m):
        return forbidden(request, _("Bara kommunens administratör kan ändra årshjulet."), m)
    rows = list(YearEvent.objects.filter(municipality=m).select_related("body"))
    return render(
        request,
        "followup/arshjul_settings.html",
        page_context(
            request,
            m,
            rows=rows,
            defaults=yearwheel.year_events(municipality=m, year=today().year) if not rows else [],
        ),
    )


@login_required
@require_POST
def yearwheel_customise(request, municipality):
    m = municipality_or_404(municipality)
    if not can_configure(request.user, m):
        return forbidden(request, _("Bara kommunens administratör kan ändra årshjulet."), m)
    yearwheel.year_wheel_customise(actor=request.user, municipality=m)
    messages.success(request, _("Standardårshjulet är nu kommunens eget och kan ändras."))
    return redirect("followup:yearwheel_settings", municipality=m.slug)


@login_required
def yearwheel_event(request, municipality, pk=None):
    """Add an event (no pk) or change one."""
    m = municipality_or_404(municipality)
    if not can_configure(request.user, m):
        return forbidden(request, _("Bara kommunens administratör kan ändra årshjulet."), m)
    event = None
    if pk is not None:
        event = YearEvent.objects.filter(municipality=m, pk=pk).first()
        if event is None:
            raise Http404(_("Händelsen finns inte."))
    bodies = _bodies(m)
    status = 200
    if request.method == "POST":
        form = YearEventForm(request.POST, bodies=bodies)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                yearwheel.year_event_save(
                    actor=request.user,
                    municipality=m,
                    event=event,
                    kind=cd["kind"],
                    title=cd["title"],
                    month=cd["month"],
                    day=cd["day"].strip(),
                    end_month=cd["end_month"],
                    end_day=cd["end_day"].strip(),
                    year=cd["year"].strip(),
                    body=form.bodies.get(cd["body"]),
                    remind_days_before=cd["remind_days_before"].strip(),
                    enabled=cd["enabled"],
                )
            except TillitError as exc:
                status = apply_service_errors(form, exc)
            else:
                messages.success(request, _("Årshjulet är sparat."))
                return redirect(reverse("followup:yearwheel_settings", args=[m.slug]))
        else:
            status = 400
    elif event is not None:
        form = YearEventForm(
            initial={
                "kind": event.kind,
                "title": event.title,
                "month": str(event.month),
                "day": event.day,
                "end_month": str(event.end_month or ""),
                "end_day": event.end_day or "",
                "year": event.year or "",
                "body": event.body.slug if event.body else "",
                "remind_days_before": event.remind_days_before,
                "enabled": event.enabled,
            },
            bodies=bodies,
        )
    else:
        form = YearEventForm(
            initial={"kind": YearEventKind.OTHER, "remind_days_before": 14, "enabled": True},
            bodies=bodies,
        )
    return render(
        request,
        "followup/arshjul_form.html",
        page_context(request, m, form=form, event=event),
        status=status,
    )
