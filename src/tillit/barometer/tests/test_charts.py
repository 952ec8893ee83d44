"""Chart axes must be readable: count charts get distinct whole-number gridline labels."""

import re

from tillit.barometer.charts import bar_chart


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#3d4a57">([^<]*)</text>', svg)


def test_small_counts_get_distinct_integer_ticks():
    svg = bar_chart(title="t", description="d", labels=["A", "B"], series=[("n", [1, 1])])
    assert _tick_labels(svg) == ["0", "1", "2", "3", "4"]


def test_large_counts_round_up_to_a_multiple_of_four():
    svg = bar_chart(title="t", description="d", labels=["A"], series=[("n", [37])])
    assert _tick_labels(svg) == ["0", "10", "20", "30", "40"]
