"""Frame changes are written with a sign and in mnkr (review P3-20)."""

from decimal import Decimal

import pytest

from tillit.budget.templatetags.budget import belopp_change


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("24700000"), "+24,7\u00a0mnkr"),
        (Decimal("-3000000"), "\u22123,0\u00a0mnkr"),
        (Decimal("23000"), "+0,023\u00a0mnkr"),
        (Decimal("-23000"), "\u22120,023\u00a0mnkr"),
        (Decimal("0"), "0,0\u00a0mnkr"),
        (None, "–"),
    ],
)
def test_belopp_change(value, shown):
    assert belopp_change(value) == shown
