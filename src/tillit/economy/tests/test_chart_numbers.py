"""The economy chart's labels use the shared number formatting: digit groups with a no-break
space and a real minus sign (U+2212), rounded half up — as the tables beside it."""

from decimal import Decimal

from django.utils import translation

from tillit.economy.charts import _mnkr, cumulative_chart


def test_chart_amounts_are_grouped_with_a_minus_sign():
    with translation.override("sv"):
        assert _mnkr(1_377_949_999.0) == "1\u00a0377,9"
        assert _mnkr(-6_850_000.0) == "\u22126,9"  # half up, not cut to −6,8
        assert _mnkr(-20_000.0) == "0,0"  # no "−0,0"
        svg = cumulative_chart(
            title="Socialnämnden",
            description="Budget och utfall",
            budget=[Decimal("1200000000")] * 12,
            actual=[Decimal("1250000000")] * 3 + [None] * 9,
            forecast=[None] * 12,
            frame=Decimal("1377900000"),
        )
    assert "1\u00a0377,9" in svg and "1 377,9" not in svg
