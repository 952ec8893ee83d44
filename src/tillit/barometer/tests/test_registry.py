"""The metric registry: every registered metric has every part (a value, a fraction where it
is a share, a drill-down that agrees with it, a row in docs/barometer.md), a metric missing a
part is refused when it is declared, and one new entry is all a new metric needs."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Q

from tillit.barometer import metrics as mx
from tillit.barometer.metrics import (
    ASSIGNMENTS,
    COUNT,
    DAYS,
    ISSUED,
    METRIC_NAMES,
    METRICS,
    QUESTIONS,
    SEK,
    SHARE,
    Acc,
    Metric,
    Tally,
    assignment_items,
)
from tillit.barometer.selectors import Item, metric_items

# The scenario of test_metrics: every metric has something to count in 2023.
from tillit.barometer.tests.test_metrics import END, START, TODAY, compute, scenario  # noqa: F401

DOC = Path(__file__).resolve().parents[4] / "docs" / "barometer.md"


def test_every_metric_declares_its_parts():
    for m in METRICS:
        assert m.label.strip() and m.why.strip(), m.name
        assert m.kind in mx.KINDS, m.name
        assert m.higher_is_better in (True, False, None), m.name
        assert isinstance(m.numerator, Tally), m.name
        assert isinstance(m.denominator, Tally) == (m.kind == SHARE), m.name
        assert callable(m.drill_down), m.name
        assert m.numerator.name in mx.TALLIES and m.numerator.source in mx.SOURCES, m.name


def test_every_metric_yields_a_value_and_a_fraction_with_nothing_to_count():
    empty = Acc()
    values = empty.values()
    assert tuple(values) == METRIC_NAMES  # the JSON's keys, in the registry's order
    for m in METRICS:
        if m.kind in (COUNT, SEK):
            assert values[m.name] == 0 and empty.fraction(m.name) is None, m.name
        elif m.kind == SHARE:
            assert values[m.name] is None, m.name  # nothing to divide: null, never 0
            assert empty.fraction(m.name) == (0, 0), m.name
        else:
            assert values[m.name] is None and empty.fraction(m.name) == (0, None), m.name
    assert empty.fraction("no_such_metric") is None


def test_every_metric_is_documented():
    section = DOC.read_text(encoding="utf-8").split("\n## Metrics\n")[1].split("\n#")[0]
    names = re.findall(r"^\| `([a-z_]+)` \|", section, re.M)
    assert names == list(METRIC_NAMES), "docs/barometer.md's metric table is out of date"


def _agrees(m: Metric, value, fraction, items: list[Item]) -> None:
    """The drill-down lists what the value counts."""
    assert all(isinstance(i, Item) for i in items), m.name
    counted = [i for i in items if i.counted]
    considered = [i for i in items if i.counted is not None]
    if m.kind == COUNT:  # listed items count unless marked "nej"
        assert len([i for i in items if i.counted is not False]) == value, m.name
    elif m.kind == DAYS:
        assert len(counted) == fraction[0], m.name
    elif m.kind == SEK:  # the counted items' amounts add up to the value
        assert sum(abs(i.obj.amount) for i in counted) == value, m.name
    elif isinstance(fraction[1], Decimal):  # a share of amounts: the items carry the amounts
        assert bool(items) == bool(fraction[1]), m.name
    else:
        assert (len(counted), len(considered)) == fraction, m.name


@pytest.mark.parametrize("name", METRIC_NAMES)
def test_every_metric_has_a_value_a_fraction_and_a_drill_down(scenario, name):  # noqa: F811
    m = mx.METRICS_BY_NAME[name]
    result = compute(scenario)
    value = result.totals()[name]
    fraction = result.total.fraction(name)
    assert value not in (None, 0), f"the scenario should give {name} something to count"
    if m.kind == SHARE:
        assert isinstance(fraction, tuple) and fraction[1], name  # the "3 av 4" text
        assert value == mx.share(*fraction)
    items = metric_items(
        municipality=scenario.municipality, metric=name, start=START, end=END, today=TODAY
    )
    assert items, name
    _agrees(m, value, fraction, items)
    for body in result.bodies:
        acc = result.by_body[body.pk]
        items = metric_items(
            municipality=scenario.municipality,
            metric=name,
            start=START,
            end=END,
            body=body,
            today=TODAY,
        )
        assert all(i.body_id == body.pk for i in items), (name, body.slug)
        _agrees(m, acc.values()[name], acc.fraction(name), items)


def _metric(**changes):
    parts = {
        "name": "example_share",
        "label": "Exempel",
        "why": "Varför.",
        "kind": SHARE,
        "higher_is_better": True,
        "numerator": Tally("example", ASSIGNMENTS, Q(deadline__isnull=False)),
        "denominator": ISSUED,
        "drill_down": assignment_items(),
    }
    return Metric(**{**parts, **changes})


def test_a_metric_missing_a_part_is_refused():
    _metric()  # complete
    with pytest.raises(TypeError):  # no drill-down
        Metric(**{k: v for k, v in vars(_metric()).items() if k != "drill_down"})
    for changes, message in (
        ({"denominator": None}, "a share needs a denominator"),
        ({"kind": COUNT}, "other kinds have none"),
        ({"kind": "percent"}, "kind must be one of"),
        ({"kind": DAYS, "denominator": None}, "median of a list tally"),
        ({"drill_down": None}, "a drill-down is required"),
        ({"why": " "}, "explanation"),
        ({"name": "Example share"}, "lower-case identifier"),
    ):
        with pytest.raises(ValueError, match=message):
            _metric(**changes)


def test_an_ambiguous_registry_is_refused():
    twin = Tally("issued", ASSIGNMENTS, Q(deadline__isnull=False))
    with pytest.raises(ValueError, match="Two different tallies"):
        mx._tallies((*METRICS, _metric(denominator=twin)))
    with pytest.raises(ValueError, match="share a name"):
        mx._tallies((*METRICS, _metric(name="assignments_issued")))
    unknown = Tally("questions_asked", QUESTIONS)  # the questions' fill doesn't compute it
    with pytest.raises(ValueError, match="fills only"):
        mx._tallies((*METRICS, _metric(kind=COUNT, numerator=unknown, denominator=None)))


def test_one_entry_is_all_a_new_metric_needs(scenario, monkeypatch):  # noqa: F811
    """A share over an existing source: the computation, the values, the "3 av 4" and the
    drill-down all follow from the entry."""
    new = _metric(
        name="with_fte_share",
        numerator=Tally("with_fte", ASSIGNMENTS, Q(resources_fte__gt=0)),
        denominator=ISSUED,
    )
    registry = (*METRICS, new)
    monkeypatch.setattr(mx, "METRICS", registry)
    monkeypatch.setattr(mx, "METRICS_BY_NAME", {m.name: m for m in registry})
    monkeypatch.setattr(mx, "TALLIES", mx._tallies(registry))
    result = compute(scenario)
    assert result.totals()["with_fte_share"] == 0.0  # 4 issued, none with FTE
    assert result.total.fraction("with_fte_share") == (0, 4)
    items = metric_items(
        municipality=scenario.municipality,
        metric="with_fte_share",
        start=START,
        end=END,
        today=TODAY,
    )
    _agrees(new, 0.0, (0, 4), items)
