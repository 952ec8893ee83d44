"""amount_parse: the one number parser, with the one limit (MAX_AMOUNT)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tillit.core.amounts import MAX_AMOUNT, AmountError, amount_parse


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1 234 567,50", Decimal("1234567.50")),
        ("1\u00a0234\u00a0567,5", Decimal("1234567.50")),
        ("1234567.5", Decimal("1234567.50")),
        ("\u22121 500", Decimal("-1500.00")),
        (" 12 ", Decimal("12.00")),
        (1200, Decimal("1200.00")),
        (Decimal("0.5"), Decimal("0.50")),
        (0.1, Decimal("0.10")),
    ],
)
def test_swedish_spellings(value, expected):
    assert amount_parse(value) == expected
    assert str(amount_parse(value)) == str(expected)


def test_places_round_half_to_even_unless_strict():
    assert amount_parse("2,5", places=0) == 2
    assert amount_parse("3,5", places=0) == 4
    assert str(amount_parse("0,125")) == "0.12"
    with pytest.raises(AmountError) as excinfo:
        amount_parse("0,125", strict=True)
    assert excinfo.value.reason == AmountError.DECIMALS
    assert str(excinfo.value) == "”0,125” är inget belopp med högst två decimaler"
    assert amount_parse("1,230", strict=True) == Decimal("1.23")  # a trailing zero is no decimal
    with pytest.raises(AmountError) as excinfo:
        amount_parse(0.5, strict=True)  # a ledger amount is never a float
    assert excinfo.value.reason == AmountError.INVALID


@pytest.mark.parametrize(
    "value", ["mycket", "", "1,234.5", "1.000,50", "1,2,3", "NaN", "Infinity", True, None]
)
def test_not_numbers(value):
    with pytest.raises(AmountError) as excinfo:
        amount_parse(value)
    assert excinfo.value.reason == AmountError.INVALID
    assert str(excinfo.value) == f"”{value}” är inget belopp"


def test_the_limit_is_one_for_all_and_excludes_itself():
    below = MAX_AMOUNT - Decimal("0.01")
    assert amount_parse(str(below)) == below
    assert amount_parse(-below) == -below
    for value in (MAX_AMOUNT, -MAX_AMOUNT, "1e30", "12345678901234,567"):
        with pytest.raises(AmountError) as excinfo:
            amount_parse(value, strict=True)
        assert excinfo.value.reason == AmountError.TOO_LARGE
    assert str(excinfo.value) == "”12345678901234,567” är orimligt stort"


def test_negative_numbers_can_be_refused():
    assert amount_parse("-5") == Decimal("-5.00")
    with pytest.raises(AmountError) as excinfo:
        amount_parse("-5", negative=False)
    assert excinfo.value.reason == AmountError.NEGATIVE
    with pytest.raises(AmountError) as excinfo:
        amount_parse("-1e30", negative=False)
    assert excinfo.value.reason == AmountError.NEGATIVE  # the sign is named before the size


def test_amount_error_is_a_value_error():
    # Importers collect row errors by catching ValueError.
    assert issubclass(AmountError, ValueError)
