"""Forms of the economy pages: a frame, a forecast, an action plan and a CSV import.

The forms only parse what the user typed (numbers, months, a choice among the offered rows).
Every rule — KF decides frames, which decisions may carry an action plan, amounts with at most
two decimals, the month inside the year — lives in economy.services; the views put the service's
errors back beside these fields with tillit.core.forms.apply_service_errors.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tillit.core.forms import InputRulesMixin
from tillit.core.widgets import SearchableCheckboxSelectMultiple

from .imports import CsvKind
from .models import ChangeKind

YEAR_ERRORS = {
    "invalid": _("Ange år med fyra siffror, till exempel 2026."),
    "min_value": _("Ange ett år mellan 1990 och 2100."),
    "max_value": _("Ange ett år mellan 1990 och 2100."),
}


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "ds-input")
        field.error_messages["required"] = _("Fältet måste fyllas i.")
        field.error_messages["invalid_choice"] = _("Välj ett av alternativen i listan.")


def _year_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1990,
        max_value=2100,
        error_messages=YEAR_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _amount_field(label) -> forms.CharField:
    # Parsed by services.parse_amount, which accepts Swedish formatting and explains mistakes.
    return forms.CharField(
        label=label,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def decision_label(decision) -> str:
    title = decision.title if len(decision.title) <= 70 else decision.title[:69] + "…"
    return f"{decision.reference} ({decision.meeting.date:%Y-%m-%d}) – {title}"


class FrameForm(InputRulesMixin, forms.Form):
    """A body's frame for a year, from kommunfullmäktige's budget decision."""

    body = forms.ChoiceField(label=_("Organ"))
    year = _year_field(_("Budgetår"))
    amount = _amount_field(_("Ram (kr)"))
    decision = forms.ChoiceField(
        label=_("Fullmäktiges budgetbeslut"),
        help_text=_("Beslutet om mål och budget, taget året före eller under budgetåret."),
    )

    def __init__(self, *args, bodies, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {b.slug: b for b in bodies}
        self.decisions = {str(d.pk): d for d in decisions}
        self.fields["body"].choices = [("", _("Välj organ"))] + [(b.slug, b.name) for b in bodies]
        self.fields["decision"].choices = [("", _("Välj beslut"))] + [
            (str(d.pk), decision_label(d)) for d in decisions
        ]
        _styled(self)


class FrameChangeForm(InputRulesMixin, forms.Form):
    """A frame change decided by kommunfullmäktige, tied to the assignments it finances or
    marked as having none (the service requires one or the other)."""

    decision = forms.ChoiceField(label=_("Fullmäktiges beslut"))
    kind = forms.ChoiceField(label=_("Typ"), choices=ChangeKind.choices)
    body = forms.ChoiceField(label=_("Organ (som får eller förlorar ramen)"))
    from_body = forms.ChoiceField(label=_("Från organ (endast omfördelning)"), required=False)
    year = _year_field(_("År"))
    amount = _amount_field(_("Belopp (kr, positivt)"))
    assignments = forms.MultipleChoiceField(
        label=_("Uppdrag som förändringen finansierar"),
        required=False,
        help_text=_(
            "Ett eller flera. Finansierar förändringen inget uppdrag, kryssa i rutan nedan."
        ),
        widget=SearchableCheckboxSelectMultiple(filter_label=_("Sök uppdrag")),
    )
    unlinked = forms.BooleanField(label=_("Utan kopplat uppdrag"), required=False)
    purpose = forms.CharField(label=_("Syfte (valfritt)"), required=False, max_length=500)

    def __init__(self, *args, bodies, decisions, assignments, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {b.slug: b for b in bodies}
        self.decisions = {str(d.pk): d for d in decisions}
        self.assignments = {str(a.pk): a for a in assignments}
        self.fields["decision"].choices = [("", _("Välj beslut"))] + [
            (str(d.pk), decision_label(d)) for d in decisions
        ]
        names = [(b.slug, b.name) for b in bodies]
        self.fields["body"].choices = [("", _("Välj organ"))] + names
        self.fields["from_body"].choices = [("", "–")] + names
        self.fields["assignments"].choices = [
            (str(a.pk), f"{a.issuer.label} {a.issued_on:%Y}: {a.title}" if a.issued_on else a.title)
            for a in assignments
        ]
        _styled(self)


class ForecastForm(InputRulesMixin, forms.Form):
    """The administration's year-end forecast of a body's net cost."""

    year = _year_field(_("Budgetår"))
    as_of = forms.CharField(
        label=_("Per månad (ÅÅÅÅ-MM)"),
        max_length=10,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-08"}),
    )
    amount = _amount_field(_("Helårsprognos (kr)"))
    note = forms.CharField(
        label=_("Kommentar (valfri)"),
        required=False,
        max_length=5000,
        help_text=_("Vad förklarar prognosen? Vad görs åt en avvikelse?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_as_of(self) -> date:
        raw = self.cleaned_data["as_of"].strip()
        try:
            year, month = raw[:7].split("-")
            return date(int(year), int(month), 1)
        except ValueError:
            raise forms.ValidationError(
                _("Ange månaden som ÅÅÅÅ-MM, till exempel 2026-08.")
            ) from None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class ActionPlanForm(InputRulesMixin, forms.Form):
    """A decision with an action plan linked to a body's deficit in a year."""

    year = _year_field(_("Budgetår"))
    decision = forms.ChoiceField(
        label=_("Beslut om åtgärdsplan"),
        help_text=_(
            "Organets eget beslut under underskottsåret, eller kommunstyrelsens eller "
            "fullmäktiges beslut samma år som nämner organet eller ger det ett uppdrag."
        ),
    )
    note = forms.CharField(
        label=_("Sammanfattning av åtgärderna (valfri)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {str(d.pk): d for d in decisions}
        groups: dict[str, list] = {}
        for d in decisions:
            groups.setdefault(d.body.name, []).append((str(d.pk), decision_label(d)))
        self.fields["decision"].choices = [("", _("Välj beslut"))] + list(groups.items())
        _styled(self)


class CsvUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vad innehåller filen?"), choices=CsvKind.choices)
    file = forms.FileField(
        label=_("CSV-fil"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        self.fields["file"].error_messages["required"] = _("Välj en CSV-fil att läsa in.")
        self.fields["file"].error_messages["empty"] = _("Filen är tom.")
