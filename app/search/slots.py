"""A visitor's query as slots: one per word, each a list of alternatives (the word, its spelling
correction, the staff's synonyms that cover it), without those made of stop words only. No Flask."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .analysis import WORD_PATTERN, fold_word, is_stop_word

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_WORD = re.compile(WORD_PATTERN)


def query_words(text: str) -> tuple[str, ...]:
    """The words of a visitor's query, capped in length and count; everything else dropped."""
    text = (text or "")[:MAX_QUERY_CHARS]
    return tuple(_WORD.findall(text))[:MAX_QUERY_WORDS]


@dataclass
class Slot:
    """One position of the query: alternative phrases (tuples of words), any of which may match."""

    alternatives: list[tuple[str, ...]] = field(default_factory=list)


def query_slots(words, corrections, synonym_groups, lang) -> list[Slot]:
    """One slot per word (with its correction), then synonyms merged over the words they cover."""
    folded = [fold_word(word, lang) for word in words]
    slots = [Slot([(word,)] + ([(corrections[word],)] if word in corrections else [])) for word in words]
    corrected = [fold_word(corrections.get(word, word), lang) for word in words]
    by_first_word = _synonyms_by_first_word(tuple(synonym_groups), lang)
    merged, position = [], 0
    while position < len(slots):
        match = _synonym_at(folded, corrected, position, by_first_word)
        if match is None:
            merged.append(slots[position])
            position += 1
            continue
        length, group = match
        merged.append(Slot([member for member in group if member]))
        position += length
    return merged


def meaningful(slots, langs) -> list[Slot]:
    """The slots without their alternatives made of stop words only (in the language searched
    or the visitor's): "not", or "becuase" corrected to "because", would match nearly any article
    by itself. A slot left with no alternative is left out."""

    def only_stop_words(phrase) -> bool:
        return all(any(is_stop_word(word, lang) for lang in langs) for word in phrase)

    kept = [Slot([phrase for phrase in slot.alternatives if not only_stop_words(phrase)]) for slot in slots]
    return [slot for slot in kept if slot.alternatives]


@functools.lru_cache(maxsize=64)
def _folded_groups(synonym_groups: tuple, lang: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The synonym groups of a language, each member folded into its words: made once per
    content load (they were folded again for every language of every search)."""
    return tuple(
        tuple(tuple(fold_word(w, lang) for w in _WORD.findall(member)) for member in group) for group in synonym_groups
    )


@functools.lru_cache(maxsize=64)
def _synonyms_by_first_word(synonym_groups: tuple, lang: str) -> dict[str, list[tuple[int, tuple[str, ...], tuple]]]:
    """Every synonym phrase of a language under its first word, with its group and the group's
    place in the list: a query's word is looked up, not compared with every phrase of every group."""
    index: dict[str, list] = {}
    for number, group in enumerate(_folded_groups(synonym_groups, lang)):
        for member in group:
            if member:
                index.setdefault(member[0], []).append((number, member, group))
    return index


def _synonym_at(folded, corrected, position, by_first_word):
    """(number of words, group) for the longest synonym phrase starting at ``position`` (of
    phrases as long, the one of the group listed first)."""
    best = None  # (size, group number, group)
    for words in (folded, corrected):
        for number, member, group in by_first_word.get(words[position], ()):
            size = len(member)
            if tuple(words[position : position + size]) != member:
                continue
            if best is None or size > best[0] or (size == best[0] and number < best[1]):
                best = (size, number, group)
    return None if best is None else (best[0], best[2])
