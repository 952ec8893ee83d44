"""The one date widget (review P1-6): every forms.DateField is a text field showing ÅÅÅÅ-MM-DD,
reads ISO dates only (never the US 12/03/2026, which Django's Swedish input formats accept),
takes eight digits from a phone's number pad, and says in Swedish how to write the date."""

from datetime import date

from django import forms
from django.utils import translation

from tillit.core.widgets import SwedishDateInput


class _Form(forms.Form):
    day = forms.DateField()


def test_a_plain_date_field_renders_as_an_iso_text_field():
    with translation.override("sv"):
        html = str(_Form()["day"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'placeholder="ÅÅÅÅ-MM-DD"' in html
    assert 'inputmode="numeric"' in html
    assert "pattern=" in html
    assert isinstance(_Form().fields["day"].widget, SwedishDateInput)


def test_iso_and_eight_digits_are_read_the_us_form_is_refused_in_swedish():
    with translation.override("sv"):
        assert _Form({"day": "2026-12-03"}).is_valid()
        eight = _Form({"day": " 20261203 "})
        assert eight.is_valid() and eight.cleaned_data["day"] == date(2026, 12, 3)
        us = _Form({"day": "12/03/2026"})
        assert not us.is_valid()
        assert us.errors["day"] == ["Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-10."]


def test_an_initial_date_is_shown_as_iso():
    html = str(_Form(initial={"day": date(2026, 3, 10)})["day"])
    assert 'value="2026-03-10"' in html
