"""The reader's measured accuracy on the held-out part of the evaluation corpus meets the
targets of issue 15 — computed here from the blind annotations, never copied from the report."""

from tillit.minutes.evaluate import TARGETS, evaluate, load_split, score_document


def test_every_document_of_the_split_is_annotated():
    result = evaluate()
    for part in load_split():
        assert result[part]["missing"] == [], part
    assert len(load_split()["heldout"]) >= 5


def test_held_out_scores_meet_the_targets():
    held = evaluate()["heldout"]["groups"]["all"]
    assert held.gold_paragraphs >= 50 and held.gold_assignments >= 20
    assert held.paragraph_accuracy >= TARGETS["paragraph_accuracy"]
    assert held.assignment_f1 >= TARGETS["assignment_f1"]
    assert held.recipient_accuracy >= TARGETS["recipient_accuracy"]


def test_scorer_counts_misses():
    gold = {
        "paragraphs": [
            {"number": 1, "has_assignment": False, "assignments": []},
            {
                "number": 2,
                "has_assignment": True,
                "assignments": [
                    {"recipient_text": "Tekniska nämnden"},
                    {"recipient_text": "socialnämnden"},
                ],
            },
            {"number": 3, "has_assignment": True, "assignments": [{"recipient_text": "KD"}]},
        ]
    }
    predicted = {
        "paragraphs": [
            {"number": 1, "has_assignment": True, "assignments": [{"recipient_text": "x"}]},
            {
                "number": 2,
                "has_assignment": True,
                "assignments": [{"recipient_text": " tekniska  nämnden."}],
            },
            {"number": 9, "has_assignment": False, "assignments": []},
        ]
    }
    s = score_document(gold, predicted)
    assert (s.gold_paragraphs, s.found_paragraphs, s.extra_paragraphs) == (3, 2, 1)
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert (s.gold_assignments, s.recipients_right) == (3, 1)
    assert round(s.assignment_f1, 3) == 0.5
