"""Property tests: any text is analysed without error and with valid offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tillit.analysis import analyse

WORDS = st.sampled_from(
    [
        "ska",
        "flytta",
        "cykelställen",
        "bemanningen",
        "utreda",
        "hur",
        "öppettiderna",
        "Kalkyla AB",
        "från",
        "enhetschefen",
        "på",
        "kl.",
        "17.30",
        "senast",
        "2026-09-30",
        "andelen",
        "öka",
        "till",
        "90",
        "procent",
        "?",
        ".",
        "och att",
        "inte",
        "t.ex.",
        "Eken 4:12",
        "İ",
        "ß",
        "\n",
        ";",
    ]
)


def _check(text: str) -> None:
    analysis = analyse(text)
    assert 0.0 <= analysis.score <= 1.0
    assert analysis.level in ("what", "how")
    assert set(analysis.missing) <= {"result", "deadline", "resources", "followup"}
    previous_end = -1
    for f in analysis.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.phrase
        assert f.start >= previous_end  # sorted and non-overlapping
        previous_end = f.end
    analysis.to_dict()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_directive_like_word_salad(text: str) -> None:
    _check(text)
