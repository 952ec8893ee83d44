"""Service errors onto Django forms: the HTML side's one mapper, as api/api.py is the API's;
and `InputRulesMixin`, core.validation's input rules on every form field.

Services raise `tillit.core.errors.TillitError`s whose field paths name the input
("paragraph", "indicators[0].name", "assignments[2].recipients"). A view that called a service
for a bound form hands the error to `apply_service_errors`, which puts each message beside the
field it names (or above the form) and returns the HTTP status the page is rendered with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext as _

from .errors import TillitError, ValidationFailed
from .validation import validate_date, validate_text


class InputRulesMixin:
    """Every text field refuses control characters (U+0001–U+001F except tab, LF, CR) and
    every date field accepts 1900-01-01 – 2100-12-31 only, with a Swedish message beside the
    field. Applied when the form is cleaned, so fields a form adds in its own __init__ (rows of
    indicators) are covered too. Put it first: `class MyForm(InputRulesMixin, forms.Form)`."""

    def full_clean(self):
        for field in self.fields.values():
            rule = (
                validate_text
                if isinstance(field, forms.CharField)
                else validate_date
                if isinstance(field, forms.DateField)
                else None
            )
            if rule is not None and rule not in field.validators:
                field.validators.append(rule)
        super().full_clean()


_ROW_KEY = re.compile(r"^(?P<prefix>\w+)\[(?P<index>\d+)\]\.(?P<field>\w+)$")


def _field_name(key: str) -> str:
    """The form field a path starts with: "indicators[0].name" -> "indicators"."""
    return key.split(".")[0].split("[")[0]


def _row_form(formset, rows: Sequence[int] | None, key: str):
    """(row form, field) for a key "<formset prefix>[i].<field>", else (None, None). `rows[i]`
    is the formset index of the service's item i (when only some rows were sent); without
    `rows` item i is row i. An index past the rows gives (None, field)."""
    if formset is None:
        return None, None
    match = _ROW_KEY.match(key)
    if match is None or match.group("prefix") != formset.prefix:
        return None, None
    index = int(match.group("index"))
    order = range(len(formset.forms)) if rows is None else rows
    row = formset.forms[order[index]] if index < len(order) else None
    return row, match.group("field")


def apply_service_errors(
    form, exc: TillitError, formset=None, *, rows: Sequence[int] | None = None
) -> int:
    """Put a service error on `form` (and `formset`) and return the HTTP status for the page.

    The messages are `exc.errors` for a ValidationFailed, else `exc.message` under `exc.field`.
    A key "<formset prefix>[i].<field>" goes beside that field of row i of `formset` (above the
    row for a field the row lacks; above the form for a row that doesn't exist); any other key
    goes beside the form field its path starts with, or above the form.

    Status: 409 for a conflict (someone else changed the object meanwhile), else 400 (200 if
    nothing was put on the forms, as for an empty error dict). A stale form keeps the user's
    input but takes the current version (`exc.extra["current_version"]`, into a "version" field
    if the form has one), so that sending it again after looking at the change is a deliberate
    decision, not a silent overwrite.
    """
    errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field or "": exc.message}
    for key, message in errors.items():
        row, field = _row_form(formset, rows, key or "")
        if row is not None:
            row.add_error(field if field in row.fields else None, message)
        elif field is not None:  # a row of the formset that isn't there
            form.add_error(None, message)
        else:
            name = _field_name(key or "")
            form.add_error(name if name in form.fields else None, message)
    if exc.status == 409:
        current = exc.extra.get("current_version")
        if current is not None and "version" in form.fields:
            data = form.data.copy()
            data["version"] = str(current)
            form.data = data
        return 409
    has_errors = bool(form.errors) or (
        formset is not None and any(row.errors for row in formset.forms)
    )
    return 400 if has_errors else 200


def field_anchor(bound_field) -> str:
    """The id an error summary links to: the field's input, or the first box of a radio group
    or a list of checkboxes (their fieldset is not focusable)."""
    if isinstance(bound_field.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        boxes = bound_field.subwidgets  # "_0", or "_0_0" when the choices are grouped
        if boxes and boxes[0].id_for_label:
            return boxes[0].id_for_label
    return bound_field.auto_id


def error_summary(
    form, *, rows: Sequence = (), form_label: str = "", form_target: str = "form-errors"
) -> list[dict]:
    """Every message on `form` (and on the row forms `rows`, pairs of (label, form)) in page
    order as {"target", "label", "message"} for core/_error_summary.html: `target` is the id
    of the field's input (field_anchor), or for a message about the whole form
    `form_target` (a row's: "<row prefix>-errors"); `label` is the field's label, prefixed
    by its row's."""
    items: list[dict] = []

    def collect(f, row_label: str, whole_target: str) -> None:
        errors = f.errors
        # Page order: the messages about the whole form (shown above the fields), then the
        # fields as the form lists them, whatever order the service reported them in.
        names = [n for n in errors if n not in f.fields] + [n for n in f.fields if n in errors]
        for name in names:
            messages = errors[name]
            if name in f.fields:
                target = field_anchor(f[name])
                label = str(f[name].label)
                label = f"{row_label} – {label}" if row_label else label
            else:  # "__all__", or a field the form does not have
                target, label = whole_target, row_label or form_label or _("Formuläret")
            items.extend({"target": target, "label": label, "message": m} for m in messages)

    collect(form, "", form_target)
    for row_label, row in rows:
        collect(row, str(row_label), f"{row.prefix}-errors")
    return items
