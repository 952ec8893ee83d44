"""Measure the strategic-level rule on the labelled corpus of delegation decisions.

    python -m tillit.barometer.strategic_evaluate

prints the corpora (real and written, sizes, labels), the agreement of the two blind labellers
(Cohen's kappa) and the accuracy of the first rule set (``strategic_v1``) and the current one
(``strategic``) on the development and the held-out part. The held-out part was drawn before any
label existed (``data/strategic_corpus.jsonl``, field ``split``) and is never used for tuning.
Pure Python, no database. See docs/strategic-guidelines.md.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "strategic_corpus.jsonl"
LABELS = DATA / "strategic_labels.jsonl"
STRATEGIC = "strategic"


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    corpus: str  # "real" | "written"
    kind: str  # "decision" | "delegationsordning" | "written"
    split: str  # "dev" | "holdout"
    gold: str | None  # None: the labellers disagreed and the item is dropped
    a: str
    b: str
    source: str | None = None


def load(corpus: Path = CORPUS, labels: Path = LABELS) -> list[Item]:
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    marks = {
        r["id"]: r
        for r in (json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines())
    }
    return [
        Item(
            id=r["id"],
            text=r["text"],
            corpus=r["corpus"],
            kind=r["kind"],
            split=r["split"],
            gold=marks[r["id"]]["gold"],
            a=marks[r["id"]]["a"],
            b=marks[r["id"]]["b"],
            source=r.get("source"),
        )
        for r in rows
    ]


def cohen_kappa(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters over (label_a, label_b) pairs; None when undefined."""
    pairs = list(pairs)
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    categories = {a for a, _ in pairs} | {b for _, b in pairs}
    expected = sum(
        (sum(a == c for a, _ in pairs) / n) * (sum(b == c for _, b in pairs) / n)
        for c in categories
    )
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class Score:
    n: int
    correct: int
    tp: int
    fp: int
    fn: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    @property
    def strategic_recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def strategic_precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None


def score(items: Iterable[Item], is_strategic: Callable[[str], bool]) -> Score:
    n = correct = tp = fp = fn = 0
    for item in items:
        if item.gold is None:
            continue
        predicted = is_strategic(item.text)
        actual = item.gold == STRATEGIC
        n += 1
        correct += predicted == actual
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    return Score(n, correct, tp, fp, fn)


def rule_sets() -> dict[str, Callable[[str], bool]]:
    from . import strategic, strategic_v1

    return {
        "v1 (before issue 17)": lambda t: strategic_v1.strategic_check(t).is_strategic,
        f"current ({strategic.RULES_VERSION})": lambda t: strategic.strategic_check(t).is_strategic,
    }


def errors(items: Iterable[Item], is_strategic: Callable[[str], bool]) -> list[Item]:
    return [
        i for i in items if i.gold is not None and is_strategic(i.text) != (i.gold == STRATEGIC)
    ]


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def report(items: list[Item], out=None) -> dict:
    """Print the tables; return the numbers (for tests)."""
    w = (out or sys.stdout).write
    w("Corpora (one decision per row; real rows carry their source URL)\n")
    w(f"{'corpus':<10}{'rows':>6}{'dev':>6}{'held-out':>10}{'strategic':>11}{'dropped':>9}\n")
    for name in ("real", "written", "all"):
        part = [i for i in items if name in ("all", i.corpus)]
        w(
            f"{name:<10}{len(part):>6}{sum(i.split == 'dev' for i in part):>6}"
            f"{sum(i.split == 'holdout' for i in part):>10}"
            f"{sum(i.gold == STRATEGIC for i in part):>11}{sum(i.gold is None for i in part):>9}\n"
        )
    kappas = {}
    w("\nBlind labellers A and B\n")
    for name in ("real", "written", "all"):
        part = [i for i in items if name in ("all", i.corpus)]
        agree = sum(i.a == i.b for i in part) / len(part)
        kappas[name] = cohen_kappa((i.a, i.b) for i in part)
        w(f"{name:<10} agreement {agree:.3f}  Cohen's kappa {_fmt(kappas[name])}\n")
    results = {}
    w("\nAccuracy (strategic recall / precision) on the labelled items\n")
    w(f"{'rule set':<24}{'part':<18}{'n':>5}{'accuracy':>10}{'recall':>9}{'precision':>11}\n")
    for label, fn in rule_sets().items():
        for split in ("holdout", "dev"):
            for name in ("real", "written", "all"):
                part = [i for i in items if i.split == split and name in ("all", i.corpus)]
                s = score(part, fn)
                results[(label, split, name)] = s
                w(
                    f"{label:<24}{split + ' ' + name:<18}{s.n:>5}{_fmt(s.accuracy):>10}"
                    f"{_fmt(s.strategic_recall):>9}{_fmt(s.strategic_precision):>11}\n"
                )
    return {"kappa": kappas, "results": results}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    items = load()
    report(items)
    if "--errors" in argv:
        from .strategic import strategic_check

        print("\nCurrent rule set: development items it gets wrong")
        for item in errors(
            [i for i in items if i.split == "dev"], lambda t: strategic_check(t).is_strategic
        ):
            print(f"  {item.id} gold={item.gold}: {item.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
