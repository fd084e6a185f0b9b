"""Plain-language figures: a Flesch reading-ease score per article, per language.

Syllables come from Pyphen's hyphenation dictionaries (offline). Each language uses the Flesch
variant calibrated for it; languages without a calibrated variant get no score (None).
Higher is easier: 60-70 is plain language, above 80 is easy.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from statistics import median

import pyphen

from ..languages import LANGUAGE_FACTS

# score = base - sentence_weight * (words per sentence) - syllable_weight * (syllables per word);
# each language's record (app/languages/facts.py) holds its calibrated weights, where one exists.
_FLESCH = {code: facts.flesch for code, facts in LANGUAGE_FACTS.items() if facts.flesch}
SCORED_LANGUAGES = tuple(_FLESCH)

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|blockquote)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    words_per_sentence: float
    syllables_per_word: float
    score: float | None


@cache
def _hyphenator(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=lang)


def _syllables(word: str, lang: str) -> int:
    return max(1, len(_hyphenator(lang).positions(word.lower())) + 1)


def sentences_of(body_html: str) -> list[str]:
    """Sentences of rendered HTML; headings and list items count as sentences of their own."""
    text = html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", body_html)))
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if _WORD.search(s)]


def measure(body_html: str, lang: str) -> Readability:
    """Words, sentences and (where the language has a calibrated formula) the Flesch score."""
    sentences = sentences_of(body_html)
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words:
        return Readability(0, 0, 0.0, 0.0, None)
    words_per_sentence = len(words) / len(sentences)
    score = syllables_per_word = None
    if lang in _FLESCH:
        syllables_per_word = sum(_syllables(w, lang) for w in words) / len(words)
        base, sentence_weight, syllable_weight = _FLESCH[lang]
        score = base - sentence_weight * words_per_sentence - syllable_weight * syllables_per_word
        score = round(min(100.0, max(0.0, score)), 1)
    return Readability(
        len(words), len(sentences), round(words_per_sentence, 1), round(syllables_per_word or 0.0, 2), score
    )


def median_score(readings: list[Readability]) -> float | None:
    scores = [r.score for r in readings if r.score is not None]
    return round(median(scores), 1) if scores else None
