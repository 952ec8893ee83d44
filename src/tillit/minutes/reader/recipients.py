"""Match a recipient as written ("tekniska nämnden", "kommundirektören") to the organisation.

The organisation is passed in as ``[(slug, [name, alias, ...]), ...]`` so this module needs no
database; the Django side builds the list from the municipality's bodies and offices.
Matching is on Swedish stems, so definite and genitive forms meet ("kommunstyrelsens" ~
"Kommunstyrelsen", "kommundirektören" ~ "Kommundirektör").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import snowballstemmer

_stemmer = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜü]+")
_FILLER = {"kommunens", "kommunen", "den", "det", "de", "samt", "för", "i", "av", "till"}

Organisation = Sequence[tuple[str, Sequence[str]]]


def stems(text: str) -> tuple[str, ...]:
    words = [w.lower() for w in _WORD.findall(text)]
    return tuple(_stemmer.stemWord(w) for w in words if w not in _FILLER)


class RecipientMatcher:
    """Precomputed stems of an organisation; ``match(text)`` returns a slug or None."""

    def __init__(self, organisation: Iterable[tuple[str, Iterable[str]]]):
        self.entries: list[tuple[str, tuple[str, ...], str]] = []
        for slug, names in organisation:
            for name in names:
                if not name:
                    continue
                key = stems(name)
                if key:
                    self.entries.append((slug, key, name))

    def match(self, text: str) -> str | None:
        if not text or not self.entries:
            return None
        key = stems(text)
        if not key:
            return None
        exact = {slug for slug, k, _ in self.entries if k == key}
        if len(exact) == 1:
            return exact.pop()
        raw = text.strip()
        for slug, _k, name in self.entries:  # abbreviations: "KS", "BUN"
            if name.isupper() and name == raw:
                return slug
        # The entry whose names cover most of the text wins ("förvaltningschefen för
        # socialförvaltningen": title and organisation of one office cover both words).
        covered: dict[str, set[int]] = {}
        for slug, k, _ in self.entries:
            n = len(k)
            for i in range(len(key) - n + 1):
                if key[i : i + n] == k:
                    covered.setdefault(slug, set()).update(range(i, i + n))
        if not covered:
            return None
        ranked = sorted(covered.items(), key=lambda item: -len(item[1]))
        if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
            return None  # two entries fit equally well: no guess
        return ranked[0][0]


def match_recipient(text: str, organisation: Iterable[tuple[str, Iterable[str]]]) -> str | None:
    """The slug of the body or office ``text`` names, or None when none or several fit."""
    return RecipientMatcher(organisation).match(text)
