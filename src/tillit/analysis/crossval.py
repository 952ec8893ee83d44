"""Cross-validation of the what/how model on real development data: ``python -m
tillit.analysis.crossval [--seeds 17 3 5]``.

How version 7 was chosen (docs/analysis-guidelines.md, "Version 7"), reproducible. The 348
labelled real development sentences (``real.jsonl`` split ``dev`` and ``real_dev2.jsonl``) are
split into five folds **by municipality**: no municipality is on both sides. For each fold the
model is trained as ``train.py`` trains it (the written development sets plus the real sentences
of the other folds, weighted the same way) and the analyser, rules and all, labels the fold.
Every fold seed gives one pooled figure; the printed line is their mean. ``dev_short`` is also
measured with a model trained without it (a proxy for ``holdout_short``).

``--learning-curve`` trains version 8's model on a quarter, a half and all of each fold's
training municipalities and prints how well its probability ranks the held-back folds (AUC, and
how-recall at the threshold that keeps what-recall at 0.90): whether more real sentences of the
same kind would help (docs/analysis-guidelines.md, "Version 8").

``--version8`` reproduces how version 8 was chosen (and then not adopted): the same folds over all
four real development batches (1 442 sentences), the written sets plus ``dev_written4``, and the
eight candidates of docs/analysis-guidelines.md, "Version 8" (about 20 minutes of CPU).

Never reads a held-out set: ``train.training_rows`` refuses ``holdout_*`` files and drops rows
whose split is ``holdout``. Takes about a minute of CPU per seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from contextlib import nullcontext
from unittest import mock

from . import analyser
from . import train as training
from .evaluate import load_rows
from .model import Model, train

WRITTEN = tuple(n for n in training.TRAINING_FILES if n not in training.REAL_FILES)
REAL = tuple(n for n in training.TRAINING_FILES if n in training.REAL_FILES)
# Version 8's development data (docs/analysis-guidelines.md, "Version 8").
REAL_V8 = ("real.jsonl", "real_dev2.jsonl", "real_dev3.jsonl", "real_dev4.jsonl")
WRITTEN_V8 = (*WRITTEN, "dev_written4.jsonl")
# (real how-level repeat, model veto threshold, model-only threshold)
CANDIDATES_V8 = tuple((r, v, m) for r in (2, 4) for v in (0.5, 0.25) for m in (0.6, 0.5))
SEEDS_V8 = (17, 3)
FOLDS = 5
SEEDS = (17, 3, 5)


def real_rows(files: tuple[str, ...] = REAL) -> list[dict]:
    """The labelled real development rows, each with the file it comes from."""
    rows = []
    for name in files:
        for r in load_rows(name):
            if r.get("split") == "dev" and r.get("label") in ("what", "how"):
                rows.append({**r, "file": name})
    return rows


def folds(rows: list[dict], k: int = FOLDS, seed: int = 17) -> list[set[str]]:
    """k sets of municipalities of about equal numbers of sentences (shuffled by seed)."""
    munis = sorted({r["municipality"] for r in rows})
    random.Random(seed).shuffle(munis)
    size = {m: sum(r["municipality"] == m for r in rows) for m in munis}
    bins: list[set[str]] = [set() for _ in range(k)]
    totals = [0] * k
    for m in sorted(munis, key=lambda m: -size[m]):  # stable: ties keep the shuffled order
        i = totals.index(min(totals))
        bins[i].add(m)
        totals[i] += size[m]
    return bins


def _model(
    written: tuple[str, ...], real: list[tuple[str, str]], repeat_how: int | None = None
) -> Model:
    rows = [pair for name in written for pair in training.training_rows((name,))]
    for text, label in real:
        how = training.REAL_REPEAT_HOW if repeat_how is None else repeat_how
        repeat = how if label == "how" else training.REAL_REPEAT_WHAT
        rows.extend([(text, label)] * repeat)
    examples = [(training.example(t), 1 if lab == "how" else 0) for t, lab in rows]
    return Model(train(examples, l2=training.L2))


def _levels(model: Model, texts: list[str], **thresholds: float) -> list[str]:
    with (
        mock.patch.object(analyser, "load_model", lambda: model),
        mock.patch.multiple(analyser, **thresholds) if thresholds else nullcontext(),
    ):
        return [analyser.analyse(t).level for t in texts]


def _score(pred: list[str], gold: list[str]) -> dict:
    how = [p for p, g in zip(pred, gold, strict=True) if g == "how"]
    what = [p for p, g in zip(pred, gold, strict=True) if g == "what"]
    return {
        "n": len(gold),
        "accuracy": sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold),
        "how_recall": how.count("how") / len(how),
        "what_recall": what.count("what") / len(what),
    }


def cross_validate(
    seed: int,
    real: tuple[str, ...] = REAL,
    written: tuple[str, ...] = WRITTEN,
    repeat_how: int | None = None,
    **thresholds: float,
) -> dict:
    """Pooled out-of-fold figures over all real development rows and over each batch."""
    rows = real_rows(real)
    predicted: dict[str, str] = {}
    for fold in folds(rows, seed=seed):
        trained = [(r["text"], r["label"]) for r in rows if r["municipality"] not in fold]
        test = [r for r in rows if r["municipality"] in fold]
        model = _model(written, trained, repeat_how)
        levels = _levels(model, [r["text"] for r in test], **thresholds)
        for r, level in zip(test, levels, strict=True):
            predicted[r["id"]] = level
    out = {"all": _score([predicted[r["id"]] for r in rows], [r["label"] for r in rows])}
    for name in real:
        part = [r for r in rows if r["file"] == name]
        out[name] = _score([predicted[r["id"]] for r in part], [r["label"] for r in part])
    return out


def short_left_out(
    name: str = "dev_short.jsonl",
    real: tuple[str, ...] = REAL,
    written: tuple[str, ...] = WRITTEN,
    repeat_how: int | None = None,
    **thresholds: float,
) -> dict:
    """A written development set measured with a model trained without it."""
    written = tuple(n for n in written if n != name)
    model = _model(written, [(r["text"], r["label"]) for r in real_rows(real)], repeat_how)
    rows = training.training_rows((name,))
    levels = _levels(model, [t for t, _ in rows], **thresholds)
    return _score(levels, [lab for _, lab in rows])


def version8() -> None:
    """Print the candidates of version 8's choice (docs/analysis-guidelines.md, "Version 8")."""
    print("candidate: real CV over four batches (mean of fold seeds 17, 3) | dev_short left out")
    for repeat_how, veto, model_only in CANDIDATES_V8:
        kw = {
            "real": REAL_V8,
            "written": WRITTEN_V8,
            "repeat_how": repeat_how,
            "MODEL_VETO_THRESHOLD": veto,
            "MODEL_ONLY_THRESHOLD": model_only,
        }
        results = [cross_validate(seed, **kw) for seed in SEEDS_V8]
        mean = {m: sum(r["all"][m] for r in results) / len(results) for m in results[0]["all"]}
        print(
            f"repeat {repeat_how}, veto {veto}, model-only {model_only}: {_fmt(mean)} | "
            f"{short_left_out(**kw)['accuracy']:.3f}",
            flush=True,
        )


def _ranking(scores: list[float], gold: list[bool]) -> tuple[float, float]:
    """(AUC, how-recall at the score threshold that keeps what-recall at 0.90)."""
    pos = [s for s, g in zip(scores, gold, strict=True) if g]
    neg = sorted(s for s, g in zip(scores, gold, strict=True) if not g)
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    threshold = neg[int(0.9 * len(neg))]
    return wins / (len(pos) * len(neg)), sum(p > threshold for p in pos) / len(pos)


def learning_curve(fractions=(0.25, 0.5, 1.0), seed: int = 17) -> None:
    """Version 8's model on growing shares of the real training municipalities."""
    rows = real_rows(REAL_V8)
    gold = [r["label"] == "how" for r in rows]
    for fraction in fractions:
        prob: dict[str, float] = {}
        for fold in folds(rows, seed=seed):
            train_munis = sorted({r["municipality"] for r in rows if r["municipality"] not in fold})
            random.Random(5).shuffle(train_munis)
            keep = set(train_munis[: max(1, int(len(train_munis) * fraction))])
            trained = [(r["text"], r["label"]) for r in rows if r["municipality"] in keep]
            model = _model(WRITTEN_V8, trained)
            for r in rows:
                if r["municipality"] in fold:
                    prob[r["id"]] = model.probability(r["text"], *analyser.rule_features(r["text"]))
        auc, recall = _ranking([prob[r["id"]] for r in rows], gold)
        print(
            f"{fraction:.0%} of the training municipalities: AUC {auc:.3f}, "
            f"how-recall {recall:.3f} at what-recall 0.90",
            flush=True,
        )


def _fmt(m: dict) -> str:
    return f"{m['accuracy']:.3f} / {m['how_recall']:.3f} / {m['what_recall']:.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    ap.add_argument("--version8", action="store_true", help="version 8's candidates (slow)")
    ap.add_argument("--learning-curve", action="store_true", help="more data, better ranking?")
    args = ap.parse_args(argv)
    if args.learning_curve:
        learning_curve()
        return 0
    if args.version8:
        version8()
        return 0
    results = [cross_validate(seed) for seed in args.seeds]
    print("accuracy / how-recall / what-recall")
    for seed, r in zip(args.seeds, results, strict=True):
        print(f"seed {seed}: " + "  ".join(f"{k} {_fmt(v)}" for k, v in r.items()))
    for key in results[0]:
        mean = {m: sum(r[key][m] for r in results) / len(results) for m in results[0][key]}
        print(f"mean over {len(results)} seeds, {key} (n={mean['n']:.0f}): {_fmt(mean)}")
    print(f"dev_short.jsonl left out of training: {_fmt(short_left_out())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
