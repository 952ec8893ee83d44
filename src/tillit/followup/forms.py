"""Forms parse input only; the rules live in services."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tillit.core.amounts import amount_input
from tillit.core.errors import ValidationFailed
from tillit.core.forms import InputRulesMixin
from tillit.core.widgets import InlineRadioSelect, SwedishDateInput

from .models import Outcome, ReportStatus

INDICATOR_ROWS = 5
_INDICATOR_KEY = re.compile(r"^indicators\[(?P<index>\d+)\]\.(?P<part>name|value|unit|target)$")
YES_NO = [("ja", _("Ja, resurserna räcker")), ("nej", _("Nej, resurserna räcker inte"))]


def version_field():
    """The assignment version the form was loaded from (optimistic locking; a stale one is 409)."""
    return forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def _number_field(label, **kwargs) -> forms.CharField:
    """A number typed the Swedish way ('1 234,5', '−5'): text, parsed by the service with
    core.amounts.amount_parse; shown back with amount_input."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


class ReportForm(InputRulesMixin, forms.Form):
    version = version_field()
    status = forms.ChoiceField(
        label=_("Bedömning"),
        choices=ReportStatus.choices,
        widget=InlineRadioSelect,
        required=False,
        help_text=_("Går arbetet enligt plan, finns en risk, eller en avvikelse?"),
    )
    narrative = forms.CharField(
        label=_("Vad har uppnåtts och vad har vi lärt oss"),
        widget=forms.Textarea(attrs={"rows": 7}),
        required=False,
    )
    resources_suffice = forms.ChoiceField(
        label=_("Räcker resurserna?"), choices=YES_NO, widget=InlineRadioSelect, required=False
    )
    resources_missing_sek = forms.CharField(
        label=_("Saknas (kr)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Bara om resurserna inte räcker: ungefär hur mycket saknas."),
    )
    forecast = forms.CharField(
        label=_("Prognos"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Når ni det avsedda resultatet till slutdatum?"),
    )
    adjustment_request = forms.CharField(
        label=_("Begäran om ändring av uppdraget (valfritt)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(INDICATOR_ROWS):
            # Each row is a fieldset with the legend "Indikator n" (report_form.html).
            self.fields[f"ind-{i}-name"] = forms.CharField(
                label=_("Vad mäts"), required=False, max_length=200
            )
            self.fields[f"ind-{i}-value"] = _number_field(_("Värde"))
            self.fields[f"ind-{i}-unit"] = forms.CharField(
                label=_("Enhet"), required=False, max_length=30
            )
            self.fields[f"ind-{i}-target"] = _number_field(_("Mål"))

    def indicator_rows(self):
        """[(n, [name, value, unit, target])] for the form's rows of indicators."""
        return [
            (i + 1, [self[f"ind-{i}-{part}"] for part in ("name", "value", "unit", "target")])
            for i in range(INDICATOR_ROWS)
        ]

    def to_kwargs(self) -> dict:
        data = self.cleaned_data
        suffice = {"ja": True, "nej": False}.get(data.get("resources_suffice") or "")
        indicators, sent = [], []
        for i in range(INDICATOR_ROWS):
            row = {
                part: data.get(f"ind-{i}-{part}") or ""
                for part in ("name", "value", "unit", "target")
            }
            if any(v.strip() for v in row.values()):
                indicators.append(row)
                sent.append(i)
        self.indicator_rows_sent = sent
        return {
            "status": data.get("status") or "",
            "narrative": data.get("narrative") or "",
            "resources_suffice": suffice,
            "resources_missing_sek": data.get("resources_missing_sek") or None,
            "forecast": data.get("forecast") or "",
            "adjustment_request": data.get("adjustment_request") or "",
            "indicators": indicators,
        }

    def service_error(self, exc):
        """The service's error with its keys "indicators[i].part" (the i-th filled row) turned
        into this form's fields "ind-<row>-<part>", so each message stands beside its box."""
        if not isinstance(exc, ValidationFailed):
            return exc
        sent = getattr(self, "indicator_rows_sent", [])
        errors = {}
        for key, message in exc.errors.items():
            found = _INDICATOR_KEY.match(key)
            if found and int(found["index"]) < len(sent):
                key = f"ind-{sent[int(found['index'])]}-{found['part']}"
            errors[key] = message
        return ValidationFailed(errors)

    @staticmethod
    def initial_from(values: dict) -> dict:
        initial = {k: v for k, v in values.items() if k not in ("indicators", "resources_suffice")}
        # Stored numbers are Decimals ('21100.00'); the field shows them as typed ('21 100').
        initial["resources_missing_sek"] = amount_input(values.get("resources_missing_sek"))
        suffice = values.get("resources_suffice")
        if suffice is not None:
            initial["resources_suffice"] = "ja" if suffice else "nej"
        for i, row in enumerate(values.get("indicators", [])[:INDICATOR_ROWS]):
            for part in ("name", "value", "unit", "target"):
                value = row.get(part)
                initial[f"ind-{i}-{part}"] = (
                    amount_input(value) if part in ("value", "target") else (value or "")
                )
        return initial


class QuestionForm(InputRulesMixin, forms.Form):
    text = forms.CharField(
        label=_("Din fråga"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(InputRulesMixin, forms.Form):
    text = forms.CharField(label=_("Svar"), widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(InputRulesMixin, forms.Form):
    version = version_field()
    outcome = forms.ChoiceField(
        label=_("Organet beslutar att"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    meeting_date = forms.DateField(label=_("Sammanträdesdag"), widget=SwedishDateInput())
    paragraph = forms.IntegerField(
        label=_("Paragraf (§)"),
        min_value=1,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    case_number = forms.CharField(label=_("Diarienummer"), required=False, max_length=50)
    title = forms.CharField(label=_("Beslutets rubrik"), required=False, max_length=300)
    text = forms.CharField(
        label=_("Beslutstext"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lämna tomt för en standardtext."),
    )
    new_what = forms.CharField(
        label=_("Nytt avsett resultat (vad)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vid ändrat uppdrag: lämna tomt för att behålla nuvarande lydelse."),
    )
    new_deadline = forms.DateField(
        label=_("Nytt slutdatum"), required=False, widget=SwedishDateInput()
    )
    resources_change_sek = forms.CharField(
        label=_("Ändring av resurserna (kr)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),  # a minus: no number keypad
        help_text=_("Vid ändrade resurser: tillskott som positivt tal, minskning med minus."),
    )
    frame_year = forms.IntegerField(
        label=_("Budgetår för ändringen"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_(
            "Sammanträdets år eller året efter. Fullmäktiges beslut ändrar ramen det året."
        ),
    )

    def __init__(self, *args, recipients=(), **kwargs):
        """``recipients``: [(slug, name)] of the assignment's recipient bodies; with more than
        one, a field per body splits the resources change among them (``split-<slug>``)."""
        super().__init__(*args, **kwargs)
        self.split_names = []
        if len(recipients) > 1:
            for slug, name in recipients:
                self.fields[f"split-{slug}"] = _number_field(
                    _("Varav till %(name)s (kr)") % {"name": name}
                )
                self.split_names.append(f"split-{slug}")

    @property
    def split_fields(self):
        return [self[name] for name in self.split_names]

    def frame_split(self) -> dict | None:
        """{slug: amount as typed} of the filled split fields, None when none is filled."""
        split = {
            name.removeprefix("split-"): self.cleaned_data.get(name)
            for name in self.split_names
            if self.cleaned_data.get(name)
        }
        return split or None
