"""The analyser on real municipal language (issue 17): the real corpus, its blind labels, the
settled cases of the guidelines, and the targets on the real held-out part.

The floors are the figures the committed analyser measured (docs/analysis-guidelines.md, version
7); the targets of the issue that are not met are written as strict expected failures, so they
stay visible and turn red the day they are met (then the xfail is removed)."""

from __future__ import annotations

import json

import pytest

from tillit.analysis import analyse, evaluate
from tillit.analysis import train as training
from tillit.analysis.evaluate import CORPORA, Corpus, cohen_kappa, measure, rows_of

REAL_DEV = next(c for c in CORPORA if c.name == "real.jsonl" and c.split == "dev")
REAL_HOLDOUT = next(c for c in CORPORA if c.name == "real.jsonl" and c.split == "holdout")

# Issue 17's targets on the real held-out part.
TARGET_ACCURACY = 0.90
TARGET_HOW_RECALL = 0.85
TARGET_WHAT_RECALL = 0.90
# No loss beyond this on the written held-out sets (against version 4).
MAX_LOSS = 0.02
VERSION_4 = {
    "holdout_blind.jsonl": 0.969,
    "holdout_blind2.jsonl": 0.969,
    "holdout_blind3.jsonl": 0.988,
    "holdout_short.jsonl": 0.983,
}


def real_rows() -> list[dict]:
    return evaluate.load_rows("real.jsonl")


@pytest.fixture(scope="module")
def holdout_measure() -> dict:
    return measure(rows_of(REAL_HOLDOUT))


def test_real_corpus_shape():
    rows = real_rows()
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    assert len({r["municipality"] for r in rows}) >= 30
    for r in rows:
        # One sentence per row with its source, nothing more.
        assert r["source"].startswith(("http://", "https://")), r["id"]
        assert r["split"] in ("dev", "holdout")
        assert r["label_a"] in ("what", "how") and r["label_b"] in ("what", "how")
        assert r["label"] in ("what", "how", None)
        if r["label_a"] != r["label_b"]:
            assert r["resolution"].startswith(("R1", "R2", "R3")), r["id"]
    held = [r for r in rows if r["split"] == "holdout"]
    assert 0.3 <= len(held) / len(rows) <= 0.5


def test_split_is_by_page_and_municipality_stratified():
    rows = real_rows()
    # A page never straddles the split: no held-out sentence shares a page with a trained one.
    pages = {}
    for r in rows:
        pages.setdefault(r["source"], set()).add(r["split"])
    assert all(len(splits) == 1 for splits in pages.values())
    # Every municipality with five or more sentences is on both sides.
    by_muni: dict[str, set] = {}
    for r in rows:
        by_muni.setdefault(r["municipality"], []).append(r["split"])
    for muni, splits in by_muni.items():
        if len(splits) >= 5:
            assert set(splits) == {"dev", "holdout"}, muni


def test_real_held_out_rows_are_never_trained_on():
    trained = {text for text, _ in training.weighted_rows()}
    held = {r["text"] for r in real_rows() if r["split"] == "holdout"}
    assert held and not (held & trained)
    # ... while the labelled development rows are.
    dev = {r["text"] for r in real_rows() if r["split"] == "dev" and r["label"]}
    assert dev <= trained


def test_agreement_is_reported_from_the_two_labellings():
    rows = [r for r in real_rows()]
    a = [r["label_a"] for r in rows]
    b = [r["label_b"] for r in rows]
    ag = evaluate.agreement()
    assert ag["items"] == len(rows)
    assert ag["agreed"] == sum(x == y for x, y in zip(a, b, strict=True))
    assert ag["kappa"] == round(cohen_kappa(a, b), 3)
    assert ag["agreed"] + ag["resolved"] + ag["dropped"] == ag["items"]


def test_cohen_kappa_on_a_known_table():
    # 50 items: 20 both yes, 15 both no, 5 A-yes/B-no, 10 A-no/B-yes → kappa = 0.4 (textbook).
    a = ["y"] * 20 + ["n"] * 15 + ["y"] * 5 + ["n"] * 10
    b = ["y"] * 20 + ["n"] * 15 + ["n"] * 5 + ["y"] * 10
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(["a", "b"], ["a", "b"]) == 1.0
    with pytest.raises(ValueError):
        cohen_kappa([], [])


def test_evaluate_prints_every_corpus_and_the_log(capsys):
    assert evaluate.main([]) == 0
    out = capsys.readouterr().out
    for c in CORPORA:
        assert evaluate.corpus_id(c) in out
    assert "first measurement on real text, before any change" in out
    assert "kappa" in out


def test_evaluate_json_measures_what_measure_measures(capsys):
    assert evaluate.main(["--json"]) == 0
    results = {r["corpus"]: r for r in json.loads(capsys.readouterr().out)}
    assert results["real.jsonl:holdout"]["model"] == measure(rows_of(REAL_HOLDOUT))


# --- floors and targets ------------------------------------------------------------------------


def test_real_held_out_floor(holdout_measure):
    """What version 7 measured (0.867 / 0.545 / 0.939); a regression guard, not a target."""
    assert holdout_measure["n"] >= 100
    assert holdout_measure["accuracy"] >= 0.86
    assert holdout_measure["how_recall"] >= 0.54
    assert holdout_measure["what_recall"] >= TARGET_WHAT_RECALL


def test_real_held_out_better_than_version_4(holdout_measure):
    # Version 4 measured 0.692 accuracy and 0.694 what-recall on the same rows (before any change).
    assert holdout_measure["accuracy"] > 0.692
    assert holdout_measure["what_recall"] > 0.694


@pytest.mark.xfail(strict=True, reason="issue 17 target not met: measured 0.867 (version 7)")
def test_target_real_held_out_accuracy(holdout_measure):
    assert holdout_measure["accuracy"] >= TARGET_ACCURACY


@pytest.mark.xfail(strict=True, reason="issue 17 target not met: measured 0.545 (version 7)")
def test_target_real_held_out_how_recall(holdout_measure):
    assert holdout_measure["how_recall"] >= TARGET_HOW_RECALL


def test_target_real_held_out_what_recall(holdout_measure):
    assert holdout_measure["what_recall"] >= TARGET_WHAT_RECALL


@pytest.mark.parametrize(
    "name",
    [
        "holdout_blind.jsonl",
        "holdout_blind2.jsonl",
        "holdout_blind3.jsonl",
        pytest.param(
            "holdout_short.jsonl",
            marks=pytest.mark.xfail(
                strict=True,
                reason="issue 17 target not met: 0.958 (version 7) against 0.983 (version 4)",
            ),
        ),
    ],
)
def test_target_no_loss_on_written_held_out_sets(name):
    acc = measure(rows_of(Corpus(name, None, "written", "held out", "")))["accuracy"]
    assert acc >= VERSION_4[name] - MAX_LOSS


def test_real_development_part_is_learned():
    m = measure(rows_of(REAL_DEV))
    assert m["accuracy"] >= 0.97 and m["how_recall"] >= 0.9


# --- the settled cases, one behaviour each ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # rule 5: a property transaction is the body's own decision
        "Kommunen utövar förköp vid försäljning av fastigheten Gotland Visby Österby 1:7.",
        "Kommunstyrelsen beslutar att sälja fastigheten Eken 4:12 till Vimmerbyhem.",
        # rule 6: a plan and its content
        "Kommunfullmäktige antog förslaget till ny detaljplan för Inre Hansens backar.",
        # rule 7: closing a unit
        "Barn- och skolnämnden beslutade att avveckla förskolan Prenneelvan.",
        # rule 8: building at a named site
        "Beslut togs om att bygga om det uppskattade Åbybadet.",
        # rule 1: a decision that prescribes nothing
        "Nämnden fastställde följande sammanträdestider för 2024: 17 januari och 14 februari.",
        # an open question is follow-up
        "Varför har öppettiderna på biblioteket ändrats?",
    ],
)
def test_settled_cases_what(text):
    a = analyse(text)
    assert a.level == "what", (text, a)


@pytest.mark.parametrize(
    "text",
    [
        # rule 11: authority in a single case
        "Byggnadsnämnden ger fastighetsägaren ett föreläggande om att lägga om taket.",
        "Nämnden beslutade att godkänna ansökan om tillstånd från Kräklingbo Förskola AB.",
        # rule 10: an inquiry or report from a post below the chief
        "Nämnden önskar att rektor för Tyresö förskola redovisar hur enheten har arbetat.",
        # named units told directly (rule 11 and the below-chief category)
        "Förskolorna Hästhagen och Stenkulan ska tydliggöra rutinerna för utvecklingssamtal.",
        # rule 13: service rules in operational detail
        "Tekniska nämnden beslutar att gatubelysningen ska tändas en halvtimme senare.",
        "Dessutom sänks ljusstyrkan i delar av kommunens LED-armaturer.",
        # rule 7, second part: opening hours of a unit that stays open
        "Kulturnämnden beslutar att biblioteket ska ha öppet till klockan 20 på torsdagar.",
    ],
)
def test_settled_cases_how(text):
    a = analyse(text)
    assert a.level == "how", (text, a)
    assert a.findings and all(text[f.start : f.end] == f.phrase for f in a.findings)


def test_a_method_inside_a_reserved_decision_still_counts():
    # A grant is what-level (rule 3), but a method ordered in the same sentence is judged on its
    # own: the named supplier still counts.
    text = "Friskvårdsbidraget får i fortsättningen endast användas hos Vimmerby Gym AB."
    assert analyse(text, use_model=False).findings


def test_the_settled_cases_are_in_the_guidelines():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[4] / "docs" / "analysis-guidelines.md").read_text(
        encoding="utf-8"
    )
    assert "Real decisions: the settled cases" in doc
    for n in range(1, 18):  # 15-17 were written from batch 4; the analyser has no rule for them
        assert f"\n{n}. **" in doc, n


@pytest.mark.parametrize(
    "text",
    [
        "Budgeten för 2027 godkänns och läggs till handlingarna.",
        "Förskolan Solrosen avvecklas den 1 juli.",
        "Fritidsgården i Väster läggs ner.",
        "Ett nytt badhus ska byggas i Centrum.",
        "Rapporten noteras. Skolan stängs för uthyrning.",
        "Taxan för bygglov höjs med 3 procent och bidraget till föreningarna är oförändrat.",
        "Förvaltningen ska byta leverantör av skolmat.",
    ],
)
def test_guarded_reserved_pattern_finds_the_same_matches(text):
    # Speed only: leaving out the branches that cannot match must not change any match.
    from tillit.analysis import analyser

    texts = [text] + [r["text"] for r in rows_of(REAL_DEV)[:60]]
    for t in texts:
        fast = [m.span() for m in analyser._reserved_re(t).finditer(t)]
        full = [m.span() for m in analyser._RESERVED_RE.finditer(t)]
        assert fast == full, t
        assert analyser.money_decision(t) == (analyser._RESERVED_MONEY_RE.search(t) is not None)


def test_second_real_batch_shape():
    # The second real development batch (issue 17, dev2): real sentences with their sources, two
    # blind labellings, nothing shared with the first real corpus (not a page, not a text).
    rows = evaluate.load_rows(evaluate.REAL_DEV2)
    assert len(rows) >= 150
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    assert len({r["municipality"] for r in rows}) >= 30
    first = real_rows()
    assert not {r["text"] for r in rows} & {r["text"] for r in first}
    assert not {r["source"] for r in rows} & {r["source"] for r in first}
    for r in rows:
        assert r["source"].startswith(("http://", "https://")), r["id"]
        assert r["split"] == "dev" and r["batch"] == "dev2"
        assert r["label_a"] in ("what", "how") and r["label_b"] in ("what", "how")
        if r["label_a"] == r["label_b"]:
            assert r["label"] == r["label_a"]
        else:
            assert r["resolution"].startswith(("R1", "R3")), r["id"]
            assert (r["label"] is None) == r["resolution"].startswith("R3")
    # It is rich in how-level orders, which the first batch lacked.
    labelled = [r for r in rows if r["label"]]
    assert sum(r["label"] == "how" for r in labelled) / len(labelled) >= 0.25


def test_both_real_development_batches_are_trained_on():
    # Version 7 trains on the second batch too (development data only, never held out).
    trained = {text for text, _ in training.weighted_rows()}
    dev2 = {r["text"] for r in evaluate.load_rows(evaluate.REAL_DEV2) if r["label"]}
    assert dev2 and dev2 <= trained
    assert {"real.jsonl", evaluate.REAL_DEV2} == training.REAL_FILES


def test_second_real_batch_agreement_and_role():
    ag = evaluate.agreement(evaluate.REAL_DEV2)
    rows = evaluate.load_rows(evaluate.REAL_DEV2)
    a = [r["label_a"] for r in rows]
    b = [r["label_b"] for r in rows]
    assert ag["items"] == len(rows)
    assert ag["kappa"] == round(cohen_kappa(a, b), 3)
    corpus = next(c for c in CORPORA if c.name == evaluate.REAL_DEV2)
    # Development data only: never a held-out set.
    assert corpus.kind == "real" and corpus.role == "training" and corpus.split == "dev"


def test_cross_validation_splits_by_municipality_and_never_reads_held_out_rows():
    # python -m tillit.analysis.crossval reproduces how version 7 was chosen; development only.
    from tillit.analysis import crossval

    rows = crossval.real_rows()
    assert len(rows) >= 340 and all(r["split"] == "dev" and r["label"] for r in rows)
    held = {r["text"] for r in real_rows() if r["split"] == "holdout"}
    assert held and not held & {r["text"] for r in rows}
    assert not any(name.startswith("holdout") for name in crossval.WRITTEN)
    munis = {r["municipality"] for r in rows}
    biggest = max(sum(r["municipality"] == m for r in rows) for m in munis)
    for seed in crossval.SEEDS:
        folds = crossval.folds(rows, seed=seed)
        assert len(folds) == crossval.FOLDS
        assert set().union(*folds) == munis
        assert sum(len(f) for f in folds) == len(munis)  # disjoint: no municipality on two sides
        sizes = [sum(r["municipality"] in f for r in rows) for f in folds]
        assert max(sizes) - min(sizes) <= biggest


def test_third_real_batch_is_new_development_data_not_trained_on():
    # Batch 3 (dev3): collected after version 7 was chosen, from municipalities new to the data,
    # labelled by two blind labellers; development only and not trained on (v7's figures on it are
    # an untouched estimate until a later version trains on it).
    rows = evaluate.load_rows(evaluate.REAL_DEV3)
    assert len(rows) >= 150 and len({r["id"] for r in rows}) == len(rows)
    earlier = real_rows() + evaluate.load_rows(evaluate.REAL_DEV2)
    assert not {r["municipality"] for r in rows} & {r["municipality"] for r in earlier}
    assert not {r["text"] for r in rows} & {r["text"] for r in earlier}
    for r in rows:
        assert r["source"].startswith(("http://", "https://")), r["id"]
        assert r["split"] == "dev" and r["batch"] == "dev3"
        if r["label_a"] == r["label_b"]:
            assert r["label"] == r["label_a"]
        else:
            assert r["label"] is None and r["resolution"].startswith("R3")
    ag = evaluate.agreement(evaluate.REAL_DEV3)
    assert ag["kappa"] == round(
        cohen_kappa([r["label_a"] for r in rows], [r["label_b"] for r in rows]), 3
    )
    assert evaluate.REAL_DEV3 not in training.REAL_FILES
    trained = {text for text, _ in training.weighted_rows()}
    assert not trained & {r["text"] for r in rows}
    corpus = next(c for c in CORPORA if c.name == evaluate.REAL_DEV3)
    assert corpus.kind == "real" and corpus.role == "development" and corpus.split == "dev"


def test_fourth_real_batch_shape_and_labels():
    # Batch 4 (dev4): 921 sentences from 230 pages of 138 municipalities, regions and joint
    # bodies, taken as they occur, never from a page or with a text of an earlier batch or of the
    # held-out part; two blind labellers, disagreements resolved by R1 or dropped by R3.
    rows = evaluate.load_rows(evaluate.REAL_DEV4)
    assert len(rows) >= 900 and len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    assert len({r["municipality"] for r in rows}) >= 100
    earlier = (
        real_rows()
        + evaluate.load_rows(evaluate.REAL_DEV2)
        + evaluate.load_rows(evaluate.REAL_DEV3)
    )
    assert not {r["text"] for r in rows} & {r["text"] for r in earlier}
    assert not {r["source"] for r in rows} & {r["source"] for r in earlier}
    for r in rows:
        assert r["source"].startswith(("http://", "https://")), r["id"]
        assert r["split"] == "dev" and r["batch"] == "dev4"
        if r["label_a"] == r["label_b"]:
            assert r["label"] == r["label_a"] and "resolution" not in r
        elif r["resolution"].startswith("R1"):
            assert r["label"] in (r["label_a"], r["label_b"])
        else:
            assert r["label"] is None and r["resolution"].startswith("R3")
    ag = evaluate.agreement(evaluate.REAL_DEV4)
    assert ag["kappa"] == round(
        cohen_kappa([r["label_a"] for r in rows], [r["label_b"] for r in rows]), 3
    )
    assert ag["kappa"] >= 0.9


def test_real_style_written_set_never_copies_a_held_out_text():
    rows = evaluate.load_rows(evaluate.WRITTEN4)
    assert len(rows) >= 500 and len({r["text"] for r in rows}) == len(rows)
    assert {r["label"] for r in rows} == {"what", "how"}
    held = {r["text"] for r in real_rows() if r["split"] == "holdout"}
    for name in ("holdout_blind.jsonl", "holdout_blind2.jsonl", "holdout_blind3.jsonl"):
        held |= {r["text"] for r in evaluate.load_rows(name)}
    held |= {r["text"] for r in evaluate.load_rows("holdout_short.jsonl")}
    assert not held & {r["text"] for r in rows}


def test_the_learning_curve_ranking_measure():
    from tillit.analysis.crossval import _ranking

    # Perfect ranking: AUC 1 and every how-level sentence above the 90 % what-level threshold.
    assert _ranking([0.9, 0.8] + [0.1] * 20, [True, True] + [False] * 20) == (1.0, 1.0)
    # Reversed ranking: AUC 0, none found.
    assert _ranking([0.0, 0.05] + [0.5] * 20, [True, True] + [False] * 20) == (0.0, 0.0)
    # A tie counts half.
    auc, _ = _ranking([0.5, 0.5], [True, False])
    assert auc == 0.5


def test_the_second_real_held_out_part_is_sealed():
    # holdout_real2.jsonl: collected and labelled blind after version 8, for the next version's
    # evaluation. Nothing may train on it, choose with it or measure it before then: it is not in
    # evaluate.CORPORA, crossval's batches or train.py's files, and train.py refuses it by name.
    from tillit.analysis import crossval

    name = evaluate.REAL_HOLDOUT2
    rows = evaluate.load_rows(name)
    assert len(rows) >= 800 and len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    earlier = real_rows()
    for other in (evaluate.REAL_DEV2, evaluate.REAL_DEV3, evaluate.REAL_DEV4):
        earlier += evaluate.load_rows(other)
    assert not {r["text"] for r in rows} & {r["text"] for r in earlier}
    assert not {r["source"] for r in rows} & {r["source"] for r in earlier}
    for r in rows:
        assert r["split"] == "holdout" and r["batch"] == "holdout2", r["id"]
        assert r["source"].startswith(("http://", "https://")), r["id"]
        if r["label_a"] == r["label_b"]:
            assert r["label"] == r["label_a"]
        elif r["resolution"].startswith("R1"):
            assert r["label"] in (r["label_a"], r["label_b"])
        else:
            assert r["label"] is None and r["resolution"].startswith("R3")
    assert evaluate.agreement(name)["kappa"] >= 0.85
    assert name not in {c.name for c in CORPORA}
    assert name not in training.TRAINING_FILES
    assert name not in crossval.REAL and name not in crossval.REAL_V8
    with pytest.raises(AssertionError):
        training.training_rows((name,))
