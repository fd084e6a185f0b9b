"""Words without meaning never make a match by themselves, and a question in a visitor's own
words about a rental deposit finds the deposit article in every language the walk-through used."""

from __future__ import annotations

import pytest

from app.config import load_config
from app.search.analysis import is_stop_word, stop_words


def test_every_offered_language_has_stop_words():
    config = load_config(environ={})
    assert all(stop_words(lang) for lang in config.languages), [c for c in config.languages if not stop_words(c)]


def test_stop_words_are_matched_as_the_visitor_types_them():
    assert is_stop_word("НЕ", "uk") and is_stop_word("не", "ru") and is_stop_word("Not", "en")
    assert is_stop_word("için", "tr") and is_stop_word("icin", "tr")  # folded like the index
    assert is_stop_word("إلى", "ar") and is_stop_word("الى", "ar")  # hamza seat or not
    assert not is_stop_word("застава", "uk") and not is_stop_word("deposit", "en")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("не", "uk"),
        ("не", "ru"),
        ("not", "en"),
        ("do not", "en"),
        ("not xqzw", "en"),  # a stop word and a word no article has: nothing, not every "not"
        ("becuase", "en"),  # a typo corrected to a stop word ("because") is no better
        ("de la", "fr"),
        ("نه", "prs"),
        ("نه", "ps"),
    ],
)
def test_a_question_of_stop_words_finds_nothing(real_search, text, lang):
    content, searcher = real_search
    outcome = searcher.search(text, lang, synonyms=content.synonyms)
    assert outcome.available
    assert outcome.hits == (), [hit.article for hit in outcome.hits]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("орендодавець не повертає заставу", "uk"),
        ("хозяин квартиры не возвращает залог", "ru"),
        ("د کور خاوند زما ودیعه نه راکوي", "ps"),
        ("ዋና ገዛ ዋሕስ ኣይመለሰለይን", "ti"),
        ("صاحب خانه پول گرو مرا پس نمی دهد", "prs"),
    ],
)
def test_a_deposit_question_in_the_visitors_own_words_finds_the_deposit_article(real_search, text, lang):
    content, searcher = real_search
    outcome = searcher.search(text, lang, synonyms=content.synonyms)
    top = [hit.article for hit in outcome.hits[:3]]
    assert "housing/rental-deposit" in top, top
    deposit = next(hit for hit in outcome.hits if hit.article == "housing/rental-deposit")
    assert deposit.lang == lang  # found in the visitor's language, not through a fallback
