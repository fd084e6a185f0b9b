"""Each language's analyzer, with tables of (input, expected tokens) on real text from the
Universal Declaration of Human Rights (tests/data/udhr/), article 1."""

from __future__ import annotations

import pickle

import pytest
from conftest import udhr

from app.search.analysis import (
    analysis_kind,
    fold_word,
    language_analyzer,
    normalise_arabic_script,
    root_analyzer,
    script_of,
)


def tokens(lang: str, text: str, analyzer=None) -> list[str]:
    return [token.text for token in (analyzer or language_analyzer(lang))(text)]


def first_words(lang: str, count: int) -> str:
    return " ".join(udhr(lang, 1).split("\n")[1].split()[:count])


# The first seven words of article 1 in each language with a stemmer or lemmatiser.
UDHR_ARTICLE_1 = {
    "en": ["all", "human", "be", "are", "born", "free", "and"],
    "fr": ["tous", "le", "etre", "humain", "naissent", "libr", "et"],
    "nl": ["al", "mens", "wor", "vrij", "en", "lijk", "in"],
    "de": ["all", "mensch", "sind", "frei", "und", "gleich", "an"],
    "es": ["tod", "los", "ser", "human", "nac", "libr", "e"],
    "pt": ["tod", "os", "ser", "human", "nasc", "livr", "e"],
    "ro": ["toat", "fiint", "uman", "se", "nasc", "liber", "si"],
    "pl": ["wszysc", "ludz", "rodz", "sie", "woln", "i", "rown"],
    "ru": ["все", "люд", "рожда", "свободн", "и", "равн", "в"],
    "uk": ["весь", "людина", "народжуватися", "вільний", "і", "рівний", "у"],
    "bg": ["всеки", "хора", "се", "раждам", "свободен", "и", "равня"],
    "sq": ["te", "gjithe", "njeri", "lind", "te", "lire", "dhe"],
    "ar": ["يولد", "جميع", "ناس", "احرار", "متساو", "في", "کرام"],
    "fa": ["تمام", "افراد", "بشر", "ازاد", "بدنیا", "میایند", "و"],
}


@pytest.mark.parametrize("lang", sorted(UDHR_ARTICLE_1))
def test_udhr_article_1_tokens(lang):
    assert tokens(lang, first_words(lang, 7)) == UDHR_ARTICLE_1[lang]


@pytest.mark.parametrize(
    "lang, kind",
    [
        ("fr", "snowball"),
        ("ar", "snowball"),
        ("fa", "snowball"),
        ("prs", "snowball"),
        ("pl", "snowball"),
        ("uk", "lemma"),
        ("bg", "lemma"),
        ("sq", "lemma"),
        ("ps", "ngram"),
        ("ti", "ngram"),
        ("so", "ngram"),
        ("ku", "ngram"),
        ("ckb", "ngram"),
    ],
)
def test_every_language_gets_the_best_analysis_that_exists(lang, kind):
    assert analysis_kind(lang) == kind


@pytest.mark.parametrize(
    "lang, a, b",
    [
        ("fr", "médecin", "MEDECIN"),  # accents and case
        ("fr", "sécurité", "securite"),
        ("fr", "hôpitaux", "hopital"),  # plural
        ("nl", "huisartsen", "huisarts"),
        ("de", "Schulen", "Schule"),
        ("es", "médicos", "medico"),
        ("ro", "școala", "scoala"),  # comma-below letters typed without
        ("tr", "okulları", "okul"),
        ("ru", "врачами", "врач"),
        ("ru", "ещё", "еще"),
        ("uk", "житла", "житло"),  # lemma: genitive → nominative
        ("bg", "училища", "училище"),
        ("sq", "shkollat", "shkollë"),
        ("pl", "mieszkania", "mieszkanie"),
        ("ar", "المدرسة", "مدرسة"),  # article
        ("ar", "والمدرسة", "مدرسة"),  # conjunction + article
        ("ar", "مَدْرَسَةٌ", "مدرسة"),  # tashkeel
        ("ar", "مـــدرسة", "مدرسة"),  # tatweel
        ("ar", "أطباء", "اطباء"),  # hamza on alef
        ("ar", "مستشفى", "مستشفي"),  # alef maksura / ya
        ("fa", "مدرسه‌ها", "مدرسه"),  # ZWNJ plural
        ("fa", "كتاب", "کتاب"),  # Arabic kaf / Persian keheh
        ("prs", "يك", "یک"),  # Arabic ya and kaf in Dari
        ("ps", "ښوونځي", "ښوونځی"),  # Pashto ya variants
    ],
)
def test_forms_that_must_meet(lang, a, b):
    assert tokens(lang, a)[0] == tokens(lang, b)[0]


def test_arabic_broken_plurals_meet_by_root():
    roots = root_analyzer("ar")
    assert tokens("ar", "مدرسة مدارس", roots) == ["درس", "درس"]
    assert tokens("ar", "وظيفة وظائف", roots) == ["وظف", "وظف"]
    # Persian numbers and Arabic-Indic digits are folded to ASCII.
    assert normalise_arabic_script("٢٠٢٦ ۱۴۰۵") == "2026 1405"


@pytest.mark.parametrize("lang", ["ps", "ti", "so", "ku", "ckb"])
def test_ngram_languages_index_the_word_and_its_grams(lang):
    text = first_words(lang, 3)
    result = tokens(lang, text)
    words = [fold_word(w, lang) for w in text.split()]
    assert words[0] in result
    longest = max(words, key=len)
    assert len(result) > len(words)
    assert any(len(t) < len(longest) and t in longest for t in result)


def test_tigrinya_grams_let_inflected_forms_meet():
    # ሰባት (people) inside ሰባትና: they share most of their grams.
    first, second = set(tokens("ti", "ሰባት")), set(tokens("ti", "ሰባትና"))
    assert len(first & second) >= len(first) - 1


def test_scripts():
    assert [script_of(w) for w in ["house", "житло", "مدرسة", "ሰባት", "2026"]] == ["Latn", "Cyrl", "Arab", "Ethi", None]


@pytest.mark.parametrize("lang", ["fr", "ar", "uk", "ti", "ps"])
def test_analyzers_survive_pickling_into_the_index(lang):
    analyzer = pickle.loads(pickle.dumps(language_analyzer(lang)))
    assert tokens(lang, first_words(lang, 4), analyzer) == tokens(lang, first_words(lang, 4))
