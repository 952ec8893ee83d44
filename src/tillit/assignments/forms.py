"""The assignment list's filter form. Only parses input; the filtering is the selector's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tillit.core.forms import InputRulesMixin
from tillit.core.widgets import SwedishDateInput
from tillit.organisation.selectors import bodies_list, majorities_list

from .models import Status
from .selectors import AssignmentFilter

DATE_ERROR = _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-01.")


class AssignmentFilterForm(InputRulesMixin, forms.Form):
    organ = forms.ChoiceField(label=_("Organ"), required=False)
    roll = forms.ChoiceField(
        label=_("Organets roll"),
        required=False,
        choices=[("", _("Gett eller fått")), ("issued", _("Gett")), ("received", _("Fått"))],
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    fran = forms.DateField(
        label=_("Beslutat från"),
        required=False,
        error_messages={"invalid": DATE_ERROR},
        widget=SwedishDateInput(),
    )
    till = forms.DateField(
        label=_("Beslutat till"),
        required=False,
        error_messages={"invalid": DATE_ERROR},
        widget=SwedishDateInput(),
    )
    majoritet = forms.ChoiceField(label=_("Majoritetsperiod"), required=False)
    q = forms.CharField(label=_("Sök i text"), required=False, max_length=200)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.bodies = {b.slug: b for b in bodies_list(municipality=municipality)}
        self.majorities = {str(m.pk): m for m in majorities_list(municipality=municipality)}
        self.fields["organ"].choices = [("", _("Alla organ"))] + [
            (slug, body.name) for slug, body in self.bodies.items()
        ]
        self.fields["status"].choices = [("", _("Alla"))] + list(Status.choices)
        self.fields["majoritet"].choices = [("", _("Alla perioder"))] + [
            (
                pk,
                f"{m.name} ({m.valid_from:%Y}–{m.valid_to:%Y})"
                if m.valid_to
                else f"{m.name} ({m.valid_from:%Y}–)",
            )
            for pk, m in self.majorities.items()
        ]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")
            field.error_messages["invalid_choice"] = _("Välj ett av alternativen i listan.")

    def clean(self):
        data = super().clean()
        start, end = data.get("fran"), data.get("till")
        if start and end and start > end:
            self.add_error("till", _("Slutet av perioden ligger före början."))
        return data

    def to_filter(self) -> AssignmentFilter:
        data = self.cleaned_data
        return AssignmentFilter(
            body=self.bodies.get(data.get("organ") or ""),
            role=data.get("roll") or "any",
            status=data.get("status") or None,
            issued_from=data.get("fran"),
            issued_to=data.get("till"),
            majority=self.majorities.get(data.get("majoritet") or ""),
            q=(data.get("q") or "").strip(),
        )
