"""Text analysis per language: the best that exists for each one.

- Snowball stemming (PyStemmer) where Snowball has the language;
- lemmas (simplemma) where Snowball has none but simplemma does (Ukrainian, Bulgarian, Albanian);
- character n-grams where neither exists (Pashto, Tigrinya, Somali, Kurdish);
- Arabic-script normalisation before any of these (Arabic, Farsi, Dari, Pashto, Sorani);
- accent folding for Latin scripts, so "medecin" finds "médecin".

Whoosh pickles analyzers into the index, so every filter here is a module-level class whose
state is plain data (stemmers and lemmatisers are created lazily and never pickled).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer
from whoosh.lang.stopwords import stoplists as snowball_stoplists
from whoosh.support.charset import accent_map

from ..languages import LANGUAGE_FACTS, UnknownLanguage, describe_language, facts_of
from . import isri

# Letters, digits, combining marks (Arabic vowel signs are not \w) and the zero-width non-joiner
# that Persian writes inside words (مدرسه‌ها).
WORD_PATTERN = r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u200c]+"

# Derived from the language registry (app/languages/facts.py), where each language's record says
# how it is analysed; nothing here lists languages.
SNOWBALL = {code: facts.snowball for code, facts in LANGUAGE_FACTS.items() if facts.snowball}
LEMMATISED = {code: facts.lemmas for code, facts in LANGUAGE_FACTS.items() if facts.lemmas and not facts.snowball}
ROOTED = frozenset(code for code, facts in LANGUAGE_FACTS.items() if facts.rooted)


@cache
def script_family(lang: str) -> str:
    """The ISO 15924 script ``lang`` is written in (CLDR), "Latn" for a code CLDR does not know."""
    try:
        return describe_language(lang).script
    except UnknownLanguage:
        return "Latn"


@cache
def stop_words(lang: str) -> frozenset[str]:
    """``lang``'s words without meaning of their own, folded like the visitor's words (fold_word)."""
    facts = facts_of(lang)
    words = snowball_stoplists[lang] if facts.snowball_stop_words else facts.stop_words.split()
    return frozenset(fold_word(word, lang) for word in words)


# Remembered: a search asks it of each of its words in every language it searches.
@lru_cache(maxsize=20_000)
def is_stop_word(word: str, lang: str) -> bool:
    return fold_word(word, lang) in stop_words(lang)


_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef variants
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ۍ": "ي",  # alef maksura, Persian and Pashto ya
        "ئ": "ي",
        "ؤ": "و",  # hamza seats
        "ك": "ک",  # Arabic kaf → keheh (Persian, Pashto, Sorani)
        "ۀ": "ه",  # heh with yeh above (Persian ezafe)
        "ـ": None,
        "\u200c": None,
        "\u200d": None,  # tatweel, ZWNJ, ZWJ
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    }
)


# Outside Arabic, ta marbuta is written as heh more often than not; Arabic's stemmer needs it.
_TA_MARBUTA_FOLD = str.maketrans({"ة": "ه"})
# "and the", "so the": Snowball strips the article but not a conjunction in front of it.
_ARABIC_CONJUNCTION = re.compile(r"^[وف](?=ال.{2,})")


def normalise_arabic_script(text: str, lang: str = "fa") -> str:
    """One spelling for the letters that people type in several ways."""
    text = _TASHKEEL.sub("", text).translate(_ARABIC_FOLD)
    if lang == "ar":
        return _ARABIC_CONJUNCTION.sub("", text)
    return text.translate(_TA_MARBUTA_FOLD)


class ArabicScriptFilter(Filter):
    """Alef, ya, kaf (and outside Arabic ta marbuta) variants, tashkeel, tatweel, ZWNJ."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, tokens):
        for token in tokens:
            token.text = normalise_arabic_script(token.text, self.lang)
            if token.text:
                yield token


class CyrillicFilter(Filter):
    """ё is written е more often than not."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = token.text.replace("ё", "е")
            yield token


@cache
def _stemmer(algorithm: str):
    import Stemmer

    return Stemmer.Stemmer(algorithm)


class SnowballFilter(Filter):
    """Snowball stems from PyStemmer (C, fast)."""

    def __init__(self, algorithm: str):
        self.algorithm = algorithm

    def __call__(self, tokens):
        stem = _stemmer(self.algorithm).stemWord
        for token in tokens:
            token.text = stem(token.text)
            yield token


class LemmaFilter(Filter):
    """Dictionary lemmas from simplemma, for languages Snowball does not cover.

    Read from simplemma's compressed dictionary files on demand (``low_memory``: the same lemmas):
    loaded whole, the Ukrainian, Bulgarian and Albanian dictionaries took ~100 MB per worker.
    """

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, tokens):
        from simplemma import lemmatize

        for token in tokens:
            token.text = lemmatize(token.text, lang=self.lang, low_memory=True).lower()
            yield token


class ArabicRootFilter(Filter):
    """Arabic roots (ISRI): مدرسة and its broken plural مدارس both give درس."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = isri.stem(token.text)
            yield token


class WordAndNgramFilter(Filter):
    """The whole word plus its character n-grams, so partial and inflected forms still meet."""

    def __init__(self, minsize: int, maxsize: int):
        self.minsize, self.maxsize = minsize, maxsize

    def __call__(self, tokens):
        for token in tokens:
            word = token.text
            yield token
            if len(word) <= self.minsize:
                continue
            for size in range(self.minsize, min(self.maxsize, len(word) - 1) + 1):
                for start in range(len(word) - size + 1):
                    token.text = word[start : start + size]
                    yield token


def _base(lang: str, fold_accents: bool = True):
    analyzer = RegexTokenizer(WORD_PATTERN) | LowercaseFilter()
    script = script_family(lang)
    if script == "Arab":
        analyzer = analyzer | ArabicScriptFilter(lang)
    elif script == "Cyrl":
        analyzer = analyzer | CyrillicFilter()
    elif script != "Ethi" and fold_accents:
        analyzer = analyzer | CharsetFilter(accent_map)
    return analyzer


def language_analyzer(lang: str):
    """The analyzer for documents and queries in ``lang``."""
    if lang in SNOWBALL:
        if facts_of(lang).stem_before_folding:
            return _base(lang, fold_accents=False) | SnowballFilter(SNOWBALL[lang]) | CharsetFilter(accent_map)
        # Fold, then stem: "securite" and "sécurité" must give the same stem.
        return _base(lang) | SnowballFilter(SNOWBALL[lang])
    if lang in LEMMATISED:
        # Lemmatise, then fold: the lemma dictionary needs the accents ("njerëzit").
        analyzer = _base(lang, fold_accents=False) | LemmaFilter(LEMMATISED[lang])
        return analyzer if script_family(lang) == "Cyrl" else analyzer | CharsetFilter(accent_map)
    minsize, maxsize = facts_of(lang).ngram_sizes
    return _base(lang) | WordAndNgramFilter(minsize, maxsize)


class ArabicMarksFilter(Filter):
    """Only tashkeel and tatweel removed: the root stemmer needs hamza seats as written."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = _ARABIC_CONJUNCTION.sub("", _TASHKEEL.sub("", token.text).replace("ـ", ""))
            if token.text:
                yield token


def root_analyzer(lang: str):
    """A second, coarser analysis for languages with broken plurals (Arabic)."""
    return RegexTokenizer(WORD_PATTERN) | ArabicMarksFilter() | ArabicRootFilter()


def analysis_kind(lang: str) -> str:
    """How ``lang`` is analysed: 'snowball', 'lemma' or 'ngram' (for documentation and tests)."""
    if lang in SNOWBALL:
        return "snowball"
    if lang in LEMMATISED:
        return "lemma"
    return "ngram"


def fold_word(word: str, lang: str) -> str:
    """A word as typed, lower-cased and folded like the index but not stemmed (spelling, suggest)."""
    word = word.lower()
    script = script_family(lang)
    if script == "Arab":
        return normalise_arabic_script(word, lang)
    if script == "Cyrl":
        return word.replace("ё", "е")
    if script == "Ethi":
        return word
    # The index folds with Whoosh's accent map (``_base``): the same table here, so that a word
    # folds alike in both ("łódź" is "lodz" in each; Unicode decomposition alone keeps the "ł").
    return word.translate(accent_map)


def script_of(word: str) -> str | None:
    """The ISO 15924 script of a word's first letter ('Latn', 'Arab', 'Cyrl', 'Ethi'), None for digits."""
    for char in word:
        code = ord(char)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return "Arab"
        if 0x0400 <= code <= 0x052F:
            return "Cyrl"
        if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
            return "Ethi"
        if char.isalpha():
            return "Latn"
    return None
