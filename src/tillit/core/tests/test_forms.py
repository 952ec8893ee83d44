"""apply_service_errors: where each service error lands, and the status of the page."""

from __future__ import annotations

from django import forms

from tillit.core.errors import ChainViolation, Conflict, NotFound, TillitError, ValidationFailed
from tillit.core.forms import apply_service_errors


class ReportishForm(forms.Form):
    narrative = forms.CharField(required=False)
    indicators = forms.CharField(required=False)
    version = forms.IntegerField(required=False)


class RowForm(forms.Form):
    title = forms.CharField(required=False)
    recipients = forms.CharField(required=False)


RowFormSet = forms.formset_factory(RowForm, extra=0)


def _bound(data=None):
    form = ReportishForm(data or {"narrative": "x", "version": "3"})
    assert form.is_valid()
    return form


def _rows(n):
    data = {"rows-TOTAL_FORMS": str(n), "rows-INITIAL_FORMS": "0"}
    for i in range(n):
        data[f"rows-{i}-title"] = f"t{i}"
    formset = RowFormSet(data, prefix="rows")
    assert formset.is_valid()
    return formset


def test_validation_errors_go_beside_the_field_their_path_starts_with():
    form = _bound()
    status = apply_service_errors(
        form,
        ValidationFailed(
            {"narrative": "Beskriv.", "indicators[0].name": "Namn saknas.", "okänd": "Annat."}
        ),
    )
    assert status == 400
    assert form.errors["narrative"] == ["Beskriv."]
    assert form.errors["indicators"] == ["Namn saknas."]
    assert form.non_field_errors() == ["Annat."]


def test_other_errors_use_their_field_or_go_above_the_form():
    form = _bound()
    assert apply_service_errors(form, ChainViolation("Fel väg.", field="narrative")) == 400
    assert apply_service_errors(form, NotFound("Finns inte.")) == 400
    assert apply_service_errors(form, TillitError("Allmänt.", field="__all__")) == 400
    assert form.errors["narrative"] == ["Fel väg."]
    assert form.non_field_errors() == ["Finns inte.", "Allmänt."]


def test_a_conflict_is_409_and_the_form_takes_the_current_version():
    form = _bound()
    exc = Conflict("Ändrat.", code="stale_version", extra={"current_version": 7})
    assert apply_service_errors(form, exc) == 409
    assert form.non_field_errors() == ["Ändrat."]
    assert form["version"].value() == "7"
    assert form["narrative"].value() == "x"  # the user's input is kept


def test_a_conflict_without_a_version_leaves_the_data_alone():
    form = _bound()
    assert apply_service_errors(form, Conflict("Upptaget.", field="narrative")) == 409
    assert form["version"].value() == "3"
    assert form.errors["narrative"] == ["Upptaget."]


def test_row_errors_go_to_the_formset_row():
    form, formset = _bound(), _rows(3)
    errors = {
        "rows[0].recipients": "Fel mottagare.",
        "rows[2].nope": "Raden är fel.",
        "rows[9].title": "Ingen sådan rad.",
        "rows[1].recipients[0]": "Inte en radnyckel.",
    }
    assert apply_service_errors(form, ValidationFailed(errors), formset) == 400
    assert formset.forms[0].errors["recipients"] == ["Fel mottagare."]
    assert formset.forms[2].non_field_errors() == ["Raden är fel."]
    assert form.non_field_errors() == ["Ingen sådan rad.", "Inte en radnyckel."]


def test_rows_map_the_services_items_to_the_formset_rows_that_were_sent():
    form, formset = _bound(), _rows(3)
    exc = ChainViolation("Fel väg.", field="rows[1].recipients")
    assert apply_service_errors(form, exc, formset, rows=[0, 2]) == 400
    assert formset.forms[2].errors["recipients"] == ["Fel väg."]
    assert not form.errors and not formset.forms[1].errors
    apply_service_errors(form, ChainViolation("Utanför.", field="rows[2].title"), formset, rows=[0])
    assert form.non_field_errors() == ["Utanför."]


def test_nothing_to_show_is_not_an_error_page():
    form = _bound()
    assert apply_service_errors(form, ValidationFailed({})) == 200
