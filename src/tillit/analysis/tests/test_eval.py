"""Evaluation on the hand-labelled set in data/eval.jsonl (see docs/analysis-guidelines.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tillit.analysis import analyse

DATA = Path(__file__).resolve().parent.parent / "data"
EVAL = DATA / "eval.jsonl"
DEV_BLIND2 = DATA / "dev_blind2.jsonl"


def load() -> list[dict]:
    with EVAL.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_dev_blind2() -> list[dict]:
    """dev_blind2.jsonl: 240 texts written by a blind session (fields text, label, area, note)."""
    with DEV_BLIND2.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def accuracy(rows: list[dict]) -> tuple[float, float]:
    correct = sum(analyse(r["text"]).level == r["label"] for r in rows)
    how = [r for r in rows if r["label"] == "how"]
    how_found = sum(analyse(r["text"]).level == "how" for r in how)
    return correct / len(rows), how_found / len(how)


AREAS = {
    "skola",
    "förskola",
    "äldreomsorg",
    "socialtjänst",
    "samhällsbyggnad",
    "kultur och fritid",
    "it",
    "ekonomi",
    "personal",
}


def test_eval_set_shape() -> None:
    rows = load()
    assert len(rows) >= 300
    assert {r["area"] for r in rows} >= AREAS
    assert {r["split"] for r in rows} == {"dev", "test", "holdout", "fresh"}
    labels = [r["label"] for r in rows]
    assert set(labels) == {"what", "how"}
    assert abs(labels.count("what") - labels.count("how")) <= len(rows) * 0.1
    assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("split", [None, "dev", "test", "holdout"])
def test_eval_accuracy(split: str | None) -> None:
    rows = [r for r in load() if split is None or r["split"] == split]
    acc, how_recall = accuracy(rows)
    print(f"split={split or 'all'} n={len(rows)} accuracy={acc:.3f} how_recall={how_recall:.3f}")
    assert acc >= 0.9
    assert how_recall >= 0.9


def test_eval_fresh_split() -> None:
    """`fresh` was written with the new dev texts and never tuned on (docs/analysis-guidelines.md).
    Its floor is what it measured, so a regression shows; it is not a target met by tuning."""
    rows = [r for r in load() if r["split"] == "fresh"]
    acc, how_recall = accuracy(rows)
    print(f"split=fresh n={len(rows)} accuracy={acc:.3f} how_recall={how_recall:.3f}")
    assert acc >= 0.9
    assert how_recall >= 0.85


def test_offsets_on_eval_set() -> None:
    for r in load():
        for f in analyse(r["text"]).findings:
            assert r["text"][f.start : f.end] == f.phrase


def test_dev_blind2_shape() -> None:
    rows = load_dev_blind2()
    assert len(rows) == 240
    assert all({"text", "label", "area"} <= r.keys() for r in rows)
    labels = [r["label"] for r in rows]
    assert labels.count("what") == labels.count("how") == 120


def test_dev_blind2_accuracy() -> None:
    """dev_blind2 was written blind and then tuned on (version 3, docs/analysis-guidelines.md):
    its floor sits a little under what it measured after tuning, so a regression shows."""
    rows = load_dev_blind2()
    acc, how_recall = accuracy(rows)
    print(f"dev_blind2 n={len(rows)} accuracy={acc:.3f} how_recall={how_recall:.3f}")
    assert acc >= 0.97
    assert how_recall >= 0.97


def test_offsets_on_dev_blind2() -> None:
    for r in load_dev_blind2():
        for f in analyse(r["text"]).findings:
            assert r["text"][f.start : f.end] == f.phrase
