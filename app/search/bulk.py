"""A whole build's documents written as one new Whoosh segment, with far less Python per posting.

Whoosh's own writer (SegmentWriter) analyses every word of every document through its chain of
filters, sends each posting through a sorting pool that pickles runs of them to temporary files
and merges them back, then reads each document's field length back from disk for every posting.
On the 24,000-document benchmark corpus that was most of a 77 s build (cProfile: pickling the
runs and merging them ~40 %, analysis ~20 %, length look-ups ~15 %).

This writer makes the same segment (same terms, postings, weights, lengths, stored fields) with
Whoosh's own codec, but

- analyses each distinct word once per field: every analyzer of the schema is a tokenizer
  followed by filters that look at one token at a time, so a word always gives the same terms,
  and a corpus repeats its words massively;
- keeps the postings in memory, per field and term, in compact arrays (no pool, no runs);
- hands them to the codec's postings writer a block at a time.

Only whole builds use it; a publication's few changed documents go through Whoosh's writer.
tests/test_search_bulk.py checks that both writers make the same index.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from itertools import chain

from whoosh.analysis import CompositeAnalyzer, RegexTokenizer
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.formats import Frequency
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .schema import PART_SEPARATOR, PartsAnalyzer

# Encoded frequencies (Whoosh's Frequency format stores each posting's as an unsigned int).
_PACKED = [pack_uint(n) for n in range(256)]


class _Postings(array):
    """One term's postings in one field, in the order documents were added: docnum, weight and
    frequency after each other, one append per posting (docnums and frequencies are exact as
    doubles; weights are held as Whoosh's pool holds them, the codec stores float32)."""

    __slots__ = ()

    def __new__(cls):
        return super().__new__(cls, "d")


class _WordAnalysis:
    """A field's analysis split into its tokenizer's words and each word's terms (cached).

    ``weights``: for a head field, the weight PartsAnalyzer gives the tokens of each part.
    ``supported``: False when the analyzer does not start with a regular-expression tokenizer
    (the writer then lets Whoosh analyse the field).
    """

    def __init__(self, analyzer):
        self.weights = None
        if isinstance(analyzer, PartsAnalyzer):
            self.weights = analyzer.weights
            analyzer = analyzer.analyzer
        self.analyzer = analyzer
        self.terms: dict[str, tuple[bytes, ...]] = {}
        items = analyzer.items if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
        tokenizer = items[0]
        self.supported = isinstance(tokenizer, RegexTokenizer) and not tokenizer.gaps
        self.findall = tokenizer.expression.findall if self.supported else None

    def count(self, value: str) -> tuple[Counter, dict[bytes, float] | None]:
        """{term: frequency} and {term: summed weight} (None: each weight is its frequency, the
        weight of a token being 1.0), as Whoosh's Frequency format makes them from the
        analyzer's tokens. Weights are sums of a part's weight (6.0, 4.0, 2.5, 2.0) over few
        tokens: exact in any order, as products are."""
        if self.weights is not None and PART_SEPARATOR in value:
            parts = zip(self.weights, value.split(PART_SEPARATOR), strict=False)
        else:
            parts = ((1.0, value),)
        cached = self.terms
        freqs: Counter = Counter()
        weights: dict[bytes, float] | None = None
        for weight, part in parts:
            words = self.findall(part)
            for word in set(words).difference(cached):
                cached[word] = tuple(token.text.encode("utf-8") for token in self.analyzer(word, mode="index"))
            counted = Counter(chain.from_iterable(map(cached.__getitem__, words)))
            freqs.update(counted)
            if weight != 1.0 or weights is not None:
                weights = weights if weights is not None else dict.fromkeys(freqs.keys() - counted.keys(), 0.0)
                for term, freq in counted.items():
                    weights[term] = weights.get(term, 0.0) + weight * freq
        return freqs, weights


class _MemoryPool:
    """Stands in for Whoosh's PostingPool: nothing to sort or clean up."""

    def cleanup(self):
        pass


class BulkWriter(SegmentWriter):
    """A SegmentWriter for a new index's documents, added once each (no updates, no deletions)."""

    def __init__(self, index, **kwargs):
        super().__init__(index, **kwargs)
        self.pool = _MemoryPool()
        self._postings: dict[str, defaultdict[bytes, _Postings]] = {}
        self._lengths: dict[str, dict[int, int]] = {}  # field: {docnum: length as the codec stores it}
        self._analyses: dict[str, _WordAnalysis | None] = {}

    def _analysis(self, fieldname: str, field) -> _WordAnalysis | None:
        if fieldname not in self._analyses:
            analysis = None
            if type(field.format) is Frequency and field.scorable and not field.vector and field.analyzer:
                analysis = _WordAnalysis(field.analyzer)
                analysis = analysis if analysis.supported else None
            self._analyses[fieldname] = analysis
        return self._analyses[fieldname]

    def add_document(self, **fields):
        self._check_state()
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, fieldnames)
        if any(name.startswith("_") for name in fields):
            raise ValueError("the bulk writer takes no boosts or custom stored values")
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = self.schema[fieldname]
            length = 0
            if field.indexed:
                analysis = self._analysis(fieldname, field)
                if analysis is not None:
                    freqs, weights = analysis.count(value)
                    length = freqs.total()
                    self._add_postings(fieldname, docnum, freqs, weights)
                else:  # a key or an identifier: one term, as Whoosh indexes it
                    items = [(term, freq, weight) for term, freq, weight, _ in field.index(value)]
                    self._add_postings(fieldname, docnum, {t: f for t, f, _ in items}, {t: w for t, _, w in items})
                    length = sum(freq for _, freq, _ in items) if field.scorable else 0
                if length:
                    self._lengths.setdefault(fieldname, {})[docnum] = byte_to_length(length_to_byte(length))
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_postings(self, fieldname: str, docnum: int, freqs, weights) -> None:
        terms = self._postings.get(fieldname)
        if terms is None:
            terms = self._postings[fieldname] = defaultdict(_Postings)
        if weights is None:
            for term, freq in freqs.items():
                terms[term].extend((docnum, freq, freq))
        else:
            for term, freq in freqs.items():
                terms[term].extend((docnum, weights[term], freq))

    def _flush_segment(self):
        self.perdocwriter.close()
        writer = self.fieldwriter
        for fieldname in sorted(self._postings):
            writer.start_field(fieldname, self.schema[fieldname])
            lengths = self._lengths.get(fieldname, {})
            terms = self._postings[fieldname]
            for term in sorted(terms):
                writer.start_term(term)
                _write_postings(writer._postwriter, terms[term], lengths)
                writer.finish_term()
            writer.finish_field()
        writer.close()


def _write_postings(postwriter: W3PostingsWriter, postings: _Postings, lengths: dict[int, int]) -> None:
    """Fill the codec's block buffer a block at a time, as add_posting would one posting at a time
    (in a scored field, a document holding a term has a length: no zero lengths here)."""
    limit = postwriter._blocklimit
    all_docs = array("I", map(int, postings[0::3]))
    all_weights = postings[1::3]
    all_freqs = list(map(int, postings[2::3]))
    packed = _PACKED.__getitem__ if max(all_freqs) < len(_PACKED) else pack_uint
    for start in range(0, len(all_docs), limit):
        if start:
            postwriter._write_block()
        docs = all_docs[start : start + limit]
        weights = all_weights[start : start + limit]
        doc_lengths = list(map(lengths.__getitem__, docs)) if lengths else ()  # () : not scorable
        postwriter._ids = docs
        postwriter._weights = array("f", weights)
        postwriter._values = list(map(packed, all_freqs[start : start + limit]))
        postwriter._minlength = min(doc_lengths, default=None)
        postwriter._maxlength = max(doc_lengths, default=0)
        postwriter._maxweight = max(0, max(weights))
