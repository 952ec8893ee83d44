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
