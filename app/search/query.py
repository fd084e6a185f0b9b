"""Searching: words in, ranked articles out. The visitor's words are never parsed as syntax."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import And, Or, Term

from ..content import ContentSet
from .index import CURRENT, current_build
from .schema import FIELD_BOOSTS, WORD_PATTERN

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_WORD = re.compile(WORD_PATTERN)


@dataclass(frozen=True)
class Hit:
    article: str   # "topic/slug"
    lang: str      # the language of the document that matched
    score: float


@dataclass(frozen=True)
class SearchOutcome:
    words: tuple[str, ...]
    hits: tuple[Hit, ...]
    available: bool = True   # False when there is no index to search


def query_words(text: str) -> tuple[str, ...]:
    """The words of a visitor's query, capped in length and count; everything else dropped."""
    text = (text or "")[:MAX_QUERY_CHARS]
    return tuple(_WORD.findall(text))[:MAX_QUERY_WORDS]


class Searcher:
    """Searches the live index and follows it when a new build is swapped in."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._target: str | None = None
        self._searcher = None

    def _current_searcher(self):
        try:
            target = os.readlink(self.index_dir / CURRENT)
        except OSError:
            target = None
        if target != self._target or self._searcher is None:
            self._close()
            build = current_build(self.index_dir)
            if build is not None:
                self._searcher = whoosh_index.open_dir(build).searcher()
            self._target = target
        return self._searcher

    def _close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def search(self, text: str, lang: str, limit: int = 20) -> SearchOutcome:
        """Articles matching every word (else any word), the visitor's language first."""
        words = query_words(text)
        if not words:
            return SearchOutcome(words, ())
        with self._lock:
            try:
                searcher = self._current_searcher()
            except (OSError, whoosh_index.EmptyIndexError):
                # The index folder vanished or is being replaced: search later, serve pages now.
                self._close()
                self._target = None
                return SearchOutcome(words, (), available=False)
            if searcher is None:
                return SearchOutcome(words, (), available=False)
            for combine in (And, Or):
                query = self._query(searcher, words, combine)
                if query is None:
                    break
                hits = self._ranked_hits(searcher, query, lang, limit)
                if hits:
                    return SearchOutcome(words, hits)
            return SearchOutcome(words, ())

    def _query(self, searcher, words, combine):
        schema = searcher.schema
        per_word = []
        for word in words:
            alternatives = []
            for field, boost in FIELD_BOOSTS.items():
                for token in schema[field].analyzer(word):
                    alternatives.append(Term(field, token.text, boost=boost))
            if alternatives:
                per_word.append(Or(alternatives))
        return combine(per_word) if per_word else None

    def _ranked_hits(self, searcher, query, lang, limit) -> tuple[Hit, ...]:
        # The visitor's own language first, then every language; one hit per article.
        seen: dict[str, Hit] = {}
        own = searcher.search(query, limit=limit, filter=Term("lang", lang))
        for result in own:
            seen.setdefault(result["article"], Hit(result["article"], result["lang"], result.score))
        if len(seen) < limit:
            for result in searcher.search(query, limit=limit * 4):
                if result["article"] not in seen:
                    seen[result["article"]] = Hit(result["article"], result["lang"], result.score)
        return tuple(list(seen.values())[:limit])


def present(outcome: SearchOutcome, content: ContentSet, lang: str, fallbacks: tuple[str, ...]):
    """Each hit as the article version to show: the visitor's language where it exists."""
    shown = []
    for hit in outcome.hits:
        article = content.articles.get(hit.article)
        if article is None:
            continue  # indexed from an older content revision
        version = article.versions.get(lang) or article.versions.get(hit.lang) or article.best_version(lang, fallbacks)
        if version is not None:
            shown.append((article, version))
    return shown
