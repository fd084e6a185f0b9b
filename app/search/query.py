"""Searching: words in, ranked articles out. The visitor's words are never parsed as syntax.

A query is a list of words (no field names, wildcards, ranges or boosts). Each word becomes a
slot of alternatives: the word itself, its spelling correction when it is not a known word, and
the staff's synonyms. Slots are analysed per language, searched in the visitor's language first,
then in every language; one hit per article.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from ..content import ContentSet
from .analysis import analysis_kind, script_of
from .builds import CURRENT, IndexCorrupt, current_build, file_signature, verify_build
from .opened_build import OpenBuild
from .slots import meaningful, query_slots, query_words
from .snippet import snippet_from
from .terms import Or, language_query
from .upkeep import IndexUpkeep

# A search that fails inside Whoosh has the build's checksums checked, at most this often.
VERIFY_AFTER_FAILURE_SECONDS = 30.0
# How often the open build's files are looked at (size and time: cheap) for a change on disk.
FILES_CHECK_SECONDS = 2.0
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    article: str  # "topic/slug"
    lang: str  # the language of the document that matched
    score: float
    # The matched document in its build, whose stored text makes the snippet. Not the text
    # itself: cached outcomes would keep thousands of article texts in every worker.
    document: int = field(default=-1, repr=False, compare=False)


@dataclass(frozen=True)
class SearchOutcome:
    words: tuple[str, ...]
    hits: tuple[Hit, ...]
    available: bool = True  # False when there is no index to search
    suggestion: str | None = None  # "did you mean": the query with its spelling corrected
    query_tokens: dict = field(default_factory=dict, repr=False, compare=False)  # per language, for snippets
    build: str | None = field(default=None, repr=False, compare=False)  # the index build searched


class Searcher:
    """Searches the live index and follows it when a new build is swapped in.

    A build whose files fail their checksums (or that Whoosh cannot read) is not searched:
    search answers "unavailable" and ``upkeep``, when given, builds the index again.
    """

    RESULT_CACHE_SIZE = 2000

    def __init__(self, index_dir: Path, upkeep: IndexUpkeep | None = None):
        self.index_dir = Path(index_dir)
        # Read on every search (twice): a string, as a Path is joined and converted each time.
        self._link = os.fspath(self.index_dir / CURRENT)
        self.upkeep = upkeep
        self._lock = threading.Lock()
        self._target: str | None = None
        self._open: OpenBuild | None = None
        self._broken: str | None = None  # the build found corrupt: not opened again
        self._verified_after_failure = -VERIFY_AFTER_FAILURE_SECONDS
        self._files_checked_at = time.monotonic()
        # Popular searches ("CPAS", "logement") answered again without Whoosh, per index build.
        self._results: OrderedDict = OrderedDict()

    def _current(self) -> OpenBuild | None:
        try:
            target = os.readlink(self._link)
        except OSError:
            target = None
        if target != self._target or self._open is None:
            self._close()
            build = current_build(self.index_dir)
            if build is not None and target != self._broken:
                try:
                    verify_build(build)
                    self._open = OpenBuild(build)
                except Exception as error:  # noqa: BLE001 - IndexCorrupt, or anything Whoosh cannot read
                    self._mark_broken(target, error)
            self._target = target
        if self._open is None and self.upkeep is not None:
            self.upkeep.poke(broken=True)
        return self._open

    def _mark_broken(self, target: str | None, error: Exception) -> None:
        log.error(
            "search index build %s is unusable (%s: %s): search is unavailable until it is built again",
            target,
            type(error).__name__,
            error,
        )
        self._close()
        self._broken = target

    def _close(self) -> None:
        self._results.clear()
        if self._open is not None:
            self._open.close()
            self._open = None

    def warm(self) -> None:
        """Open the live index and load what its first query would (a gunicorn worker at start)."""
        with self._lock:
            try:
                opened = self._current()
                if opened is not None:
                    opened.warm()
            except (OSError, whoosh_index.EmptyIndexError):
                # The index is being deleted or replaced as this worker starts: the worker must
                # still start (gunicorn stops every worker when one fails to boot); the first
                # search opens whatever is live then.
                self._close()
                self._target = None

    @property
    def revision(self) -> str | None:
        """The live build's name: it changes with every build (for caches)."""
        try:
            return os.readlink(self._link)
        except OSError:
            return None

    def search(self, text: str, lang: str, limit: int = 20, synonyms=None) -> SearchOutcome:
        """Articles matching every word (else any word), the visitor's language first."""
        words = query_words(text)
        if not words:
            return SearchOutcome(words, ())
        with self._lock:
            try:
                opened = self._current()
                if opened is not None and time.monotonic() - self._files_checked_at > FILES_CHECK_SECONDS:
                    self._files_checked_at = time.monotonic()
                    opened = opened if self._intact(opened) else None
                if opened is None:
                    return SearchOutcome(words, (), available=False)
                key = (self._target, words, lang, limit, id(synonyms))
                outcome = self._results.get(key)
                if outcome is None:
                    outcome = self._search(opened, words, lang, limit, synonyms or {})
                    self._results[key] = outcome
                    if len(self._results) > self.RESULT_CACHE_SIZE:
                        self._results.popitem(last=False)
                else:
                    self._results.move_to_end(key)
                return outcome
            except (OSError, whoosh_index.EmptyIndexError):
                # The index folder vanished or is being replaced: search later, serve pages now.
                self._close()
                self._target = None
                return SearchOutcome(words, (), available=False)
            except Exception as error:  # noqa: BLE001 - never a 500 from the index
                self._after_failure(error)
                return SearchOutcome(words, (), available=False)
            finally:
                if self.upkeep is not None:
                    self.upkeep.poke()  # older than the content served? (looked at now and then)

    def _after_failure(self, error: Exception) -> None:
        """A search failed inside Whoosh: a build changed on disk after it was opened, or a bug.
        Its checksums tell which (checked now and then, so failing queries cannot keep the disk busy)."""
        # The kind of error only: its message may hold the visitor's words, which are never logged.
        log.error("search failed inside the index (%s)", type(error).__name__)
        now = time.monotonic()
        if self._open is not None and now - self._verified_after_failure >= VERIFY_AFTER_FAILURE_SECONDS:
            self._verified_after_failure = now
            self._intact(self._open, force=True)

    def _intact(self, opened: OpenBuild, force: bool = False) -> bool:
        """Whether the open build's files are still those it was built with; if not, it is marked
        broken (search unavailable) and built again. Checksums only when a file was touched."""
        try:
            if not force and file_signature(opened.build) == opened.signature:
                return True
            verify_build(opened.build)
            opened.signature = file_signature(opened.build)  # touched, same bytes
            return True
        except (IndexCorrupt, OSError) as error:
            self._mark_broken(self._target, error)
            if self.upkeep is not None:
                self.upkeep.poke(broken=True)
            return False

    def _search(self, opened: OpenBuild, words, lang, limit, synonyms) -> SearchOutcome:
        corrections = opened.speller.corrections(words, lang)
        own = lang if lang in opened.languages else None
        # Other languages are searched only when they are written in a script the query uses:
        # "housing" is looked for in English, French…, not in Pashto or Tigrinya.
        scripts = {script_of(word) for word in words} - {None}
        others = [code for code in opened.languages if code != own and (not scripts or opened.scripts[code] in scripts)]
        found: dict[str, Hit] = {}
        query_tokens: dict[str, set[str]] = {}
        for group, strict, grams in _passes(own, others):
            if found:
                break
            queries = []
            for code in group:
                slots = meaningful(query_slots(words, corrections, synonyms.get(code, ()), code), (code, lang))
                query = language_query(opened, code, slots, strict, query_tokens, grams=grams)
                if query is not None:
                    queries.append(query)
            if not queries:
                continue
            best = opened.top_documents(queries[0] if len(queries) == 1 else Or(queries), limit * 3)
            for document, score in best:
                key, hit_lang = opened.hit_key(document)
                if key not in found and len(found) < limit:
                    found[key] = Hit(key, hit_lang, score, document=document)
        suggestion = None
        if corrections and found:
            suggestion = " ".join(corrections.get(word, word) for word in words)
        return SearchOutcome(
            words, tuple(found.values()), suggestion=suggestion, query_tokens=query_tokens, build=self._target
        )

    def snippet(self, outcome: SearchOutcome, hit: Hit) -> str:
        """HTML-safe text around the words that matched in ``hit`` (made only for hits shown)."""
        with self._lock:
            opened = self._open
            if opened is None or hit.document < 0 or outcome.build != self._target:
                return ""  # no index now, or another build than the one searched
            try:
                analysed = opened.analysed_text(hit.document, hit.lang)
                return snippet_from(analysed, outcome.query_tokens.get(hit.lang, set())) if analysed else ""
            except Exception as error:  # noqa: BLE001 - a result without its snippet, never a 500
                log.error("snippet failed (%s)", type(error).__name__)
                return ""


def _passes(own: str | None, others: list[str]):
    """The searches made, in order, until one finds something: (languages, every word?, grams?).

    Every word before any word. The visitor's language first, the others (in one search) only
    when it found nothing: every article has its title, summary and keywords in every offered
    language, so the visitor's language already finds what the others would. In languages
    searched by character n-grams, whole words before grams: a word as the content writes it
    is a precise match and cheap, where its grams meet most of the texts of a large index;
    grams are for parts of words and misspellings. Grams only in the visitor's own language.
    """
    for strict in (True, False):
        if own is not None:
            if analysis_kind(own) == "ngram":
                yield [own], strict, False
            yield [own], strict, True
        if others:
            yield others, strict, False


def present(outcome: SearchOutcome, content: ContentSet, lang: str, fallbacks: tuple[str, ...]):
    """Each hit as (article, version, hit): in the visitor's language where it exists."""
    shown = []
    for hit in outcome.hits:
        article = content.articles.get(hit.article)
        if article is None:
            continue  # indexed from an older content revision
        version = article.versions.get(lang) or article.versions.get(hit.lang) or article.best_version(lang, fallbacks)
        if version is not None:
            shown.append((article, version, hit))
    return shown
