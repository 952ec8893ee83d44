"""Chart axes must be readable: gridlines on round steps from the 1-2-5 series (whole numbers
for counts), the unit on the axis, and quarters named in Swedish with none left out."""

import re
from datetime import date

from tillit.barometer.charts import bar_chart, nice_step, quarter_keys, quarter_label


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#3d4a57">([^<]*)</text>', svg)


def _unit(svg: str) -> str:
    return re.findall(r'class="tl-chart__unit">([^<]*)</text>', svg)[0]


def test_small_counts_get_whole_number_ticks():
    svg = bar_chart(title="t", description="d", labels=["A", "B"], series=[("n", [1, 3])])
    assert _tick_labels(svg) == ["0", "1", "2", "3"]
    assert _unit(svg) == "antal"


def test_large_counts_round_up_to_a_round_step():
    svg = bar_chart(title="t", description="d", labels=["A"], series=[("n", [37])])
    assert _tick_labels(svg) == ["0", "10", "20", "30", "40"]


def test_per_year_counts_never_get_odd_ticks():
    # 3,0 per 12 months used to give 0 / 0,8 / 1,5 / 2,3 / 3,0.
    svg = bar_chart(title="t", description="d", labels=["A", "B"], series=[("n", [2.1, 3.0])])
    assert _tick_labels(svg) == ["0", "1", "2", "3"]


def test_amounts_are_in_millions_on_round_steps():
    svg = bar_chart(
        title="t", description="d", labels=["A"], series=[("n", [7_300_000.0])], kind="sek"
    )
    assert _tick_labels(svg) == ["0", "2", "4", "6", "8"]
    assert _unit(svg) == "mnkr"


def test_shares_are_in_per_cent():
    svg = bar_chart(title="t", description="d", labels=["A"], series=[("n", [0.4])], kind="share")
    assert _tick_labels(svg) == ["0", "50", "100"]
    assert _unit(svg) == "%"


def test_steps_follow_the_one_two_five_series():
    for top, step in [(0.3, 0.1), (3.0, 1), (9.0, 5), (11.0, 5), (37.0, 10), (160.0, 50)]:
        assert nice_step(top) == step, top
    assert nice_step(0.3, integer=True) == 1


def test_every_quarter_of_the_period_in_swedish():
    keys = quarter_keys(date(2023, 2, 1), date(2024, 4, 30))
    assert keys == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]
    assert quarter_label("2023-Q1") == "kv 1 2023"


def test_crowded_quarter_labels_give_way_to_years_and_never_overlap():
    import re

    keys = quarter_keys(date(2022, 10, 1), date(2026, 12, 31))
    labels = [quarter_label(k) for k in keys]
    years = [k[:4] if k.endswith("Q1") else "" for k in keys]
    svg = bar_chart(
        title="t",
        description="d",
        labels=labels,
        series=[("n", [1.0] * len(labels))],
        short_labels=years,
    )
    drawn = re.findall(r'<text x="([\d.]+)" y="\d+" text-anchor="middle"[^>]*>([^<]+)</text>', svg)
    texts = [t for _x, t in drawn]
    assert texts == ["2023", "2024", "2025", "2026"], texts
    xs = [float(x) for x, _t in drawn]
    assert all(b - a >= 4 * 7 + 8 for a, b in zip(xs, xs[1:], strict=False)), xs  # room for "2023"
    # Few quarters: the full labels fit and are kept.
    few = bar_chart(
        title="t",
        description="d",
        labels=labels[:4],
        series=[("n", [1.0] * 4)],
        short_labels=years[:4],
    )
    assert "kv 4 2022" in few and "kv 3 2023" in few


def test_tick_labels_thin_out_what_still_collides():
    from tillit.barometer.charts import tick_labels

    shown = tick_labels([f"Organ nummer {i}" for i in range(12)], group_w=30)
    assert shown[0] and sum(1 for t in shown if t) < 12
    gaps = [i for i, t in enumerate(shown) if t]
    assert min(b - a for a, b in zip(gaps, gaps[1:], strict=False)) * 30 >= len(shown[0]) * 7
