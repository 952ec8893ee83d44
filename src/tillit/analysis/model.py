"""A small learned what/how classifier that decides the level together with the rules.

The rules (lexicon.py) explain; they are precise but only know the cues someone wrote down, and on
texts written by people who never saw them they miss about one how-text in five. A logistic
regression over the words of the text generalises better: trained on the labelled corpora in
``data/`` it reached 0.975 accuracy and 0.97 how-recall on a blind set it was not trained on,
against 0.885 / 0.81 for the rules alone (docs/analysis-guidelines.md, "Version 4").

Features, all binary except the rule score:

* ``s:<stem>`` — the Snowball stem of every word;
* ``c4:``/``c5:`` — character 4- and 5-grams of words of six letters or more, so unseen
  compounds share evidence with known ones (*cykelställ*, *parkeringsplatserna*);
* ``rule`` / ``rulehow`` — the rules' own score and verdict.

Pure Python, no dependencies: the model is a JSON file of weights (``data/model.json``), trained
deterministically by ``python -m tillit.analysis.train`` and checked by a test to be exactly what
that script produces from the committed data.
"""

from __future__ import annotations

import json
import math
import random
import re
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import snowballstemmer

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json"

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("swedish")
RULE_SCALE = 3.0

# Words that carry weight in the model but explain nothing to a reader ("ska" is common in
# orders); they are never shown as evidence and never alone justify a how-verdict.
FUNCTION_WORDS = frozenset(
    [
        "att",
        "av",
        "bli",
        "blir",
        "de",
        "den",
        "det",
        "där",
        "efter",
        "eller",
        "en",
        "ett",
        "för",
        "från",
        "få",
        "får",
        "genom",
        "ha",
        "har",
        "i",
        "inom",
        "inte",
        "kan",
        "med",
        "mellan",
        "men",
        "nu",
        "och",
        "om",
        "på",
        "samt",
        "sig",
        "sin",
        "sina",
        "sitt",
        "ska",
        "skall",
        "som",
        "så",
        "till",
        "under",
        "var",
        "vara",
        "vi",
        "vid",
        "är",
        "även",
    ]
)


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[str, ...]:
    out = ["s:" + _STEMMER.stemWord(word)]
    if len(word) >= 6:
        for n in (4, 5):
            out.extend(f"c{n}:{word[i : i + n]}" for i in range(len(word) - n + 1))
    return tuple(out)


def word_spans(text: str):
    """(start, end, lower-cased word) for every word of the text."""
    for m in _WORD_RE.finditer(text):
        yield m.start(), m.end(), m.group().lower()


def features(
    text: str,
    rule_score: float,
    rule_how: bool,
    reserved: bool = False,
    money: bool = False,
    decisive: bool = False,
) -> dict[str, float]:
    feats: dict[str, float] = {"bias": 1.0}
    for _s, _e, word in word_spans(text):
        for f in _word_features(word):
            feats[f] = 1.0
    feats["rule"] = rule_score * RULE_SCALE
    feats["rulehow"] = 1.0 if rule_how else 0.0
    # The rules see a decision on a matter the elected bodies keep (a plan, a sale, a fee).
    feats["reserved"] = 1.0 if reserved else 0.0
    # ... or on a fee, a tax or a grant.
    feats["money"] = 1.0 if money else 0.0
    # A decisive rule (a permit, an order to named units) fired: it explains the verdict, so the
    # words around it need not carry it (and do not learn to, from real minutes).
    feats["decisive"] = 1.0 if decisive else 0.0
    return feats


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class Model:
    def __init__(self, weights: dict[str, float]):
        self.weights = weights

    def probability(
        self,
        text: str,
        rule_score: float,
        rule_how: bool,
        reserved: bool = False,
        money: bool = False,
        decisive: bool = False,
    ) -> float:
        """The probability that the text is how-level (the same sum as over ``features``)."""
        w = self.weights
        words: set[str] = set()
        for word in _WORD_RE.findall(text.lower()):
            words.update(_word_features(word))
        z = w.get("bias", 0.0) + sum(map(w.get, words, repeat(0.0)))
        z += w.get("rule", 0.0) * rule_score * RULE_SCALE
        if rule_how:
            z += w.get("rulehow", 0.0)
        if reserved:
            z += w.get("reserved", 0.0)
        if money:
            z += w.get("money", 0.0)
        if decisive:
            z += w.get("decisive", 0.0)
        return _sigmoid(z)

    def word_evidence(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, weight) of the words that pull the text towards how, strongest first."""
        w = self.weights
        out = []
        for s, e, word in word_spans(text):
            if word in FUNCTION_WORDS:
                continue
            weight = sum(w.get(f, 0.0) for f in _word_features(word))
            if weight > 0:
                out.append((s, e, weight))
        out.sort(key=lambda x: -x[2])
        return out


@lru_cache(maxsize=1)
def load_model() -> Model | None:
    """The committed model, or None when the file is missing (the rules then decide alone)."""
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return Model(data["weights"])


def train(
    examples: list[tuple[dict[str, float], int]],
    *,
    epochs: int = 40,
    rate: float = 0.2,
    l2: float = 1e-3,
    seed: int = 1,
    keep: float = 1e-3,
    start: dict[str, float] | None = None,
    trainable: frozenset[str] | None = None,
) -> dict[str, float]:
    """Logistic regression by stochastic gradient descent with L2; deterministic for a seed.

    ``examples`` are (features, 1 for how / 0 for what). Weights smaller than ``keep`` are
    dropped (they change no decision and only make the file bigger). ``start`` continues from
    given weights; ``trainable`` limits the update to those features (the others stay fixed)."""
    weights: dict[str, float] = dict(start or {})
    order = list(range(len(examples)))
    rnd = random.Random(seed)
    for _ in range(epochs):
        rnd.shuffle(order)
        for i in order:
            feats, label = examples[i]
            p = _sigmoid(sum(weights.get(f, 0.0) * v for f, v in feats.items()))
            g = p - label
            for f, v in feats.items():
                if trainable is not None and f not in trainable:
                    continue
                old = weights.get(f, 0.0)
                weights[f] = old - rate * (g * v + l2 * old)
    return {f: round(v, 4) for f, v in sorted(weights.items()) if abs(v) >= keep}


RULE_FEATURES = frozenset({"bias", "rule", "rulehow", "reserved", "money", "decisive"})
"""The features that are not words: the rules' signals and the bias."""
