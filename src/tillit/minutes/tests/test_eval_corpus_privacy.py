"""The stored real protocols of the evaluation corpus carry no personal names (data
minimisation, docs/minutes.md): people are placeholders such as "Ledamot A (S)". A copy added
later with its names left in fails here. The check looks for a common Swedish given name
followed by a capitalised word (a full name as protocols print it); it cannot prove absence,
but it catches the attendance lists and signatures that real copies are full of."""

import re

import pytest

from tillit.minutes.evaluate import CORPUS

# Common given names (Statistics Sweden's top lists), not anyone's data.
GIVEN = [
    "Agneta",
    "Ahmed",
    "Ali",
    "Anders",
    "Andreas",
    "Ann",
    "Anna",
    "Anne",
    "Anneli",
    "Annika",
    "Anton",
    "Barbro",
    "Bengt",
    "Bertil",
    "Birgitta",
    "Björn",
    "Bo",
    "Britt",
    "Camilla",
    "Carina",
    "Carl",
    "Christer",
    "Christina",
    "Daniel",
    "Dan",
    "Elisabeth",
    "Elin",
    "Emma",
    "Erik",
    "Erika",
    "Eva",
    "Fredrik",
    "Göran",
    "Gunnar",
    "Hans",
    "Helena",
    "Henrik",
    "Håkan",
    "Ida",
    "Ingrid",
    "Jan",
    "Jessica",
    "Johan",
    "Johanna",
    "Jonas",
    "Karin",
    "Karl",
    "Kent",
    "Kerstin",
    "Kjell",
    "Kristina",
    "Lars",
    "Leif",
    "Lena",
    "Lennart",
    "Linda",
    "Lisa",
    "Magnus",
    "Malin",
    "Margareta",
    "Maria",
    "Marie",
    "Martin",
    "Mats",
    "Mattias",
    "Michael",
    "Mikael",
    "Monica",
    "Nils",
    "Ola",
    "Olof",
    "Patrik",
    "Per",
    "Peter",
    "Roger",
    "Roland",
    "Rolf",
    "Sara",
    "Stefan",
    "Sven",
    "Thomas",
    "Tommy",
    "Ulf",
    "Ulla",
    "Åsa",
]
FULL_NAME = re.compile(
    r"\b(?:" + "|".join(GIVEN) + r")(?:-[A-ZÅÄÖ][a-zåäö]+)?\s+[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ]\w+)?"
)
# Placeholders: "Ledamot A", "Tjänsteperson Ba", "Person U" (a letter code, no digits, so the
# reader, which keys on numbers, reads the copies as before).
PLACEHOLDER = re.compile(r"\b(?:Ledamot|Tjänsteperson|Person)\s+[A-Z][a-z]?\b")
REAL = sorted(CORPUS.glob("real-*.txt"))


def test_the_real_copies_are_there():
    assert len(REAL) >= 10


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_real_copy_has_no_full_names(path):
    text = path.read_text(encoding="utf-8")
    assert FULL_NAME.findall(text) == []


def test_the_check_finds_a_name_and_passes_a_placeholder():
    assert FULL_NAME.findall("Justerare Anna Lindqvist (S) och Lars-Erik Nyberg (M)") == [
        "Anna Lindqvist",
        "Lars-Erik Nyberg",
    ]
    line = "Sekreterare Tjänsteperson D Ordförande Ledamot A (S) Justerare Ledamot Ac (M)"
    assert FULL_NAME.findall(line) == []
    assert len(PLACEHOLDER.findall(line)) == 3


def test_placeholders_are_used_where_names_were():
    # Every copy with an attendance list names its people by placeholder.
    with_people = [p for p in REAL if PLACEHOLDER.search(p.read_text(encoding="utf-8"))]
    assert len(with_people) >= len(REAL) - 1  # one copy (Regionförbundet) names nobody
