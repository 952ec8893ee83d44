"""The delegation decision form: Swedish labels and widgets. The form only parses what was
typed; the rules (required fields, lengths, dates, permission) live in
``services.delegation_decision_register`` and its errors are put beside the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tillit.core.forms import InputRulesMixin
from tillit.core.widgets import SwedishDateInput


def _select(choices) -> forms.Select:
    widget = forms.Select()
    widget.choices = choices
    return widget


class DelegationForm(InputRulesMixin, forms.Form):
    body = forms.CharField(label=_("Organ som delegerat"), required=False)
    delegation_point = forms.CharField(
        label=_("Punkt i delegationsordningen"), required=False, help_text=_("T.ex. 2.1")
    )
    decided_on = forms.DateField(
        label=_("Beslutsdag"),
        required=False,
        widget=SwedishDateInput(),
        error_messages={"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")},
    )
    title = forms.CharField(label=_("Rubrik"), required=False)
    content = forms.CharField(
        label=_("Beslutets innehåll"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Innehållet prövas mot kommunallagen 6 kap. 38 §: mål, inriktning, omfattning och "
            "kvalitet får inte delegeras."
        ),
    )
    delegate_office = forms.CharField(label=_("Delegat (befattning)"), required=False)
    delegate_role = forms.CharField(
        label=_("…eller delegat (roll)"),
        required=False,
        help_text=_("En roll, inte ett namn, om befattningen saknas i listan."),
    )
    reported_meeting = forms.CharField(label=_("Anmält vid sammanträde"), required=False)

    def __init__(self, *args, bodies=(), offices=(), meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Selects offer the permitted choices; the view resolves the value and the service
        # decides (an unknown or forbidden value is an error or a 403, never a 500).
        self.fields["body"].widget = _select([(b.slug, b.name) for b in bodies])
        self.fields["delegate_office"].widget = _select(
            [("", _("(ange roll nedan)"))] + [(o.slug, str(o)) for o in offices]
        )
        self.fields["reported_meeting"].widget = _select(
            [("", _("(inte anmält än)"))] + [(str(mt.pk), str(mt)) for mt in meetings]
        )


class DeviationForm(InputRulesMixin, forms.Form):
    """A directive that went outside the decision chain, as the official who got it tells it.
    Every rule (what is required, dates, lengths) is services.deviation_report's; its messages
    are put beside these fields."""

    occurred_on = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=SwedishDateInput(),
        error_messages={"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")},
    )
    from_role = forms.CharField(
        label=_("Direktivet kom från (roll, inte namn)"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("T.ex. kommunstyrelsens ordförande")}),
    )
    body = forms.CharField(label=_("Organ som rollen hör till"), required=False)
    to_office = forms.CharField(
        label=_("Direktivet gick till (enhet eller befattning)"), required=False
    )
    to_role = forms.CharField(label=_("…eller roll"), required=False)
    content = forms.CharField(
        label=_("Vad sa direktivet?"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    handling = forms.CharField(label=_("Hur hanterades det?"), required=False)
    handling_note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, bodies=(), offices=(), handlings=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget = _select(
            [("", _("(inget organ)"))] + [(b.slug, b.name) for b in bodies]
        )
        self.fields["to_office"].widget = _select(
            [("", _("(ange roll nedan)"))] + [(o.slug, str(o)) for o in offices]
        )
        self.fields["handling"].widget = _select(list(handlings))
        for name in ("occurred_on", "from_role", "content"):
            self.fields[name].show_required = True  # the service requires them
        if today is not None:
            self.fields["occurred_on"].widget.attrs["max"] = today.isoformat()
