"""core.validation: the shared input rules (issue 19, items 6, 7 and 10) and the ways in that
post without a Django form or the API (imports, the deviation and mapping services)."""

from __future__ import annotations

from datetime import date

import pytest

from tillit.core.errors import ValidationFailed
from tillit.core.validation import (
    check_dates,
    check_texts,
    date_problem,
    formula_like,
    spreadsheet_text,
    text_problem,
    xml_safe,
)


@pytest.mark.parametrize("char", [chr(c) for c in range(1, 32) if c not in (9, 10, 13)])
def test_every_forbidden_control_character_is_refused(char):
    assert text_problem(f"a{char}b")
    assert xml_safe(f"a{char}b") == "ab"


@pytest.mark.parametrize("text", ["vanlig text", "tab\there", "rad\nbrytning\r\n", "åäö – €"])
def test_ordinary_text_passes(text):
    assert text_problem(text) is None and xml_safe(text) == text


def test_check_texts_names_the_fields():
    with pytest.raises(ValidationFailed) as caught:
        check_texts(title="ok", what="nej\x07")
    assert list(caught.value.errors) == ["what"]


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (date(1900, 1, 1), True),
        (date(2100, 12, 31), True),
        (date(1899, 12, 31), False),
        (date(2101, 1, 1), False),
        (date(1, 1, 1), False),
        (date(9999, 12, 31), False),
    ],
)
def test_date_range(day, ok):
    assert (date_problem(day) is None) is ok
    if not ok:
        with pytest.raises(ValidationFailed):
            check_dates(day=day)


@pytest.mark.parametrize(
    ("value", "out"),
    [
        ("=1+1", "'=1+1"),
        ("+46 70", "'+46 70"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("Budget = 5", "Budget = 5"),
        (5, 5),
    ],
)
def test_spreadsheet_text(value, out):
    assert spreadsheet_text(value) == out
    assert formula_like(value) is (out != value) if isinstance(value, str) else True


@pytest.mark.django_db
def test_csv_imports_refuse_control_characters(testkommun):
    from tillit.economy.imports import mappings_csv_import
    from tillit.economy.models import ObjectMapping

    source = b"dimension;object;body;name\n1;100;ks;Stab\x08\n"
    with pytest.raises(ValidationFailed) as caught:
        mappings_csv_import(
            actor=testkommun.users["admin"], municipality=testkommun.municipality, source=source
        )
    assert "Rad 2" in caught.value.message and "styrtecken" in caught.value.message
    assert not ObjectMapping.objects.exists()


@pytest.mark.django_db
def test_services_without_a_form_refuse_control_characters(testkommun):
    from tillit.barometer.services import deviation_report
    from tillit.economy.services import mapping_set

    with pytest.raises(ValidationFailed) as caught:
        deviation_report(
            actor=testkommun.users["kommundirektor"],
            municipality=testkommun.municipality,
            occurred_on=date(2023, 5, 2),
            from_role="Ordförande\x1b[31m",
            content="Text",
            to_role="Rektor",
        )
    assert "from_role" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        mapping_set(
            actor=testkommun.users["admin"],
            municipality=testkommun.municipality,
            object_id="100",
            body=testkommun.ks,
            name="Stab\x0c",
        )
    assert "name" in caught.value.errors
