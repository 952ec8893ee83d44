"""Forms for the administrator's organisation changes. The rules are the services'; these only
shape the input (choices limited to the municipality's own rows)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tillit.core.forms import InputRulesMixin
from tillit.core.widgets import SwedishDateInput

from .models import Body, BodyKind, MembershipRole, Office, Person


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=SwedishDateInput(),
        error_messages={
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-01-01."),
            "required": _("Ange ett datum."),
        },
    )


class _Form(InputRulesMixin, forms.Form):
    def __init__(self, *args, municipality, **kwargs):
        self.municipality = municipality
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "ds-input")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.party})" if obj.party else obj.name


class OfficeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Office) -> str:
        return str(obj)


def _choice_errors(what):
    return {"required": what, "invalid_choice": _("Valet finns inte. Välj i listan.")}


class TermForm(_Form):
    election_year = forms.IntegerField(
        label=_("Valår"),
        help_text=_(
            "Mandatperioden börjar 15 oktober valåret och slutar 14 oktober fyra år senare."
        ),
        error_messages={"required": _("Ange valåret."), "invalid": _("Skriv valåret med siffror.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class MajorityForm(_Form):
    parties = forms.CharField(
        label=_("Partier i styret"),
        max_length=200,
        help_text=_("Partiernas förkortningar, skilda med kommatecken, till exempel C, M, KD."),
        error_messages={"required": _("Ange partierna i styret.")},
    )
    name = forms.CharField(
        label=_("Benämning"),
        max_length=200,
        required=False,
        help_text=_("Frivillig. Lämnas den tom blir den partierna med plus, till exempel C+M+KD."),
    )
    valid_from = _date(_("Gäller från"))


class BodyForm(_Form):
    name = forms.CharField(
        label=_("Namn"), max_length=200, error_messages={"required": _("Ange organets namn.")}
    )
    short_name = forms.CharField(
        label=_("Förkortning"), max_length=20, required=False, help_text=_("Till exempel KFN.")
    )
    kind = forms.ChoiceField(
        label=_("Typ av organ"),
        choices=BodyKind.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_errors(_("Välj vilken typ av organ det är.")),
    )
    parent = forms.ModelChoiceField(
        label=_("Överordnat organ"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("Inget (kommunfullmäktige)"),
        help_text=_("Nämnder och styrelsen lyder under fullmäktige, utskott under sin nämnd."),
        error_messages=_choice_errors(""),
    )
    valid_from = _date(_("Finns från"))
    seats = forms.IntegerField(
        label=_("Antal ledamöter"),
        required=False,
        min_value=1,
        max_value=1000,
        error_messages={"invalid": _("Skriv antalet med siffror.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)
        self.fields["parent"].queryset = Body.objects.filter(
            municipality=municipality, valid_to__isnull=True
        ).order_by("valid_from", "id")


class EndForm(_Form):
    valid_to = _date(_("Sista dag"))


class AppointmentForm(_Form):
    office = OfficeChoice(
        label=_("Befattning"),
        queryset=Office.objects.none(),
        error_messages=_choice_errors(_("Välj befattningen.")),
    )
    person = PersonChoice(
        label=_("Ny innehavare"),
        queryset=Person.objects.none(),
        help_text=_("Finns personen inte i listan? Lägg först till personen."),
        error_messages=_choice_errors(_("Välj vem som tillträder.")),
    )
    valid_from = _date(
        _("Tillträder"), help_text=_("Den som har befattningen i dag lämnar den dagen innan.")
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(
            municipality=municipality, valid_to__isnull=True
        ).order_by("kind", "organisation_name")
        self.fields["person"].queryset = Person.objects.filter(municipality=municipality)


class MembershipForm(_Form):
    body = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Body.objects.none(),
        error_messages=_choice_errors(_("Välj organet.")),
    )
    person = PersonChoice(
        label=_("Person"),
        queryset=Person.objects.none(),
        help_text=_("Finns personen inte i listan? Lägg först till personen."),
        error_messages=_choice_errors(_("Välj personen.")),
    )
    role = forms.ChoiceField(
        label=_("Roll"),
        choices=MembershipRole.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_errors(_("Välj rollen i organet.")),
    )
    valid_from = _date(_("Från"))
    valid_to = _date(_("Till och med"), required=False, help_text=_("Lämnas tom: tills vidare."))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, municipality=municipality, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(municipality=municipality).order_by(
            "valid_from", "id"
        )
        self.fields["person"].queryset = Person.objects.filter(municipality=municipality)


class PersonForm(_Form):
    name = forms.CharField(
        label=_("Namn"), max_length=200, error_messages={"required": _("Ange personens namn.")}
    )
    party = forms.CharField(label=_("Parti"), max_length=50, required=False)
