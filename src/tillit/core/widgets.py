"""Form widgets shared by every app.

`SearchableCheckboxSelectMultiple` replaces a Ctrl-click `<select multiple>`: every choice is a
checkbox with its label beside it (grouped like the field's choices), and above the list a
filter field that hides the choices whose label does not contain what the user types
(static/tillit/picker.js, a few lines of plain JavaScript; without JavaScript the filter field
is not shown and the whole list is there). Render the field with core/_field.html, which puts
the list in a fieldset whose legend is the field's label.

    recipients = forms.MultipleChoiceField(widget=SearchableCheckboxSelectMultiple())
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with a filter field; the filter is offered from `filter_min` choices on."""

    template_name = "core/widgets/searchable_checkbox.html"
    option_template_name = "core/widgets/searchable_checkbox_option.html"

    def __init__(self, attrs=None, choices=(), *, filter_label=None, filter_min: int = 6):
        super().__init__({"class": "ds-input", **(attrs or {})}, choices)
        self.filter_label = filter_label
        self.filter_min = filter_min

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        count = sum(len(options) for _group, options, _index in context["widget"]["optgroups"])
        context["widget"].update(
            filter_label=self.filter_label or _("Filtrera listan"),
            show_filter=count >= self.filter_min,
            option_count=count,
            # Filled in by picker.js: "Visar 3 av 12".
            status_template=_("Visar %(shown)s av %(total)s"),
        )
        return context


class InlineRadioSelect(forms.RadioSelect):
    """Radio buttons side by side from tablet width (a few short choices: Ja/Nej, a status);
    one under the other on a phone. Drawn by core/_choices.html."""

    inline = True


# A date is always typed as ÅÅÅÅ-MM-DD (or eight digits). Not <input type="date">: in an English
# browser that shows and reads mm/dd/yyyy, and "12/03/2026" is 12 March to a Swede.
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}|\d{8}"
_EIGHT_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def normalise_date_text(value: str) -> str:
    """What a date field got, trimmed, with eight digits ("20261203", typed on a phone's number
    pad that has no hyphen) written out as "2026-12-03". Anything else is left for the form's
    parser, whose error says how to write the date."""
    value = (value or "").strip()
    match = _EIGHT_DIGITS.match(value)
    return "-".join(match.groups()) if match else value


def date_input_attrs() -> dict:
    """The attributes of every date field, for forms and hand-written <input>s alike."""
    return {
        "class": "ds-input",
        "inputmode": "numeric",
        "autocomplete": "off",
        "placeholder": _("ÅÅÅÅ-MM-DD"),
        "pattern": DATE_PATTERN,
        "title": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-10."),
        "size": "10",
    }


class SwedishDateInput(forms.DateInput):
    """The one date widget: a text field showing ÅÅÅÅ-MM-DD whatever the browser's language,
    a number pad on a phone, a pattern the browser checks before sending. The default widget
    of every forms.DateField (core.apps.CoreConfig.ready), whose error then reads "Skriv datumet
    som ÅÅÅÅ-MM-DD …" and which reads only ISO dates (never the US 03/12/2026)."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        super().__init__({**date_input_attrs(), **(attrs or {})}, format=format or "%Y-%m-%d")

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalise_date_text(value) if isinstance(value, str) else value
