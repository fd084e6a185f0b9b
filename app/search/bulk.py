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

from collections import Counter, defaultdict, deque
from itertools import chain, repeat

from whoosh.analysis import CompositeAnalyzer, RegexTokenizer
from whoosh.formats import Frequency
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .postings import write_field
from .schema import PART_SEPARATOR, PartsAnalyzer

_exhaust = deque(maxlen=0).extend  # runs an iterator of calls at C speed


class _Terms(dict):
    """{word: its terms}, each word analysed when first met (a miss costs nothing per hit)."""

    __slots__ = ("analyzer",)

    def __init__(self, analyzer):
        super().__init__()
        self.analyzer = analyzer

    def __missing__(self, word: str) -> tuple[bytes, ...]:
        terms = self[word] = tuple(token.text.encode("utf-8") for token in self.analyzer(word, mode="index"))
        return terms


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
        self.terms = _Terms(analyzer)
        items = analyzer.items if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
        tokenizer = items[0]
        self.supported = isinstance(tokenizer, RegexTokenizer) and not tokenizer.gaps
        self.findall = tokenizer.expression.findall if self.supported else None

    def count(self, value: str) -> tuple[Counter, dict[bytes, float] | None]:
        """{term: frequency} and {term: summed weight} (None: each weight is its frequency, the
        weight of a token being 1.0), as Whoosh's Frequency format makes them from the
        analyzer's tokens. Weights are sums of a part's weight (6.0, 4.0, 2.5, 2.0) over few
        tokens: exact in any order, as products are."""
        terms_of = self.terms.__getitem__
        if self.weights is None or PART_SEPARATOR not in value:
            return Counter(chain.from_iterable(map(terms_of, self.findall(value)))), None
        freqs: Counter = Counter()
        weights: dict[bytes, float] = {}
        for weight, part in zip(self.weights, value.split(PART_SEPARATOR), strict=False):
            counted = Counter(chain.from_iterable(map(terms_of, self.findall(part))))
            freqs.update(counted)
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
        # field: {term: [docnum, frequency(, weight), docnum, …]}, a posting a few items of a list
        # (appended at C speed, a document's terms at once); weights only in weighed fields.
        self._postings: dict[str, defaultdict[bytes, list]] = {}
        self._strides: dict[str, int] = {}
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
                    weighed = analysis.weights is not None
                    self._add_postings(fieldname, docnum, freqs, weights if weighed else None, weighed)
                else:  # a key or an identifier: one term, as Whoosh indexes it
                    items = [(term, freq, weight) for term, freq, weight, _ in field.index(value)]
                    freqs = {term: freq for term, freq, _ in items}
                    self._add_postings(fieldname, docnum, freqs, {term: w for term, _, w in items}, True)
                    length = sum(freqs.values()) if field.scorable else 0
                if length:
                    self._lengths.setdefault(fieldname, {})[docnum] = byte_to_length(length_to_byte(length))
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_postings(self, fieldname: str, docnum: int, freqs: dict, weights: dict | None, weighed: bool) -> None:
        """Append (docnum, frequency[, weight]) to each term's list. ``weighed``: the field
        keeps weights (None here: each is its frequency)."""
        terms = self._postings.get(fieldname)
        if terms is None:
            terms = self._postings[fieldname] = defaultdict(list)
            self._strides[fieldname] = 3 if weighed else 2
        columns = [repeat(docnum), freqs.values()]
        if weighed:
            columns.append(freqs.values() if weights is None else map(weights.__getitem__, freqs))
        postings = zip(*columns, strict=False)  # tuples zip reuses: extend keeps none
        _exhaust(map(list.extend, map(terms.__getitem__, freqs), postings))

    def _flush_segment(self):
        self.perdocwriter.close()
        writer = self.fieldwriter
        for fieldname in sorted(self._postings):
            lengths = self._lengths.get(fieldname, {})
            field = self.schema[fieldname]
            write_field(writer, fieldname, field, self._postings[fieldname], self._strides[fieldname], lengths)
        writer.close()
