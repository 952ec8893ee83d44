"""Score the minutes reader against the blind annotations (``python -m tillit.minutes.evaluate``).

For each part of the fixed split (dev, held-out) and each origin (real = stored copies of
published protocols, written = protocols written to imitate them) it prints:

- paragraph-number accuracy: annotated paragraphs the reader found with the same number
  (plus the number of paragraphs the reader found that the annotator did not list);
- assignment detection per paragraph: precision, recall, F1 of ``has_assignment`` (paragraphs
  the reader invented count as false positives when they carry an assignment);
- recipient text: annotated assignments whose ``recipient_text`` the reader gave for the same
  paragraph (case and surrounding whitespace and punctuation ignored).

Targets on the held-out part (issue 15): paragraphs ≥ 0.97, assignment F1 ≥ 0.9, recipient
text ≥ 0.85. ``--json`` prints the numbers as one object; ``--docs`` adds per-document lines.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tillit.minutes.reader import MinutesUnreadable, parse_minutes

EVAL = Path(__file__).with_name("eval")
CORPUS = EVAL / "corpus"
ANNOTATIONS = EVAL / "annotations"
TARGETS = {"paragraph_accuracy": 0.97, "assignment_f1": 0.9, "recipient_accuracy": 0.85}


@dataclass
class Score:
    documents: int = 0
    gold_paragraphs: int = 0
    found_paragraphs: int = 0
    extra_paragraphs: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    gold_assignments: int = 0
    recipients_right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "documents",
            "gold_paragraphs",
            "found_paragraphs",
            "extra_paragraphs",
            "tp",
            "fp",
            "fn",
            "gold_assignments",
            "recipients_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    @property
    def paragraph_accuracy(self) -> float | None:
        return _ratio(self.found_paragraphs, self.gold_paragraphs)

    @property
    def assignment_precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def assignment_recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def assignment_f1(self) -> float | None:
        if not self.tp + self.fp + self.fn:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    @property
    def recipient_accuracy(self) -> float | None:
        return _ratio(self.recipients_right, self.gold_assignments)

    def summary(self) -> dict:
        data = {k: v for k, v in asdict(self).items() if k != "errors"}
        for name in (
            "paragraph_accuracy",
            "assignment_precision",
            "assignment_recall",
            "assignment_f1",
            "recipient_accuracy",
        ):
            value = getattr(self, name)
            data[name] = round(value, 4) if value is not None else None
        data["errors"] = self.errors
        return data


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def norm_recipient(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip(" \t.,;:").casefold()


def load_split() -> dict[str, list[str]]:
    """dev, heldout and later held-out batches (heldout2 …), each fixed before annotation."""
    data = json.loads((EVAL / "split.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def load_gold(document: str) -> dict | None:
    path = ANNOTATIONS / f"{document}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def predict(document: str) -> dict:
    try:
        return parse_minutes(CORPUS / f"{document}.txt").to_dict()
    except MinutesUnreadable:
        return {"paragraphs": []}


def score_document(gold: dict, predicted: dict, document: str = "") -> Score:
    s = Score(documents=1)
    pred_by_number: dict[int, dict] = {}
    for p in predicted.get("paragraphs", []):
        pred_by_number.setdefault(int(p["number"]), p)
    gold_numbers = set()
    for g in gold.get("paragraphs", []):
        number = int(g["number"])
        if number in gold_numbers:
            continue
        gold_numbers.add(number)
        s.gold_paragraphs += 1
        p = pred_by_number.get(number)
        if p is not None:
            s.found_paragraphs += 1
        else:
            s.errors.append(f"{document} § {number}: not found")
        g_has = bool(g.get("has_assignment")) or bool(g.get("assignments"))
        p_has = bool(p and p.get("has_assignment"))
        if g_has and p_has:
            s.tp += 1
        elif p_has:
            s.fp += 1
            s.errors.append(f"{document} § {number}: assignment found, none annotated")
        elif g_has:
            s.fn += 1
            s.errors.append(f"{document} § {number}: assignment missed")
        given = Counter(
            norm_recipient(a["recipient_text"]) for a in (p or {}).get("assignments", [])
        )
        for a in g.get("assignments", []) if g_has else []:
            s.gold_assignments += 1
            key = norm_recipient(a.get("recipient_text", ""))
            if given[key] > 0:
                given[key] -= 1
                s.recipients_right += 1
            else:
                s.errors.append(
                    f"{document} § {number}: recipient {a.get('recipient_text')!r} not given "
                    f"(reader: {sorted(given.elements())})"
                )
    for number, p in pred_by_number.items():
        if number not in gold_numbers:
            s.extra_paragraphs += 1
            s.errors.append(f"{document} § {number}: found, not annotated")
            if p.get("has_assignment"):
                s.fp += 1
    return s


def evaluate() -> dict:
    """{part: {origin: Score}} with origin "real", "written" and "all"; missing = unannotated.

    Besides the parts of the split, "heldout+" adds every held-out batch together."""
    result: dict[str, dict] = {}
    split = load_split()
    batches = [k for k in split if k.startswith("heldout")]
    if len(batches) > 1:
        split["heldout+"] = [d for k in batches for d in split[k]]
    for part, documents in split.items():
        groups = {"real": Score(), "written": Score(), "all": Score()}
        missing = []
        for document in documents:
            gold = load_gold(document)
            if gold is None:
                missing.append(document)
                continue
            s = score_document(gold, predict(document), document)
            origin = "real" if document.startswith("real-") else "written"
            groups[origin].add(s)
            groups["all"].add(s)
        result[part] = {"groups": groups, "missing": missing}
    return result


def _fmt(value: float | None) -> str:
    return "  –  " if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", action="store_true", help="list every miss (dev only)")
    args = parser.parse_args(argv)
    result = evaluate()
    if args.json:
        out = {
            part: {
                "missing_annotations": r["missing"],
                **{k: s.summary() for k, s in r["groups"].items()},
            }
            for part, r in result.items()
        }
        for part in out.values():
            for k in ("real", "written", "all"):
                part[k].pop("errors")
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{'part':9} {'origin':8} {'docs':>4} {'§ gold':>6} {'§ acc':>6} {'§ extra':>7} "
        f"{'asg P':>6} {'asg R':>6} {'asg F1':>6} {'recip':>6} {'(n)':>5}"
    )
    for part, r in result.items():
        for origin, s in r["groups"].items():
            print(
                f"{part:9} {origin:8} {s.documents:4d} {s.gold_paragraphs:6d} "
                f"{_fmt(s.paragraph_accuracy):>6} {s.extra_paragraphs:7d} "
                f"{_fmt(s.assignment_precision):>6} {_fmt(s.assignment_recall):>6} "
                f"{_fmt(s.assignment_f1):>6} {_fmt(s.recipient_accuracy):>6} "
                f"{s.gold_assignments:5d}"
            )
        if r["missing"]:
            print(f"  {part}: not annotated yet: {', '.join(r['missing'])}")
    for part in [p for p in result if p.startswith("heldout")]:
        held = result[part]["groups"]["all"]
        print(f"\ntargets on {part}:")
        for name, target in TARGETS.items():
            value = getattr(held, name)
            verdict = "met" if value is not None and value >= target else "NOT met"
            if value is None:
                verdict = "not measurable (nothing annotated)"
            print(f"  {name:20} {_fmt(value)}  (target ≥ {target})  {verdict}")
    if args.errors:
        print("\ndev misses:")
        for line in result["dev"]["groups"]["all"].errors:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
