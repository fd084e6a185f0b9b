"""Searching: words in, ranked articles out. The visitor's words are never parsed as syntax.

A query is a list of words (no field names, wildcards, ranges or boosts). Each word becomes a
slot of alternatives: the word itself, its spelling correction when it is not a known word, and
the staff's synonyms. Slots are analysed per language, searched in the visitor's language first,
then in every language; one hit per article.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import math
import os
import re
import threading
import time
import weakref
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.query import And, Or, Term

from ..content import ContentSet
from ..languages import describe_language
from .analysis import WORD_PATTERN, analysis_kind, fold_word, is_stop_word, script_of
from .index import CURRENT, IndexCorrupt, IndexUpkeep, current_build, file_signature, verify_build
from .schema import field_boost, text_fields
from .spelling import Speller

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
SNIPPET_WORDS = 28
_WORD = re.compile(WORD_PATTERN)
# Grams of one word looked for (the rarest ones), in languages searched by character n-grams.
MOST_GRAMS = 6
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


def query_words(text: str) -> tuple[str, ...]:
    """The words of a visitor's query, capped in length and count; everything else dropped."""
    text = (text or "")[:MAX_QUERY_CHARS]
    return tuple(_WORD.findall(text))[:MAX_QUERY_WORDS]


@dataclass
class _Slot:
    """One position of the query: alternative phrases (tuples of words), any of which may match."""

    alternatives: list[tuple[str, ...]] = field(default_factory=list)


class _OpenIndex:
    """One build, opened: its Whoosh searcher, languages and spelling dictionaries."""

    def __init__(self, build: Path):
        self.build = build
        self.signature = file_signature(build)  # of the files whose checksums were just checked
        # Read through the file, not mmap: Whoosh copies each mmapped part of a compound segment
        # into a BytesIO, so a 170 MB index became 170 MB more in every worker, for no speed gain.
        self.index = FileStorage(str(build), supports_mmap=False).open_index()
        self.searcher = self.index.searcher()
        # The segment files stay open while the build is searched: closed with close(), or when
        # this is dropped (a worker that swapped builds, a test's app), never left to the GC.
        self._close_files = weakref.finalize(self, self.searcher.close)
        self.reader = self.searcher.reader()
        names = set(self.searcher.schema.names())
        if not any(name.startswith("head_") for name in names):
            # A build of an older schema (title_fr, summary_fr…): built again, never searched.
            raise IndexCorrupt(f"{build.name}: an index of an older schema")
        self.languages = sorted({name.split("_", 1)[1] for name in names if name.startswith("body_")})
        vocabulary_path = build / "vocabulary.json"
        vocabulary = json.loads(vocabulary_path.read_text("utf-8")) if vocabulary_path.exists() else {}
        self._analyzers = {lang: self.searcher.schema[f"body_{lang}"].analyzer for lang in self.languages}
        self._analyzers.update(
            {
                f"roots_{lang}": self.searcher.schema[f"roots_{lang}"].analyzer
                for lang in self.languages
                if f"roots_{lang}" in names
            }
        )
        self.scripts = {lang: _script(lang) for lang in self.languages}
        self.speller = Speller(vocabulary, self.scripts, stem=self.stem)
        self._token_cache: dict[tuple[str, str], tuple[str, ...]] = {}

    def close(self) -> None:
        self._close_files()

    def warm(self) -> None:
        """Load stemmers, lemma dictionaries and spelling dictionaries before the first visitor."""
        for lang in self.languages:
            self.tokens(lang, "warm")
        self.speller.warm()

    def stem(self, lang: str, word: str) -> str | None:
        """The stem or lemma the index makes of one word ("" for none); None in languages
        searched by n-grams. Not cached: the speller asks once per word of the vocabulary."""
        if analysis_kind(lang) == "ngram" or lang not in self._analyzers:
            return None
        return next((token.text for token in self._analyzers[lang](word)), "")

    def tokens(self, lang: str, word: str) -> tuple[str, ...]:
        """The analysed tokens of one word (cached: snippets ask for the same words often)."""
        key = (lang, word)
        tokens = self._token_cache.get(key)
        if tokens is None:
            if len(self._token_cache) > 50_000:
                self._token_cache.clear()
            tokens = tuple(dict.fromkeys(token.text for token in self._analyzers[lang](word)))
            self._token_cache[key] = tokens
        return tokens


class Searcher:
    """Searches the live index and follows it when a new build is swapped in.

    A build whose files fail their checksums (or that Whoosh cannot read) is not searched:
    search answers "unavailable" and ``upkeep``, when given, builds the index again.
    """

    RESULT_CACHE_SIZE = 2000

    def __init__(self, index_dir: Path, upkeep: IndexUpkeep | None = None):
        self.index_dir = Path(index_dir)
        self.upkeep = upkeep
        self._lock = threading.Lock()
        self._target: str | None = None
        self._open: _OpenIndex | None = None
        self._broken: str | None = None  # the build found corrupt: not opened again
        self._verified_after_failure = -VERIFY_AFTER_FAILURE_SECONDS
        self._files_checked_at = time.monotonic()
        # Popular searches ("CPAS", "logement") answered again without Whoosh, per index build.
        self._results: OrderedDict = OrderedDict()

    def _current(self) -> _OpenIndex | None:
        try:
            target = os.readlink(self.index_dir / CURRENT)
        except OSError:
            target = None
        if target != self._target or self._open is None:
            self._close()
            build = current_build(self.index_dir)
            if build is not None and target != self._broken:
                try:
                    verify_build(build)
                    self._open = _OpenIndex(build)
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
            return os.readlink(self.index_dir / CURRENT)
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

    def _intact(self, opened: _OpenIndex, force: bool = False) -> bool:
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

    def _search(self, opened: _OpenIndex, words, lang, limit, synonyms) -> SearchOutcome:
        corrections = opened.speller.corrections(words, lang)
        own = lang if lang in opened.languages else None
        # Other languages are searched only when they are written in a script the query uses:
        # "housing" is looked for in English, French…, not in Pashto or Tigrinya.
        scripts = {script_of(word) for word in words} - {None}
        others = [code for code in opened.languages if code != own and (not scripts or opened.scripts[code] in scripts)]
        found: dict[str, Hit] = {}
        query_tokens: dict[str, set[str]] = {}
        for strict in (True, False):  # every word, else any word
            # The visitor's language first; the others (in one search) only when it has too few
            # hits to fill the page, which spares a search over a dozen languages' fields.
            for group in ([own], others) if own else (others,):
                if len(found) >= limit:
                    break
                queries = []
                for code in group:
                    slots = _meaningful(_slots(words, corrections, synonyms.get(code, ()), code), (code, lang))
                    query = self._language_query(opened, code, slots, strict, query_tokens, grams=code == own)
                    if query is not None:
                        queries.append(query)
                if not queries:
                    continue
                results = opened.searcher.search(queries[0] if len(queries) == 1 else Or(queries), limit=limit * 3)
                # (Indexing, not len() or list(): those count every match in the index.)
                for n in range(results.scored_length()):
                    result = results[n]
                    key = result["article"]
                    if key not in found and len(found) < limit:
                        found[key] = Hit(key, result["lang"], result.score, document=result.docnum)
            if found:
                break
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
                text = opened.searcher.stored_fields(hit.document).get("text", "")
                return _snippet(text, hit.lang, opened, outcome.query_tokens) if text else ""
            except Exception as error:  # noqa: BLE001 - a result without its snippet, never a 500
                log.error("snippet failed (%s)", type(error).__name__)
                return ""

    def _language_query(self, opened, lang, slots, strict, query_tokens, grams: bool):
        """And (strict) or Or of the slots, each an Or of its alternatives in ``lang``'s fields.

        Character n-grams are used only in the visitor's own language and script: elsewhere they
        would let any word meet any text that shares a few letters with it.
        """
        fields = text_fields(lang)
        ngram = analysis_kind(lang) == "ngram"
        script = opened.scripts[lang]
        slot_queries = []
        for slot in slots:
            alternatives = []
            for phrase in slot.alternatives:
                word_queries = []
                for word in phrase:
                    tokens = opened.tokens(lang, word)
                    if not tokens:
                        continue
                    if ngram and (not grams or script_of(word) not in (script, None)):
                        tokens = tokens[:1]  # the whole word, no grams
                    elif ngram:
                        tokens = (*tokens[:1], *_rarest_grams(opened.reader, fields, tokens[1:]))
                    query_tokens.setdefault(lang, set()).update(tokens[:1] if ngram else tokens)
                    # Only terms the index holds: most words exist in few languages' fields, and
                    # a query of absent terms still costs a matcher each.
                    terms = [
                        Term(f, t, boost=field_boost(f))
                        for f in fields
                        for t in (opened.tokens(f, word) if f.startswith("roots_") else tokens)
                        if (f, t) in opened.reader
                    ]
                    if not terms:
                        word_queries.append(None)
                        continue
                    # n-grams: half of a word's grams must meet, or every word would match.
                    minmatch = math.ceil(len(tokens) / 2) if ngram and len(tokens) > 2 else 0
                    word_queries.append(_any(terms, minmatch))
                if word_queries and None not in word_queries:  # every word of the phrase must exist
                    alternatives.append(word_queries[0] if len(word_queries) == 1 else And(word_queries))
            if alternatives:
                slot_queries.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
            elif strict:
                return None  # a word this language does not have: no document can hold them all
        if not slot_queries:
            return None
        if len(slot_queries) == 1:
            return slot_queries[0]
        return And(slot_queries) if strict else Or(slot_queries)


def _script(lang: str) -> str:
    try:
        return describe_language(lang).script
    except ValueError:
        return "Latn"


def _rarest_grams(reader, fields, grams, keep: int = MOST_GRAMS) -> list[str]:
    """The word's grams that fewest documents hold: they tell the word apart, and common grams
    ("aa", "an") would make Whoosh walk most of the index for every long word."""
    frequency = {gram: sum(reader.doc_frequency(field, gram) for field in fields) for gram in grams}
    present = [gram for gram in grams if frequency[gram]]
    return sorted(present, key=lambda gram: (frequency[gram], gram))[:keep]


def _any(terms, minmatch: int):
    """Or of terms; with ``minmatch``, of the grams of one word (counted per gram, not per field)."""
    if not minmatch:
        return Or(terms)
    by_token: dict[str, list] = {}
    for term in terms:
        by_token.setdefault(term.text, []).append(term)
    return Or([Or(group) for group in by_token.values()], minmatch=minmatch)


def _slots(words, corrections, synonym_groups, lang) -> list[_Slot]:
    """One slot per word (with its correction), then synonyms merged over the words they cover."""
    folded = [fold_word(word, lang) for word in words]
    slots = [_Slot([(word,)] + ([(corrections[word],)] if word in corrections else [])) for word in words]
    corrected = [fold_word(corrections.get(word, word), lang) for word in words]
    groups = _folded_groups(tuple(synonym_groups), lang)
    merged, position = [], 0
    while position < len(slots):
        match = _synonym_at(folded, corrected, position, groups)
        if match is None:
            merged.append(slots[position])
            position += 1
            continue
        length, group = match
        merged.append(_Slot([member for member in group if member]))
        position += length
    return merged


def _meaningful(slots, langs) -> list[_Slot]:
    """The slots without their alternatives made of stop words only (in the language searched
    or the visitor's): "not", or "becuase" corrected to "because", would match nearly any article
    by itself. A slot left with no alternative is left out."""

    def only_stop_words(phrase) -> bool:
        return all(any(is_stop_word(word, lang) for lang in langs) for word in phrase)

    kept = [_Slot([phrase for phrase in slot.alternatives if not only_stop_words(phrase)]) for slot in slots]
    return [slot for slot in kept if slot.alternatives]


@functools.lru_cache(maxsize=64)
def _folded_groups(synonym_groups: tuple, lang: str) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The synonym groups of a language, each member folded into its words: made once per
    content load (they were folded again for every language of every search)."""
    return tuple(
        tuple(tuple(fold_word(w, lang) for w in _WORD.findall(member)) for member in group) for group in synonym_groups
    )


def _synonym_at(folded, corrected, position, groups):
    """(number of words, group) for the longest synonym phrase starting at ``position``."""
    best = None
    for group in groups:
        for member in group:
            size = len(member)
            if not size or position + size > len(folded):
                continue
            for words in (folded, corrected):
                if tuple(words[position : position + size]) == member and (best is None or size > best[0]):
                    best = (size, group)
    return best


def _snippet(text: str, lang: str, opened: _OpenIndex, query_tokens: dict[str, set[str]]) -> str:
    """About SNIPPET_WORDS words around the first match, escaped, with matches in <mark>.

    Read in one pass that stops at the end of the window: the words after it are never
    analysed (analysing whole texts for one window was most of a search page's snippet cost).
    """
    wanted = query_tokens.get(lang, set())
    ngram = analysis_kind(lang) == "ngram"
    known: dict[str, bool] = {}  # a text repeats its words: each is analysed once here

    def matches(word: str) -> bool:
        found = known.get(word)
        if found is None:
            tokens = opened.tokens(lang, word)
            found = bool(tokens) and (tokens[0] in wanted if ngram else not wanted.isdisjoint(tokens))
            known[word] = found
        return found

    before = SNIPPET_WORDS // 3
    head: list[re.Match] = []  # the first words, shown when nothing matches
    window: deque[re.Match] = deque(maxlen=before + 1)  # until a match: the words before it and it
    marked: list[re.Match] = []
    skipped, matched, more = 0, False, False
    for word in _WORD.finditer(text[:4000]):
        if not matched:
            if len(head) < SNIPPET_WORDS:
                head.append(word)
            if len(window) == window.maxlen:
                skipped += 1
            window.append(word)
            if wanted and matches(word.group(0)):
                matched = True
                marked.append(word)
                window = list(window)
            continue
        if len(window) == SNIPPET_WORDS:
            more = True
            break
        window.append(word)
        if matches(word.group(0)):
            marked.append(word)
    if not matched:
        more = skipped + len(window) > len(head)
        window, skipped = head, 0
    if not window:
        return ""
    start, end = window[0].start(), window[-1].end()
    pieces, cursor = [], start
    for word in marked:
        pieces.append(html.escape(text[cursor : word.start()]))
        pieces.append(f"<mark>{html.escape(word.group(0))}</mark>")
        cursor = word.end()
    pieces.append(html.escape(text[cursor:end]))
    return ("… " if skipped else "") + "".join(pieces) + (" …" if more else "")


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
