from decimal import Decimal

import pytest

from tillit.core.amounts import amount_input, amount_parse


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (Decimal("21100.00"), "21 100"),
        (Decimal("1234.50"), "1 234,5"),
        (Decimal("-1234567.25"), "-1 234 567,25"),
        (Decimal("0.5"), "0,5"),
        (Decimal("999"), "999"),
        (Decimal("1E+3"), "1 000"),
        (7, "7"),
    ],
)
def test_amount_input_is_swedish_and_reads_back(stored, shown):
    assert amount_input(stored) == shown
    assert amount_parse(shown) == amount_parse(stored)


def test_amount_input_leaves_empty_and_typed_text():
    assert amount_input(None) == "" and amount_input("") == ""
    assert amount_input("12,5 kr") == "12,5 kr"  # what the user typed is shown back as typed
