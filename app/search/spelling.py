"""Spelling correction on each language's vocabulary (SymSpell), not fuzzy terms in the index:
a typo costs a dictionary look-up, never a scan of the whole term list.

Two dictionaries per language: the words as written in the content, and their stems or lemmas
(as the index analyses them). A typo in an inflected form the content never uses ("registations",
"поликлиникой") is no word of the first but is close to a stem of the second.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from .analysis import fold_word, script_of

# Edits forgiven in a stem: stems are short, and a second edit in every stem would double the
# memory of the stem dictionaries (measured on the shipped content: 32 MB more per worker with
# one edit, 61 MB with two).
STEM_EDITS = 1


def allowed_edits(word: str) -> int:
    """One edit forgiven in words of 5+ letters, two in words of 9+."""
    return 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0


@dataclass(frozen=True)
class _Candidate:
    distance: int
    count: int
    word: str  # as written in the content: what the query is searched with
    by_stem: bool = False  # a stem is shorter than its word: an edit in it is weaker evidence

    def better_than(self, other: _Candidate | None) -> bool:
        return other is None or self._rank() < other._rank()

    def _rank(self):
        return (self.distance, self.by_stem, -self.count)


class _DeletesBeingMade:
    """What symspellpy fills while a dictionary is made (``deletes[delete].append(word)``): the
    hash of each delete, and the number of the word that gave it. The delete strings are dropped
    as soon as they are hashed."""

    def __init__(self):
        self.hashes = array("q")
        self.numbers = array("I")
        self.words: list[str] = []
        self._hash = 0

    def __getitem__(self, delete: str) -> _DeletesBeingMade:
        self._hash = hash(delete)
        return self

    def append(self, word: str) -> None:
        # symspellpy makes all the deletes of a new word one after another.
        if not self.words or self.words[-1] != word:
            self.words.append(word)
        self.hashes.append(self._hash)
        self.numbers.append(len(self.words) - 1)

    def frozen(self) -> _Deletes:
        # A stable sort: a delete's words stay in the order they came, as in symspellpy's lists.
        order = sorted(range(len(self.hashes)), key=self.hashes.__getitem__)
        return _Deletes(
            array("q", [self.hashes[position] for position in order]),
            array("I", [self.numbers[position] for position in order]),
            tuple(self.words),
        )


class _Deletes:
    """SymSpell's table of deletes as two arrays sorted by the deletes' hashes: each item a
    delete's hash and the number of a word that gives it.

    symspellpy keeps a dict of lists: ~430,000 deletes for the benchmark's twelve languages, each
    a string, a list and a dict entry (over 100 bytes). Two array items take 12 bytes. Look-ups
    (``delete in table``, ``table[delete]``) find the hash by bisection. Two deletes with the same
    64-bit hash would only make symspellpy compare the typed word with a few more words, whose
    distance it computes anyway.
    """

    __slots__ = ("_hashes", "_numbers", "_words")

    def __init__(self, hashes: array, numbers: array, words: tuple[str, ...]):
        self._hashes = hashes
        self._numbers = numbers
        self._words = words

    def __contains__(self, delete: str) -> bool:
        key = hash(delete)
        position = bisect_left(self._hashes, key)
        return position < len(self._hashes) and self._hashes[position] == key

    def __getitem__(self, delete: str) -> tuple[str, ...]:
        key = hash(delete)
        start = bisect_left(self._hashes, key)
        end = bisect_right(self._hashes, key, start)
        if start == end:
            raise KeyError(delete)
        return tuple(self._words[self._numbers[position]] for position in range(start, end))

    def __len__(self) -> int:
        return len(set(self._hashes))


class _Dictionary:
    """One language's SymSpell dictionary over folded keys, each standing for the form written
    most often in the content."""

    def __init__(self, max_edits: int = 2):
        from symspellpy import SymSpell

        self.max_edits = max_edits
        self.symspell = SymSpell(max_dictionary_edit_distance=max_edits, prefix_length=7)
        self.symspell._deletes = _DeletesBeingMade()
        self.written: dict[str, tuple[int, str]] = {}  # folded key: (count, word as written)

    def add(self, key: str, written: str, count: int) -> None:
        self.symspell.create_dictionary_entry(key, count)
        if count > self.written.get(key, (0, ""))[0]:
            self.written[key] = (count, written)

    def freeze(self) -> None:
        """Once every word is added: the deletes sorted for look-ups (see _Deletes)."""
        self.symspell._deletes = self.symspell._deletes.frozen()

    def closest(self, key: str, edits: int, by_stem: bool = False) -> _Candidate | None:
        from symspellpy import Verbosity

        suggestions = self.symspell.lookup(key, Verbosity.CLOSEST, max_edit_distance=min(edits, self.max_edits))
        if not suggestions:
            return None
        top = suggestions[0]
        return _Candidate(top.distance, top.count, self.written[top.term][1], by_stem)


class Speller:
    """Known words per language (as written, lower-cased), with their counts in the content.

    ``stem(lang, word)``: the stem or lemma the index makes of a word, or None where the language
    has none (n-gram languages); without it, only words as written are corrected.
    """

    def __init__(
        self,
        vocabulary: dict[str, dict[str, int]],
        scripts: dict[str, str] | None = None,
        stem: Callable[[str, str], str | None] | None = None,
    ):
        self.vocabulary = vocabulary
        self.scripts = scripts or {}
        self.stem = stem
        self.known = {fold_word(word, lang) for lang, words in vocabulary.items() for word in words}
        self._words: dict[str, _Dictionary] = {}
        self._stems: dict[str, _Dictionary | None] = {}

    def warm(self) -> None:
        """Build every language's dictionaries now rather than on a visitor's first typo."""
        for lang in self.vocabulary:
            self._dictionary(lang)
            self._stem_dictionary(lang)

    def _dictionary(self, lang: str) -> _Dictionary:
        if lang not in self._words:
            dictionary = _Dictionary()
            for word, count in self.vocabulary.get(lang, {}).items():
                dictionary.add(fold_word(word, lang), word, count)
            dictionary.freeze()
            self._words[lang] = dictionary
        return self._words[lang]

    def _stem_dictionary(self, lang: str) -> _Dictionary | None:
        """Stems or lemmas of ``lang``'s words; None where the language has none."""
        if lang not in self._stems:
            dictionary = None
            if self.stem is not None:
                for word, count in self.vocabulary.get(lang, {}).items():
                    stem = self.stem(lang, word)
                    if stem is None:
                        break  # a language searched by n-grams
                    dictionary = dictionary or _Dictionary(max_edits=STEM_EDITS)
                    if stem:
                        dictionary.add(stem, word, count)
            if dictionary is not None:
                dictionary.freeze()
            self._stems[lang] = dictionary
        return self._stems[lang]

    def _closest(self, word: str, lang: str, edits: int) -> _Candidate | None:
        """The closest word of ``lang`` as written; by its stem only when none is one edit away.
        A distance of 0 when the word is an inflection of a known stem (nothing to correct)."""
        best = self._dictionary(lang).closest(fold_word(word, lang), edits)
        stems = self._stem_dictionary(lang)
        if stems is None or (best is not None and best.distance <= 1):
            return best
        stem = self.stem(lang, word)
        if not stem:
            return best
        if stem in stems.written:
            return _Candidate(0, 0, word, by_stem=True)
        # No more edits than a word of the stem's length is allowed, and no more than one.
        by_stem = stems.closest(stem, min(edits, allowed_edits(stem)), by_stem=True)
        return by_stem if by_stem is not None and by_stem.better_than(best) else best

    def correct(self, word: str, lang: str) -> str | None:
        """The closest known word within the allowed edits, the visitor's language first."""
        edits = allowed_edits(word)
        if not edits:
            return None
        best = None
        script = script_of(word)
        for code in [lang] + [c for c in self.vocabulary if c != lang]:
            if code not in self.vocabulary or self.scripts.get(code, script) != script:
                continue
            if fold_word(word, code) in self.known:
                return None
            candidate = self._closest(word, code, edits)
            if candidate is not None:
                if candidate.distance == 0:
                    return None  # a known word's inflection: the index finds it by its stem
                if candidate.better_than(best):
                    best = candidate
                if code == lang and candidate.distance == 1:
                    break  # the visitor's own language, one edit away: good enough
        return best.word if best else None

    def corrections(self, words, lang: str) -> dict[str, str]:
        """{typed word: correction} for the words that are not known in any language."""
        corrected = {}
        for word in words:
            if fold_word(word, lang) in self.known:
                continue
            correction = self.correct(word, lang)
            if correction and fold_word(correction, lang) != fold_word(word, lang):
                corrected[word] = correction
        return corrected
