"""One index build, opened for searching: its Whoosh searcher, its languages, their analysers
and spelling dictionaries. No Flask."""

from __future__ import annotations

import json
import weakref
from array import array
from collections import OrderedDict
from pathlib import Path

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, W3TermsReader, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound

from ..languages import describe_language
from .analysis import analysis_kind
from .builds import IndexCorrupt, file_signature
from .kept import kept
from .small_queries import QueryTooBroad, TermScores, top_documents
from .snippet import AnalysedText, analyse_text
from .spelling import Speller

# Documents whose analysed text is kept for snippets (the most recently shown): a search page
# shows about eight, and popular articles come back in most searches.
ANALYSED_DOCUMENTS = 2000
# Term entries remembered per segment: a query asks for the same few thousand words often.
KNOWN_TERMS = 200_000
# Words' analysed tokens kept per build; emptied when full.
KEPT_TOKENS = 50_000
# Postings kept in memory per segment (a document number, a weight and a 4-byte value each:
# some 90 bytes with Python's objects), of terms found in at most SHORT_POSTINGS documents:
# nearly every word of a query on the shipped content, and the rare words of a large one.
# 20,000 distinct searches of the shipped content keep 14,000 (1.3 MB); at most some 9 MB.
SHORT_POSTINGS = 1024
KEPT_POSTINGS = 100_000


class OpenBuild:
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
        _field_lengths_in_memory(self.reader)
        _terms_remembered(self.reader)
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
        self.word_queries: dict[tuple, tuple] = {}  # (language, word, grams) -> terms.py's query
        self._hit_keys: dict[int, tuple[str, str]] = {}  # document -> (article, language)
        self._analysed: OrderedDict[int, AnalysedText] = OrderedDict()
        self._term_scores = TermScores()

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

    def has_term(self, field: str, token: str) -> bool:
        """Whether the index holds ``token`` in ``field`` (each segment remembers its terms'
        entries: see _RememberedTerms)."""
        return (field, token) in self.reader

    def top_documents(self, query, limit: int) -> list[tuple[int, float]]:
        """(document, score) of the best ``limit`` documents, best first, as Whoosh's search ranks
        them: a query that meets few documents without Whoosh's matcher trees (small_queries.py)."""
        try:
            return top_documents(query, self.searcher, self._term_scores, limit)
        except QueryTooBroad:
            return list(self.searcher.search(query, limit=limit).items())

    def hit_key(self, document: int) -> tuple[str, str]:
        """(article, language) of a document, without reading its whole stored text each time."""
        key = self._hit_keys.get(document)
        if key is None:
            stored = self.searcher.stored_fields(document)
            key = self._hit_keys[document] = (stored["article"], stored["lang"])
        return key

    def analysed_text(self, document: int, lang: str) -> AnalysedText | None:
        """The document's stored text, analysed for snippets (kept for the documents shown most)."""
        analysed = self._analysed.get(document)
        if analysed is not None:
            self._analysed.move_to_end(document)
            return analysed
        text = self.searcher.stored_fields(document).get("text", "")
        if not text:
            return None
        analysed = self._analysed[document] = analyse_text(text, lang, self)
        if len(self._analysed) > ANALYSED_DOCUMENTS:
            self._analysed.popitem(last=False)
        return analysed

    def tokens(self, lang: str, word: str) -> tuple[str, ...]:
        """The analysed tokens of one word (cached: snippets ask for the same words often)."""
        make = lambda: tuple(dict.fromkeys(token.text for token in self._analyzers[lang](word)))  # noqa: E731
        return kept(self._token_cache, (lang, word), make, KEPT_TOKENS)


def _field_lengths_in_memory(reader) -> None:
    """Each segment's field lengths read once into memory, instead of one byte from the file for
    every document scored: BM25F asks for the length of every matching document's field, and
    those reads were a third of a broad search's time (a query matching a thousand documents of
    a 24,000-document index). One byte per document and text field.

    Whoosh keeps a segment's length columns in ``W3PerDocReader._readers`` and indexes them by
    document number; a bytes object answers that indexing the same way (Whoosh is pinned by the
    lock, and tests/test_search_index.py checks the scores are those Whoosh computes itself).
    """
    for leaf, _base in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if not isinstance(perdoc, W3PerDocReader):
            continue  # another codec: its lengths are read as Whoosh reads them
        documents = perdoc.doc_count_all()
        for name, field in leaf.schema.items():
            if not field.scorable:
                continue
            column = perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
            if column is None:
                continue
            stored = column._count  # documents past the last non-zero length are not written
            lengths = column._dbfile.get(column._basepos, stored) if stored else b""
            perdoc._readers[_lenfield(name)] = lengths + bytes(max(0, documents - stored))


class _RememberedTerms:
    """A segment's term table, each term's entry read from the file once.

    Building a query's matchers looks a term up five times (is it there, its document frequency
    for ordering the query, its entry for the matcher, twice more for the scorer's statistics),
    each a walk of the on-disk hash table: most of a search's time on the shipped content. The
    entries (W3TermInfo: statistics and where the postings are) are only read by Whoosh, never
    changed, so one object serves every look-up. Everything else goes to the table itself.
    """

    def __init__(self, terms: W3TermsReader):
        self._terms = terms
        self._entries: dict[tuple[str, bytes], object] = {}
        self._postings: dict[tuple[str, bytes], tuple] = {}
        self._kept_postings = 0

    def __getattr__(self, name):
        return getattr(self._terms, name)

    def _entry(self, fieldname: str, tbytes: bytes):
        key = (fieldname, tbytes)
        try:
            return self._entries[key]
        except KeyError:
            pass
        if len(self._entries) >= KNOWN_TERMS:
            self._entries.clear()
        try:
            entry = self._terms.term_info(fieldname, tbytes)
        except TermNotFound:
            entry = None
        self._entries[key] = entry
        return entry

    def __contains__(self, term) -> bool:
        return self._entry(*term) is not None

    def term_info(self, fieldname, tbytes):
        entry = self._entry(fieldname, tbytes)
        if entry is None:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return entry

    def frequency(self, fieldname, tbytes):
        entry = self._entry(fieldname, tbytes)
        if entry is None:
            raise KeyError(tbytes)  # as the table does: the segment reader answers 0
        return entry.weight()

    def doc_frequency(self, fieldname, tbytes):
        entry = self._entry(fieldname, tbytes)
        if entry is None:
            raise KeyError(tbytes)
        return entry.doc_frequency()

    def matcher(self, fieldname, tbytes, format_, scorer=None):
        terms = self._terms
        entry = self.term_info(fieldname, tbytes)
        key = (fieldname, tbytes)
        postings = self._postings.get(key)
        if postings is None:
            matcher = terms._codec.postings_reader(terms._postfile, entry, format_, term=key, scorer=scorer)
            if entry.is_inlined() or entry.doc_frequency() > SHORT_POSTINGS:
                return matcher
            postings = self._keep(key, matcher)
        ids, weights, values, top_weight = postings
        return _KeptPostings(ids, weights, values, format_, scorer=scorer, term=key, terminfo=entry, top=top_weight)

    def _keep(self, key, matcher) -> tuple:
        """The term's postings read once, as Whoosh reads them, into memory."""
        ids, weights, values = array("i"), array("f"), []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
            matcher.next()
        if self._kept_postings + len(ids) > KEPT_POSTINGS:
            self._postings.clear()
            self._kept_postings = 0
        postings = self._postings[key] = (ids, weights, tuple(values), max(weights, default=0.0))
        self._kept_postings += len(ids)
        return postings


class _KeptPostings(ListMatcher):
    """Whoosh's matcher of postings in memory (as for postings inlined in a term's entry), its
    whole list one block whose greatest weight is known beforehand."""

    def __init__(self, *args, top: float, **kwargs):
        super().__init__(*args, **kwargs)
        self._top_weight = top

    def block_max_weight(self):
        return self._top_weight


def _terms_remembered(reader) -> None:
    """Every segment reads its term table through _RememberedTerms (Whoosh's own codec only)."""
    for leaf, _base in reader.leaf_readers():
        if isinstance(getattr(leaf, "_terms", None), W3TermsReader):
            leaf._terms = _RememberedTerms(leaf._terms)


def _script(lang: str) -> str:
    try:
        return describe_language(lang).script
    except ValueError:
        return "Latn"
