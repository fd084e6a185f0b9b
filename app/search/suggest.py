"""Suggestions as the visitor types: titles and keywords whose words start with what is typed.

Built in memory from the content (a few thousand entries), answered with a binary search over
sorted word prefixes: fast enough to call on every key press.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..content import ContentSet
from .analysis import WORD_PATTERN, fold_word, script_of
from .query import query_words

_WORD = re.compile(WORD_PATTERN)


@dataclass(frozen=True)
class Suggestion:
    text: str  # what to show and to search for
    lang: str
    article: str  # "topic/slug" it comes from
    kind: str  # "title" or "keyword"


class Suggester:
    def __init__(self, content: ContentSet):
        self.entries: list[Suggestion] = []
        self.words: list[tuple[str, int]] = []  # (folded word, entry number), sorted
        self.entry_words: list[tuple[str, ...]] = []
        seen = set()
        for article in content.articles.values():
            for version in article.versions.values():
                candidates = [(version.title, "title")] + [(k, "keyword") for k in version.keywords]
                for text, kind in candidates:
                    key = (fold_word(text, version.lang), version.lang)
                    if key in seen:
                        continue
                    seen.add(key)
                    number = len(self.entries)
                    self.entries.append(Suggestion(text, version.lang, article.key, kind))
                    folded = tuple(fold_word(w, version.lang) for w in _WORD.findall(text))
                    self.entry_words.append(folded)
                    self.words.extend((word, number) for word in set(folded))
        self.words.sort()

    def suggest(self, text: str, lang: str, limit: int = 8) -> list[Suggestion]:
        """Entries where every typed word starts a word of the entry; the visitor's language first."""
        typed = [fold_word(w, lang) for w in query_words(text)]
        if not typed or not typed[-1]:
            return []
        candidates = self._starting_with(typed[-1])
        for word in typed[:-1]:
            candidates &= self._starting_with(word)
        # Other languages only in the script being typed: Latin letters suggest no Tigrinya title.
        script = script_of(typed[-1])
        candidates = {
            n for n in candidates if self.entries[n].lang == lang or script_of(self.entries[n].text) == script
        }
        ranked = sorted(
            candidates,
            key=lambda n: (
                self.entries[n].lang != lang,
                self.entries[n].kind != "title",
                len(self.entries[n].text),
                self.entries[n].text,
            ),
        )
        return [self.entries[n] for n in ranked[:limit]]

    def _starting_with(self, prefix: str) -> set[int]:
        start = bisect.bisect_left(self.words, (prefix, -1))
        found = set()
        for word, number in self.words[start:]:
            if not word.startswith(prefix):
                break
            found.add(number)
        return found
