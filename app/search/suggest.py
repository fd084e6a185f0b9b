"""Suggestions as the visitor types: titles and keywords whose words start with what is typed,
then, in the visitor's language, those where it appears inside a word («تسجيل» in «التسجيل»).

Built in memory from the content, answered on every key press. Entries are numbered in the
order they are shown (titles before keywords, short before long), so the best suggestions of a
language are its lowest numbers. Per language, every short prefix (up to three letters) keeps its
entries in that order: "a" or "ж" is answered by reading the first few of them. A longer prefix
is found by binary search in the language's sorted words, and is rare enough to gather whole.
Either way a key press costs about the same on 40 articles or on 40,000.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from array import array
from dataclasses import dataclass

from ..content import ContentSet
from .analysis import WORD_PATTERN, fold_word, script_of
from .slots import query_words

_WORD = re.compile(WORD_PATTERN)
# Prefixes up to this length keep their entries in order; longer ones are looked up in the words.
_SHORT_PREFIX = 3
_AFTER_EVERY_PREFIX = "\U0010ffff"
# The visitor's own language is suggested in any script; other languages only in the script typed
# (digits typed: only entries without letters, such as phone numbers).
_ANY_SCRIPT = object()
# Typed text this long may match inside a word (a shorter one would match nearly everything).
_INSIDE_FROM = 3


@dataclass(frozen=True, slots=True)  # one per title and keyword: 43,000 at 24,000 documents
class Suggestion:
    text: str  # what to show and to search for
    lang: str
    article: str  # "topic/slug" it comes from
    kind: str  # "title" or "keyword"


@dataclass
class _LanguageWords:
    words: list[str]  # folded words, sorted
    entries: list[int]  # the entry each word comes from, in the same order
    short_prefixes: dict[str, array]  # "a", "ap", "apa": entries with a word starting so, best first
    numbers: array  # every entry of the language, best first (for matches inside words)
    # The words of every entry in ``numbers``' order, each entry after a line break, its words
    # separated by spaces: typed letters are found inside words by one str.find per candidate.
    text: str
    starts: array  # where each entry of ``numbers`` starts in ``text``


class Suggester:
    def __init__(self, content: ContentSet):
        found: dict[tuple[str, str], Suggestion] = {}
        for article in content.articles.values():
            for version in article.versions.values():
                candidates = [(version.title, "title")] + [(k, "keyword") for k in version.keywords]
                for text, kind in candidates:
                    key = (fold_word(text, version.lang), version.lang)
                    found.setdefault(key, Suggestion(text, version.lang, article.key, kind))
        # Numbered in the order they are shown; the visitor's language comes first at query time.
        self.entries = sorted(found.values(), key=lambda e: (e.kind != "title", len(e.text), e.text, e.lang))
        self.entry_words = [tuple(fold_word(w, e.lang) for w in _WORD.findall(e.text)) for e in self.entries]
        self.entry_scripts = [script_of(e.text) for e in self.entries]
        pairs: dict[str, list[tuple[str, int]]] = {}
        for number, entry in enumerate(self.entries):
            pairs.setdefault(entry.lang, []).extend((word, number) for word in set(self.entry_words[number]))
        self.languages: dict[str, _LanguageWords] = {}
        for lang, language_pairs in pairs.items():
            language_pairs.sort()
            short: dict[str, set[int]] = {}
            for word, number in language_pairs:
                for length in range(1, min(len(word), _SHORT_PREFIX) + 1):
                    short.setdefault(word[:length], set()).add(number)
            numbers = array("i", sorted({number for _, number in language_pairs}))
            pieces = ["\n" + " ".join(self.entry_words[number]) for number in numbers]
            starts = array("i", itertools.accumulate(map(len, pieces[:-1]), initial=0))
            self.languages[lang] = _LanguageWords(
                words=[word for word, _ in language_pairs],
                entries=[number for _, number in language_pairs],
                short_prefixes={prefix: array("i", sorted(numbers)) for prefix, numbers in short.items()},
                numbers=numbers,
                text="".join(pieces),
                starts=starts,
            )

    def suggest(self, text: str, lang: str, limit: int = 8) -> list[Suggestion]:
        """Entries where every typed word starts a word of the entry; the visitor's language first."""
        typed = [fold_word(w, lang) for w in query_words(text)]
        if not typed or not typed[-1]:
            return []
        # Other languages only in the script being typed: Latin letters suggest no Tigrinya title.
        script = script_of(typed[-1])
        own = self._best(self.languages.get(lang), typed, limit, script=_ANY_SCRIPT)
        if len(own) < limit:
            own += self._inside(self.languages.get(lang), typed, limit - len(own), set(own))
        others = heapq.nsmallest(
            limit,
            (
                number
                for code, language in self.languages.items()
                if code != lang
                for number in self._best(language, typed, limit, script)
            ),
        )
        return [self.entries[n] for n in (own + others)[:limit]]

    def _inside(self, language: _LanguageWords | None, typed: list[str], limit: int, found: set[int]) -> list[int]:
        """Entries where each typed word starts a word or, from three letters on, appears inside one.

        In the visitor's language only, and only when the prefixes found too few.
        """
        if language is None or all(len(part) < _INSIDE_FROM for part in typed):
            return []

        def inside(part: str, word: str) -> bool:
            return word.startswith(part) or (len(part) >= _INSIDE_FROM and part in word)

        # Every match has the longest typed word inside one of its words: the entries holding it
        # are found in the language's text (in C), best first, and only those are checked.
        anchor = max((part for part in typed if len(part) >= _INSIDE_FROM), key=len)
        text, starts, best = language.text, language.starts, []
        at = text.find(anchor)
        while at != -1:
            index = bisect.bisect_right(starts, at) - 1
            number = language.numbers[index]
            words = self.entry_words[number]
            if number not in found and all(any(inside(part, word) for word in words) for part in typed):
                best.append(number)
                if len(best) == limit:
                    break
            at = text.find(anchor, starts[index + 1]) if index + 1 < len(starts) else -1
        return best

    def _best(self, language: _LanguageWords | None, typed: list[str], limit: int, script) -> list[int]:
        """The language's `limit` best entries (lowest numbers) matching every typed word."""
        if language is None:
            return []

        def matches(number: int) -> bool:
            if script is not _ANY_SCRIPT and self.entry_scripts[number] != script:
                return False
            words = self.entry_words[number]
            return all(any(word.startswith(prefix) for word in words) for prefix in typed)

        # Start from the rarest typed word: an ordered list for a short prefix, else the words.
        sources = []
        for prefix in typed:
            if len(prefix) <= _SHORT_PREFIX:
                ordered = language.short_prefixes.get(prefix, ())
                sources.append((len(ordered), 0, ordered))
            else:
                first = bisect.bisect_left(language.words, prefix)
                last = bisect.bisect_right(language.words, prefix + _AFTER_EVERY_PREFIX, first)
                sources.append((last - first, 1, language.entries[first:last]))
        count, unordered, numbers = min(sources, key=lambda source: source[:2])
        if count == 0:
            return []
        if unordered:
            return heapq.nsmallest(limit, {n for n in numbers if matches(n)})
        best = []
        for number in numbers:
            if matches(number):
                best.append(number)
                if len(best) == limit:
                    break
        return best
