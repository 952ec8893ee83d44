"""Train the what/how model: ``python -m tillit.analysis.train [--check]``.

Reads the development corpora in ``data/`` (never the ``holdout_*`` files, which are for
reporting only), computes the features with the rules' verdict, and writes ``data/model.json``.
Deterministic: the same data and code give the same file, byte for byte; ``--check`` exits 1 when
the committed file differs from a fresh training.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .analyser import HOW_THRESHOLD, analyse
from .model import MODEL_PATH, features, train

DATA = Path(__file__).resolve().parent / "data"
TRAINING_FILES = ("eval.jsonl", "dev_blind2.jsonl", "dev_blind3.jsonl", "dev_short.jsonl")


def training_rows(files=TRAINING_FILES) -> list[tuple[str, str]]:
    rows = []
    for name in files:
        assert not name.startswith("holdout"), "held-out sets are never trained on"
        with open(DATA / name, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    rows.append((row["text"], row["label"]))
    return rows


def example(text: str) -> dict[str, float]:
    rules = analyse(text, use_model=False)
    return features(text, rules.score, rules.score >= HOW_THRESHOLD)


def build(files=TRAINING_FILES) -> str:
    rows = training_rows(files)
    weights = train([(example(text), 1 if label == "how" else 0) for text, label in rows])
    model = {
        "kind": "logistic regression (tillit.analysis.model)",
        "trained_on": {name: len(training_rows((name,))) for name in files},
        "weights": weights,
    }
    return json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed model")
    args = ap.parse_args(argv)
    text = build()
    if args.check:
        same = MODEL_PATH.exists() and MODEL_PATH.read_text(encoding="utf-8") == text
        print("model.json is up to date" if same else "model.json differs from a fresh training")
        return 0 if same else 1
    MODEL_PATH.write_text(text, encoding="utf-8")
    weights = json.loads(text)["weights"]
    print(f"wrote {MODEL_PATH} ({len(weights)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
