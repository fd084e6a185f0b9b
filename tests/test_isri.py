"""The project's ISRI stemmer gives the roots NLTK's ISRIStemmer gave (tables made with NLTK 3.10.4,
see tests/data/isri_roots.README): the search index keeps the roots it was built with."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.search import isri
from app.search.analysis import root_analyzer

DATA = Path(__file__).parent / "data"


def read_table(name: str) -> list[tuple[str, str]]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    assert lines[0].startswith("# word<TAB>root: nltk 3.10.4")
    return [tuple(line.split("\t")) for line in lines[1:]]


@pytest.mark.parametrize("table, least", [("isri_roots.tsv", 7000), ("isri_rules.tsv", 8000)])
def test_every_word_gets_the_root_nltk_gave(table, least):
    rows = read_table(table)
    assert len(rows) >= least
    wrong = [(word, root, isri.stem(word)) for word, root in rows if isri.stem(word) != root]
    assert wrong == [], f"{len(wrong)} of {len(rows)} words differ (word, expected, got): {wrong[:20]}"


def test_broken_plural_and_singular_meet():
    assert isri.stem("مدرسة") == isri.stem("مدارس") == "درس"
    assert isri.stem("المدارس") == "درس"


def test_stop_words_and_short_words_are_left_alone():
    assert isri.stem("الذين") == "الذين"
    assert isri.stem("من") == "من"
    assert isri.stem("") == ""


def test_the_root_analyser_uses_it():
    tokens = [token.text for token in root_analyzer("ar")("المدارس والمدرسة")]
    assert tokens == ["درس", "درس"]
